import { todayInGermany } from '../support/calendar.js';
import { randomBytes } from 'node:crypto';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-failclosed' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-failclosed' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-failclosed' };
const marker = `Geheim${randomBytes(5).toString('hex')}`;

/**
 * Wraps the application's event store in place (the access log holds the same instance), so that while
 * `failing` is on, every append to an `access-*` stream throws as a full disk or a lost server would.
 */
function breakAccessStreams(store: EventStore) {
  const original = store.appendToStream.bind(store);
  const switchboard = { failing: false, refusedAppends: 0 };
  store.appendToStream = async (streamName, events, expected) => {
    if (switchboard.failing && streamName.startsWith('access-')) {
      switchboard.refusedAppends++;
      throw new Error('disk I/O error (simulated)');
    }
    return original(streamName, events, expected);
  };
  return switchboard;
}

describe('when the access log cannot be written (product rule 4, fail closed)', () => {
  let app: TestApp;
  let accessLog: ReturnType<typeof breakAccessStreams>;
  let personId: string;
  let caseId: string;
  let reads: [string, Caller, string][];

  beforeAll(async () => {
    app = await TestApp.start();
    accessLog = breakAccessStreams(app.eventStore);
    personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: marker,
        familyName: 'Nowak',
        dateOfBirth: '1990-01-01',
        nationality: 'PL',
        municipality: 'Haan',
        languages: ['pl'],
        residenceStatus: 'EU',
        participation: PARTICIPATION,
      })
    ).body.personId;
    caseId = (await app.request(caseworker, 'POST', '/cases', { personId, municipality: 'Haan' })).body.caseId;
    await app.request(caseworker, 'POST', `/cases/${caseId}/actions`, {
      type: 'intake',
      occurredAt: todayInGermany(),
      summary: marker,
    });
    // A refused transfer attempt is recorded too: the DPO's transfer list names the person.
    expect(
      (
        await app.request(caseworker, 'POST', '/transfers', {
          personId,
          toAgency: 'JOBCENTER_IP',
          dataCategories: ['identity'],
          purpose: 'labour-market-integration',
          legalBasis: 'consent',
        })
      ).status,
    ).toBe(422);
    // Proves the reads below carry the marker when the log works.
    expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).text).toContain(marker);
    // A refused read gives the anomaly view a person to show.
    expect((await app.request({ role: 'caseworker', sub: 'cw-other' }, 'GET', `/persons/${personId}`)).status).toBe(
      403,
    );
    accessLog.failing = true;
    reads = [
      ['GET /persons/:id', caseworker, `/persons/${personId}`],
      ['GET /persons/:id (privacy officer)', privacyOfficer, `/persons/${personId}`],
      ['GET /persons/:id/consents', caseworker, `/persons/${personId}/consents`],
      ['GET /transfers', dpo, `/transfers?personId=${personId}`],
      ['GET /cases/:id', caseworker, `/cases/${caseId}`],
      ['GET /privacy/persons/:id/report', privacyOfficer, `/privacy/persons/${personId}/report`],
      [
        'GET /privacy/persons/:id/report?format=html',
        privacyOfficer,
        `/privacy/persons/${personId}/report?format=html`,
      ],
    ];
  });
  afterAll(() => app.stop());

  it('refuses every read of personal data, shows none of it and stores no access event', async () => {
    const before = (await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length;
    const refusedBefore = accessLog.refusedAppends;
    for (const [endpoint, caller, url] of reads) {
      const response = await app.request(caller, 'GET', url);
      expect({ endpoint, refused: response.status >= 500, leaks: response.text.includes(marker) }).toEqual({
        endpoint,
        refused: true,
        leaks: false,
      });
    }
    expect(accessLog.refusedAppends - refusedBefore).toBe(reads.length);
    expect((await app.allEvents()).filter((e) => e.type === 'PersonalDataAccessed').length).toBe(before);
  });

  it('answers the DPO’s views with 503 so a client knows to retry', async () => {
    for (const url of [`/audit/trail?personId=${personId}`, '/audit/anomalies']) {
      const response = await app.request(dpo, 'GET', url);
      expect({ url, status: response.status, body: response.body }).toEqual({
        url,
        status: 503,
        body: expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }),
      });
    }
  });

  it('answers the case workers’ reads with 503 too, naming the failed store', async () => {
    const response = await app.request(caseworker, 'GET', `/persons/${personId}`);
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/event store is unavailable/);
    expect(JSON.stringify(response.body)).not.toContain(marker);
  });

  it('serves reads again once the log can be written', async () => {
    accessLog.failing = false;
    const response = await app.request(caseworker, 'GET', `/persons/${personId}`);
    expect(response.status).toBe(200);
    expect(response.body.givenName).toBe(marker);
  });
});
