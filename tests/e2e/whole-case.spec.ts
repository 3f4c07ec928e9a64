import { todayInGermany } from '../support/calendar.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-01' };
const otherCaseworker: Caller = { role: 'caseworker', sub: 'cw-02' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-01' };
const jobcenter: Caller = { role: 'agency_officer', sub: 'jc-01', agency: 'JOBCENTER_IP' };

const aylin = {
  givenName: 'Aylin',
  familyName: 'Yılmaz-Özdemir',
  dateOfBirth: '1991-04-17',
  nationality: 'TR',
  municipality: 'Velbert',
  languages: ['tr', 'de'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
};

const jobcenterConsent = {
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  mutual: true,
  evidence: { kind: 'signed-form', reference: 'KI-2026-0042' },
  informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
};

describe('a whole case through the HTTP API on the embedded stores', () => {
  let app: TestApp;
  beforeAll(async () => {
    // As the built service runs: the projections in their worker thread (issue 19), so every step that looks
    // something up in a read model right after writing it (a transfer acknowledged at once) must wait for it.
    app = await TestApp.start({ KIM_PROJECTIONS_IN: 'worker' });
    await app.registerStaff(['cw-01', 'cw-02']);
  });
  afterAll(() => app.stop());

  it('registers, consents, opens, assigns, works, transfers, withdraws and closes', async () => {
    const registered = await app.request(caseworker, 'POST', '/persons', aylin);
    expect(registered.status).toBe(201);
    const { personId } = registered.body;

    const person = await app.request(caseworker, 'GET', `/persons/${personId}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ givenName: 'Aylin', familyName: 'Yılmaz-Özdemir', municipality: 'Velbert' });

    const consent = await app.request(caseworker, 'POST', `/persons/${personId}/consents`, jobcenterConsent);
    expect(consent.status).toBe(201);

    const opened = await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Velbert' });
    expect(opened.status).toBe(201);
    const { caseId } = opened.body;

    expect((await app.request(teamLead, 'POST', `/cases/${caseId}/assign`, { caseworkerId: 'cw-01' })).status).toBe(
      200,
    );
    const allowed = await app.request(caseworker, 'POST', '/transfers', {
      personId,
      caseId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity', 'employment'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body.verdict).toMatchObject({ allowed: true, consentIds: [consent.body.consentId] });
    // Issue 14: an action names the Jobcenter only now that data were delivered to it.
    const action = await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'counselling',
      occurredAt: todayInGermany(),
      summary: 'Beratung zu Sprachkurs und Anerkennung des Abschlusses',
      agencies: ['JOBCENTER_IP'],
    });
    expect(action.status).toBe(201);

    const refused = await app.request(caseworker, 'POST', '/transfers', {
      personId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['health'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.reasons).toContain('consent-missing-category:health');

    const ack = await app.request(jobcenter, 'POST', `/transfers/${allowed.body.transferId}/acknowledge`);
    expect(ack.status).toBe(200);

    const withdrawn = await app.request(
      caseworker,
      'POST',
      `/persons/${personId}/consents/${consent.body.consentId}/withdraw`,
      {
        reason: 'Teilnehmerin widerruft mündlich',
      },
    );
    expect(withdrawn.status).toBe(200);

    const afterWithdrawal = await app.request(caseworker, 'POST', '/transfers', {
      personId,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    expect(afterWithdrawal.status).toBe(422);
    expect(afterWithdrawal.body.reasons.join()).toMatch(/withdrawn/);

    const closed = await app.request(caseworker, 'POST', `/cases/${caseId}/close`, { reason: 'goals-achieved' });
    expect(closed.status).toBe(200);

    const detail = await app.request(caseworker, 'GET', `/cases/${caseId}`);
    expect(detail.body.status).toBe('closed');
    expect(detail.body.timeline.map((t: { type: string }) => t.type)).toEqual([
      'CaseOpened',
      'CaseAssigned',
      'CaseActionRecorded',
      'CaseClosed',
    ]);
    expect(detail.body.timeline[2].summary).toBe('Beratung zu Sprachkurs und Anerkennung des Abschlusses');

    const types = (await app.allEvents()).map((e) => e.type);
    expect(types.filter((t) => t === 'DataTransferred')).toHaveLength(1);
    expect(types.filter((t) => t === 'TransferRefused')).toHaveLength(2);
    expect(types).toContain('ConsentWithdrawn');
    expect(types).toContain('TransferAcknowledged');
    expect(types.filter((t) => t === 'PersonalDataAccessed').length).toBeGreaterThanOrEqual(2);
    const caseload = await app.request(teamLead, 'GET', '/caseload');
    expect(caseload.body.caseworkers).toEqual([
      expect.objectContaining({ caseworkerId: 'cw-01', active: 0, limit: 80 }),
    ]);
  });

  it('stores no personal data in the clear in the event store', async () => {
    const marker = 'Zzyzx-Marker-Ünïcødé-王';
    const { body } = await app.request(caseworker, 'POST', '/persons', { ...aylin, familyName: marker });
    const events = await app.eventStore.readStream(`person-${body.personId}`);
    const stored = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(stored).toContain('PersonRegistered');
    expect(stored).not.toContain(marker);
    expect(stored).not.toContain('1991-04-17');
  });

  describe('when another caseworker asks for the person', () => {
    it('is forbidden and recorded as a security event', async () => {
      const { body } = await app.request(caseworker, 'POST', '/persons', aylin);
      const response = await app.request(otherCaseworker, 'GET', `/persons/${body.personId}`);
      expect(response.status).toBe(403);
      const denied = (await app.allEvents()).filter((e) => e.type === 'AccessDenied');
      expect(denied.at(-1)?.data).toMatchObject({ status: 403, sub: 'cw-02', personIds: [body.personId] });
      const reads = (await app.allEvents()).filter(
        (e) => e.type === 'PersonalDataAccessed' && e.metadata.actor.sub === 'cw-02',
      );
      expect(reads).toHaveLength(0);
    });
  });

  describe('when the same command is sent twice with one Idempotency-Key', () => {
    it('writes its events once and answers with the first result', async () => {
      const headers = { 'idempotency-key': 'register-aylin-0001' };
      const first = await app.request(caseworker, 'POST', '/persons', aylin, headers);
      const second = await app.request(caseworker, 'POST', '/persons', aylin, headers);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      const stream = await app.eventStore.readStream(`person-${first.body.personId}`);
      expect(stream.map((e) => e.type)).toEqual(['PersonRegistered']);
    });
  });

  describe('when a case action is sent twice with one Idempotency-Key', () => {
    it('records it once, under one action id', async () => {
      const { body: p } = await app.request(caseworker, 'POST', '/persons', aylin);
      const { body: c } = await app.request(caseworker, 'POST', '/cases', {
        personId: p.personId,
        municipality: 'Velbert',
      });
      await app.request(teamLead, 'POST', `/cases/${c.caseId}/assign`, { caseworkerId: 'cw-01' });
      const headers = { 'idempotency-key': 'action-aylin-0001' };
      const action = {
        type: 'counselling',
        occurredAt: todayInGermany(),
        summary: 'Erstberatung',
      };
      const first = await app.request(caseworker, 'POST', `/cases/${c.caseId}/actions`, action, headers);
      const second = await app.request(caseworker, 'POST', `/cases/${c.caseId}/actions`, action, headers);
      expect(first.status).toBe(201);
      expect(second.body).toEqual(first.body);
      const recorded = (await app.eventStore.readStream(`case-${c.caseId}`)).filter(
        (e) => e.type === 'CaseActionRecorded',
      );
      expect(recorded.map((e) => e.data.actionId)).toEqual([first.body.actionId]);
    });
  });

  describe('when a client pins a stale revision with If-Match', () => {
    it('answers 412 and writes nothing', async () => {
      const { body: p } = await app.request(caseworker, 'POST', '/persons', aylin);
      const { body: c } = await app.request(caseworker, 'POST', '/cases', {
        personId: p.personId,
        municipality: 'Velbert',
      });
      const before = (await app.allEvents()).length;
      const stale = await app.request(
        caseworker,
        'POST',
        `/cases/${c.caseId}/close`,
        { reason: 'moved-away' },
        { 'if-match': '"7"' },
      );
      expect(stale.status).toBe(412);
      expect((await app.allEvents()).length).toBe(before);
      const fresh = await app.request(
        caseworker,
        'POST',
        `/cases/${c.caseId}/close`,
        { reason: 'moved-away' },
        { 'if-match': `"${c.revision}"` },
      );
      expect(fresh.status).toBe(200);
    });
  });
});
