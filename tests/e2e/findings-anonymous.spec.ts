import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-findings-anon' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-findings-anon' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-findings-anon' };
const committee: Caller = { role: 'committee', sub: 'com-findings-anon' };

const person = (givenName: string, familyName: string) => ({
  givenName,
  familyName,
  dateOfBirth: '1979-09-09',
  nationality: 'RU',
  municipality: 'Ratingen',
  languages: ['ru'],
  residenceStatus: '§ 25 AufenthG',
  participation: PARTICIPATION,
});
const finding = (description: string) => ({
  topic: 'waiting-times',
  title: 'Terminvergabe über zehn Wochen',
  description,
  agencies: ['AUSLAENDERBEHOERDE'],
  municipalities: ['Ratingen'],
  caseCount: 7,
});

/** Issue 15 item 8: structural findings never name a registered person, and lose a name on erasure. */
describe('findings stay anonymous', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('refuses free text with a registered person’s name, with a clear German message', async () => {
    expect((await app.request(caseworker, 'POST', '/persons', person('Ivan', 'Petrov'))).status).toBe(201);
    const response = await app.request(
      caseworker,
      'POST',
      '/findings',
      finding('Herr Ivan Petrov in Ratingen wartet seit zwölf Wochen auf einen Termin.'),
    );
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([
      expect.objectContaining({
        field: 'description',
        messageDe: expect.stringContaining('Namen einer erfassten Person'),
      }),
    ]);
    const anonymous = await app.request(
      caseworker,
      'POST',
      '/findings',
      finding('Mehrere Personen in Ratingen warten über zehn Wochen.'),
    );
    expect(anonymous.status).toBe(201);
  });

  it('removes an erased person’s name from a finding that slipped through before they were registered', async () => {
    const slipped = await app.request(
      caseworker,
      'POST',
      '/findings',
      finding('Frau Swetlana Sokolowskaja wartet seit Monaten auf einen Termin.'),
    );
    expect(slipped.status).toBe(201);
    const personId = (await app.request(caseworker, 'POST', '/persons', person('Swetlana', 'Sokolowskaja'))).body
      .personId;
    const requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/erasure`, {
      reason: 'Antrag',
    });
    const approved = await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {});
    expect(approved.status).toBe(200);
    // The findings read model follows the log asynchronously: wait (bounded) for the redaction.
    let list = await app.request(committee, 'GET', '/findings');
    for (let i = 0; i < 40 && list.text.includes('Sokolowskaja'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      list = await app.request(committee, 'GET', '/findings');
    }
    expect(list.text).not.toContain('Sokolowskaja');
    expect(list.text).not.toContain('Swetlana');
    expect(list.body.items.find((f: { findingId: string }) => f.findingId === slipped.body.findingId)).toMatchObject({
      description: 'Frau [entfernt] [entfernt] wartet seit Monaten auf einen Termin.',
    });
    // The name is gone from the index too: a finding with it is no longer refused.
    const again = await app.request(
      caseworker,
      'POST',
      '/findings',
      finding('Thema Sokolowskaja-Straße: Termine fehlen.'),
    );
    expect(again.status).toBe(201);
  });
});
