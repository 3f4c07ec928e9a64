import { todayInGermany } from '../support/calendar.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

/** Rules 3, 6, 7, 8, 11 on the command side, whoever asks (issue 12, items 3 and 5). */
const caseworker: Caller = { role: 'caseworker', sub: 'cw-rules' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-rules' };
const jobcenter: Caller = { role: 'agency_officer', sub: 'ao-rules', agency: 'JOBCENTER_IP' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-rules' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-rules' };
const committee: Caller = { role: 'committee', sub: 'com-rules' };

const person = (familyName: string) => ({
  givenName: 'Regel',
  familyName,
  dateOfBirth: '1979-09-09',
  nationality: 'IQ',
  municipality: 'Hilden',
  languages: ['ar'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
});
const consent = (recipients: string[]) => ({
  recipients,
  dataCategories: ['identity'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  evidence: { kind: 'signed-form', reference: 'KI-RULES' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
});
const transfer = (personId: string, toAgency = 'JOBCENTER_IP', caseId?: string) => ({
  personId,
  toAgency,
  dataCategories: ['identity'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
  ...(caseId ? { caseId } : {}),
});

describe('rules that bind every role', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub]);
  });
  afterAll(() => app.stop());

  const registered = async (name: string) => {
    const personId = (await app.request(caseworker, 'POST', '/persons', person(name))).body.personId as string;
    const caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Hilden' })).body
      .caseId as string;
    return { personId, caseId };
  };

  describe('when a person is restricted (Art. 18 DSGVO)', () => {
    let personId: string;
    let caseId: string;
    let transferId: string;

    beforeAll(async () => {
      ({ personId, caseId } = await registered('Eingeschränkt'));
      await app.request(caseworker, 'POST', `/persons/${personId}/consents`, consent(['JOBCENTER_IP']));
      transferId = (await app.request(caseworker, 'POST', '/transfers', transfer(personId))).body.transferId;
      expect(
        (
          await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/restrict`, {
            reason: 'Richtigkeit bestritten',
          })
        ).status,
      ).toBe(200);
    });

    it('refuses the team lead the case notes, a new case and the assignment', async () => {
      expect((await app.request(teamLead, 'GET', `/cases/${caseId}`)).status).toBe(403);
      const opened = await app.request(teamLead, 'POST', '/cases', { personId, municipality: 'Hilden' });
      expect([opened.status, opened.body.reasons]).toEqual([422, ['person-restricted']]);
      const assigned = await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
      expect([assigned.status, assigned.body.reasons]).toEqual([422, ['person-restricted']]);
    });

    it('refuses the recipient agency the receipt and hides the transfer from its list', async () => {
      const ack = await app.request(jobcenter, 'POST', `/transfers/${transferId}/acknowledge`);
      expect([ack.status, ack.body.reasons]).toEqual([422, ['person-restricted']]);
      const listed = await app.request(jobcenter, 'GET', '/transfers');
      expect(listed.body.items.map((t: { transferId: string }) => t.transferId)).not.toContain(transferId);
    });

    it('refuses the caseworker actions, reopening and consents', async () => {
      const action = { type: 'counselling', occurredAt: todayInGermany(), summary: 'trotz Einschränkung' };
      expect((await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, action)).status).toBe(422);
      expect(
        (await app.request(caseworker, 'POST', `/persons/${personId}/consents`, consent(['SCHULAMT']))).status,
      ).toBe(422);
    });

    it('lets the privacy officer read the case', async () => {
      expect((await app.request(privacyOfficer, 'GET', `/cases/${caseId}`)).status).toBe(200);
    });
  });

  describe('when a transfer to an agency was refused', () => {
    it('never shows it to that agency, neither in the list nor by acknowledging it', async () => {
      const { personId } = await registered('Abgelehnt');
      const refused = await app.request(caseworker, 'POST', '/transfers', transfer(personId));
      expect(refused.status).toBe(422);
      const [recorded] = (await app.eventStore.readStream(`person-${personId}`)).filter(
        (e) => e.type === 'TransferRefused',
      );
      const refusedId = (recorded!.data as { transferId: string }).transferId;
      const listed = await app.request(jobcenter, 'GET', '/transfers?agency=JOBCENTER_IP&limit=200');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(refusedId);
      expect(JSON.stringify(listed.body)).not.toContain('no-consent-for-recipient');
      expect((await app.request(jobcenter, 'POST', `/transfers/${refusedId}/acknowledge`)).status).toBe(404);
    });
  });

  describe('when a person was erased', () => {
    it('answers every command about them with 4xx and a reason, never 500', async () => {
      const { personId, caseId } = await registered('Gelöscht');
      await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub });
      await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'moved-away' });
      const requested = await app.request(privacyOfficer, 'POST', `/privacy/persons/${personId}/erasure`, {
        reason: 'Art. 17',
      });
      expect(
        (await app.request(teamLead, 'POST', `/privacy/erasures/${requested.body.erasureId}/approve`, {})).status,
      ).toBe(200);
      const answers = [
        await app.request(teamLead, 'POST', `/cases/${caseId}/reopen`),
        await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: caseworker.sub }),
        await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
          type: 'review',
          occurredAt: todayInGermany(),
          summary: 'x',
        }),
        await app.request(teamLead, 'POST', '/cases', { personId, municipality: 'Hilden' }),
        await app.request(teamLead, 'POST', '/deputy-grants', {
          caseworkerId: caseworker.sub,
          personId,
          until: '2026-12-01',
          reason: 'x-x-x',
        }),
      ];
      expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422, 422]);
      expect(answers.every((a) => a.body.reasons?.includes('person-erased'))).toBe(true);
    });
  });

  describe('when a request names something that does not fit', () => {
    it('refuses a transfer citing a case of another person', async () => {
      const own = await registered('Eigene');
      const other = await registered('Andere');
      await app.request(caseworker, 'POST', `/persons/${own.personId}/consents`, consent(['JOBCENTER_IP']));
      const response = await app.request(
        caseworker,
        'POST',
        '/transfers',
        transfer(own.personId, 'JOBCENTER_IP', other.caseId),
      );
      expect([response.status, response.body.reasons]).toEqual([422, ['case-of-another-person']]);
    });

    it('refuses an assignment to a caseworker outside the staff register, taking no slot', async () => {
      const { caseId } = await registered('Phantom');
      const response = await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: 'cw-1' });
      expect([response.status, response.body.reasons]).toEqual([422, ['caseworker-not-in-staff-register']]);
      expect(await app.eventStore.readStream('caseload-cw-1')).toEqual([]);
    });

    it('answers a stale If-Match on an assignment with 412 before any slot is taken', async () => {
      const { caseId } = await registered('Veraltet');
      const before = (await app.eventStore.readStream(`caseload-${caseworker.sub}`)).length;
      const response = await app.request(
        teamLead,
        'POST',
        `/cases/${caseId}/assign`,
        { caseworkerId: caseworker.sub },
        {
          'if-match': '"7"',
        },
      );
      expect(response.status).toBe(412);
      expect((await app.eventStore.readStream(`caseload-${caseworker.sub}`)).length).toBe(before);
    });

    it('answers 400 naming the field for a page size of 0, not a store failure', async () => {
      const response = await app.request(dpo, 'GET', '/transfers?limit=0');
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual([
        expect.objectContaining({ field: 'limit', message: expect.any(String), messageDe: expect.any(String) }),
      ]);
    });
  });

  describe('when a role may not call a route', () => {
    it('records the refusal with the real actor, not as anonymous', async () => {
      const { personId } = await registered('Ausschuss');
      const response = await app.request(committee, 'GET', `/persons/${personId}`, undefined, {
        'x-correlation-id': 'wrong-role-0001',
      });
      expect(response.status).toBe(403);
      const [denied] = await app.eventStore.readStream('security-wrong-role-0001');
      expect(denied?.metadata.actor).toMatchObject({ sub: committee.sub, role: 'committee' });
      expect(denied?.data).toMatchObject({ status: 403, personIds: [personId] });
    });
  });

  it('answers /health and /metrics under /api/v1 as well', async () => {
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    const admin = await app.token({ role: 'admin', sub: 'ops-rules' });
    const metrics = await app.app.inject({
      method: 'GET',
      url: '/api/v1/metrics',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(metrics.statusCode).toBe(200);
  });
});
