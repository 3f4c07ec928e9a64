import { setRequestClock } from '../../src/http/request-context.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/**
 * Product rule 6 (v2): a caseworker sees a person while assigned to one of their open cases, while holding
 * a deputy grant, for a grace period after closure, and as the registering caseworker until a case is
 * assigned — decided on the folded streams, so each change takes effect for the very next request.
 */
const registrar: Caller = { role: 'caseworker', sub: 'cw-ntk-reg' };
const first: Caller = { role: 'caseworker', sub: 'cw-ntk-1' };
const second: Caller = { role: 'caseworker', sub: 'cw-ntk-2' };
const deputy: Caller = { role: 'caseworker', sub: 'cw-ntk-dep' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-ntk' };

const person = {
  givenName: 'Nour',
  familyName: 'Haddad',
  dateOfBirth: '1994-03-02',
  nationality: 'SY',
  municipality: 'Ratingen',
  languages: ['ar'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
};
const consent = {
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  evidence: { kind: 'signed-form', reference: 'KI-NTK-1' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
};
const transfer = (personId: string) => ({
  personId,
  toAgency: 'JOBCENTER_IP',
  dataCategories: ['identity'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
});

let now = new Date('2026-11-02T09:00:00.000Z');
const at = (iso: string) => (now = new Date(iso));

describe('need to know, for as long as the need lasts', () => {
  let app: TestApp;
  let personId: string;
  let caseId: string;
  const reads = (caller: Caller) => app.request(caller, 'GET', `/persons/${personId}`);

  beforeAll(async () => {
    setRequestClock({ now: () => now });
    app = await TestApp.start();
    await app.registerStaff([first.sub, second.sub, deputy.sub]);
    personId = (await app.request(registrar, 'POST', '/persons', person)).body.personId;
    expect((await app.request(registrar, 'POST', `/persons/${personId}/consents`, consent)).status).toBe(201);
    caseId = (await app.request(registrar, 'POST', '/cases', { personId, municipality: 'Ratingen' })).body.caseId;
  });
  afterAll(async () => {
    await app.stop();
    setRequestClock({ now: () => new Date() });
  });

  describe('when the person is registered and the case not yet assigned', () => {
    it('lets the registering caseworker read and work, and nobody else', async () => {
      expect((await reads(registrar)).status).toBe(200);
      expect((await reads(first)).status).toBe(403);
    });
  });

  describe('when the team lead assigns the case', () => {
    beforeAll(async () => {
      const assigned = await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: first.sub });
      expect(assigned.status).toBe(200);
    });

    it('gives the assignee access and ends the registrar’s with the very next request', async () => {
      expect((await reads(first)).status).toBe(200);
      expect((await reads(registrar)).status).toBe(403);
    });

    it('refuses the registrar a transfer and a new case for the person', async () => {
      expect((await app.request(registrar, 'POST', '/transfers', transfer(personId))).status).toBe(403);
      expect((await app.request(registrar, 'POST', '/cases', { personId, municipality: 'Ratingen' })).status).toBe(403);
    });

    it('logs each read with the ground it rests on', async () => {
      await app.request(first, 'GET', `/persons/${personId}`, undefined, { 'x-correlation-id': 'ntk-ground-0001' });
      const [logged] = await app.eventStore.readStream('access-ntk-ground-0001');
      expect(logged?.data).toMatchObject({ personIds: [personId], grounds: { [personId]: 'assigned' } });
    });
  });

  describe('when the case is reassigned', () => {
    beforeAll(async () => {
      expect(
        (await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: second.sub })).status,
      ).toBe(200);
    });

    it('ends the previous assignee’s access at once: no read, no transfer, no action', async () => {
      expect((await reads(first)).status).toBe(403);
      expect((await app.request(first, 'POST', '/transfers', transfer(personId))).status).toBe(403);
      const action = { type: 'counselling', occurredAt: '2026-11-02', summary: 'nach der Übergabe' };
      expect((await app.request(first, 'POST', `/cases/${caseId}/actions`, action)).status).toBe(403);
      expect((await reads(second)).status).toBe(200);
    });

    it('records the refusals with the real actor', async () => {
      const denied = (await app.allEvents()).filter((e) => e.type === 'AccessDenied').map((e) => e.metadata.actor.sub);
      expect(denied).toContain(first.sub);
      expect(denied).not.toContain('anonymous');
    });
  });

  describe('when a team lead grants a deputy until a date', () => {
    it('lets the deputy read and work until that day, and not a day longer', async () => {
      expect((await reads(deputy)).status).toBe(403);
      const grant = await app.request(teamLead, 'POST', '/deputy-grants', {
        caseworkerId: deputy.sub,
        caseId,
        until: '2026-11-20',
        reason: 'Urlaubsvertretung',
      });
      expect(grant.status).toBe(201);
      expect(grant.body).toMatchObject({ personId, caseId, caseworkerId: deputy.sub, until: '2026-11-20' });
      expect((await reads(deputy)).status).toBe(200);
      const action = { type: 'counselling', occurredAt: '2026-11-02', summary: 'Vertretung' };
      expect((await app.request(deputy, 'POST', `/cases/${caseId}/actions`, action)).status).toBe(201);
      at('2026-11-20T21:00:00.000Z'); // 22:00 in Germany: still the last day
      expect((await reads(deputy)).status).toBe(200);
      const inForce = await app.request(teamLead, 'GET', '/deputy-grants');
      expect(inForce.status).toBe(200);
      expect(inForce.body.items).toEqual([
        expect.objectContaining({ grantId: grant.body.grantId, personId, caseId, caseworkerId: deputy.sub }),
      ]);
      // The reason may describe the person: it stays sealed in the log, not in the team lead's list.
      expect(JSON.stringify(inForce.body)).not.toContain('Urlaubsvertretung');
      at('2026-11-21T08:00:00.000Z');
      expect((await reads(deputy)).status).toBe(403);
      expect((await app.request(teamLead, 'GET', '/deputy-grants')).body.items).toEqual([]);
    });

    it('refuses an open-ended grant and a caseworker outside the staff register', async () => {
      const tooLong = await app.request(teamLead, 'POST', '/deputy-grants', {
        caseworkerId: deputy.sub,
        personId,
        until: '2027-12-31',
        reason: 'Dauervertretung',
      });
      expect(tooLong.status).toBe(400);
      const unknown = await app.request(teamLead, 'POST', '/deputy-grants', {
        caseworkerId: 'cw-nobody',
        personId,
        until: '2026-12-01',
        reason: 'Vertretung',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.reasons).toEqual(['caseworker-not-in-staff-register']);
    });
  });

  describe('when the case is closed', () => {
    beforeAll(async () => {
      at('2026-11-23T09:00:00.000Z');
      expect((await app.request(second, 'POST', `/cases/${caseId}/close`, { reason: 'moved-away' })).status).toBe(200);
    });

    it('lets the last assignee read for the grace period (30 days), then no more', async () => {
      at('2026-12-23T09:00:00.000Z');
      expect((await reads(second)).status).toBe(200);
      expect((await app.request(second, 'GET', `/cases/${caseId}`)).status).toBe(200);
      at('2026-12-24T09:00:00.000Z');
      expect((await reads(second)).status).toBe(403);
      expect((await app.request(second, 'GET', `/cases/${caseId}`)).status).toBe(403);
    });
  });
});
