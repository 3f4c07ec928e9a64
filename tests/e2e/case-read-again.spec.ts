import { todayInGermany } from '../support/calendar.js';
import { PARTICIPATION } from '../support/builders.js';
import { TestApp, type Caller } from '../support/test-app.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-again' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-again' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-again' };

interface CaseAnswer {
  status: string;
  timeline: { type: string; summary?: string }[];
}

/**
 * A case read again while its stream has no newer event is answered from the sealed page the gate kept
 * (issue 19). These specs hold it to what a fresh read would answer: every change shows at once, every read is
 * still decided and logged, and restriction and erasure (which happen on the person's stream, not the case's)
 * still end the reads.
 */
describe('reading a case again', () => {
  let app: TestApp;
  let personId: string;
  let caseId: string;
  const read = (caller: Caller = caseworker) => app.request(caller, 'GET', `/cases/${caseId}`);
  const accesses = async () => (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
  const record = async (summary: string) => {
    const recorded = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: todayInGermany(),
      summary,
      agencies: [],
    });
    expect(recorded.status).toBe(201);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub]);
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Mariam',
        familyName: 'Tesfaye',
        dateOfBirth: '1991-03-14',
        nationality: 'ER',
        municipality: 'Mettmann',
        languages: ['ti'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      })
    ).body.personId;
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Mettmann' })).body.caseId;
    await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
    await record('Erstgespräch mit Dolmetscherin');
  });
  afterAll(() => app.stop());

  it('answers the same page each time, and logs each read', async () => {
    const before = await accesses();
    const [first, second, third] = [await read(), await read(), await read()];
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect((first.body as CaseAnswer).timeline.at(-1)!.summary).toBe('Erstgespräch mit Dolmetscherin');
    expect((await accesses()) - before).toBe(3);
  });

  it('shows an action recorded since the last read at once', async () => {
    await read();
    await record('Anmeldung Integrationskurs besprochen');
    const after = (await read()).body as CaseAnswer;
    expect(after.timeline.map((e) => e.summary).filter(Boolean)).toEqual([
      'Erstgespräch mit Dolmetscherin',
      'Anmeldung Integrationskurs besprochen',
    ]);
  });

  it('shows the case closed once it is closed', async () => {
    await read();
    const closed = await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' });
    expect(closed.status).toBe(200);
    expect(((await read()).body as CaseAnswer).status).toBe('closed');
  });

  it('refuses the caseworker once the person is restricted, though the case stream did not change', async () => {
    expect((await read()).status).toBe(200);
    const restricted = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/restrict`, {
      reason: 'Richtigkeit bestritten',
    });
    expect(restricted.status).toBe(200);
    const refused = await read();
    expect(refused.status).toBe(403);
    expect(refused.body.reasons).toEqual(['person-restricted']);
    // The privacy officer still reads it (rule 7), in the clear while the person is not erased.
    const officers = await read(privacyOfficer);
    expect(officers.status).toBe(200);
    expect((officers.body as CaseAnswer).timeline.map((e) => e.summary).filter(Boolean)).toContain(
      'Erstgespräch mit Dolmetscherin',
    );
  });

  it('serves no summary once the person is erased, to the privacy officer either', async () => {
    const requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/erasure`, {
      reason: 'Antrag der betroffenen Person',
    });
    expect(requested.status).toBe(202);
    const approved = await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {});
    expect(approved.status).toBe(200);
    expect((await read()).status).toBe(410);
    const officers = await read(privacyOfficer);
    expect(officers.status).toBe(200);
    expect(JSON.stringify(officers.body)).not.toContain('Erstgespräch');
    expect(JSON.stringify(officers.body)).not.toContain('Integrationskurs');
  });
});
