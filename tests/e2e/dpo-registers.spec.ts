import { setRequestClock } from '../../src/http/request-context.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-registers' };
const stranger: Caller = { role: 'caseworker', sub: 'cw-registers-stranger' };
const privacyOfficer: Caller = { role: 'privacy_officer', sub: 'po-registers' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-registers' };
const clock = fixedClock('2026-12-01T09:00:00.000Z');

/** Issue 15 item 10: anomalies reviewed with a note, the breach register with its 72 hours, the Art. 30 record. */
describe('the DPO’s registers', () => {
  let app: TestApp;
  let anomalyEventId: string;
  let breachId: string;

  beforeAll(async () => {
    setRequestClock(clock);
    app = await TestApp.start();
    const personId = (
      await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Register',
        familyName: 'Person',
        dateOfBirth: '1990-01-01',
        nationality: 'TR',
        municipality: 'Haan',
        languages: ['tr'],
        residenceStatus: 'Niederlassungserlaubnis',
        participation: PARTICIPATION,
      })
    ).body.personId;
    await app.request(stranger, 'GET', `/persons/${personId}`, undefined, { 'x-correlation-id': 'registers-denied' });
    anomalyEventId = (await app.eventStore.readStream('security-registers-denied'))[0]!.id;
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    await app.stop();
  });

  it('records a breach with its 72-hour deadline, linked from the anomaly that revealed it', async () => {
    const recorded = await app.request(dpo, 'POST', '/audit/breaches', {
      discoveredAt: '2026-12-01T08:00:00Z',
      description: 'Wiederholte Zugriffsversuche auf eine fremde Akte',
      anomalyEventIds: [anomalyEventId],
      personCount: 1,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.deadline).toBe('2026-12-04T08:00:00.000Z');
    breachId = recorded.body.breachId;
    const review = await app.request(dpo, 'POST', `/audit/anomalies/${anomalyEventId}/review`, {
      note: 'Geprüft: Zugriffsversuch ohne Zuständigkeit',
      breachId,
    });
    expect(review.status).toBe(200);
    const anomalies = await app.request(dpo, 'GET', '/audit/anomalies?kind=access-denied&reviewed=true');
    expect(anomalies.body.anomalies).toEqual([
      expect.objectContaining({
        eventId: anomalyEventId,
        review: expect.objectContaining({ breachId, reviewedBy: dpo.sub }),
      }),
    ]);
    expect((await app.request(dpo, 'GET', '/audit/anomalies?reviewed=false')).body.anomalies).toEqual([]);
  });

  it('answers 404 for the review of an unknown anomaly', async () => {
    const response = await app.request(dpo, 'POST', '/audit/anomalies/00000000-0000-4000-8000-000000000000/review', {
      note: 'gibt es nicht',
    });
    expect(response.status).toBe(404);
  });

  it('shows the clock running, then an overdue breach once 72 hours have passed', async () => {
    expect((await app.request(privacyOfficer, 'GET', '/audit/breaches')).body.items[0]).toMatchObject({
      breachId,
      status: 'open',
      overdue: false,
      hoursLeft: 71,
    });
    clock.set('2026-12-04T09:00:00.000Z');
    expect((await app.request(dpo, 'GET', '/audit/breaches')).body.items[0]).toMatchObject({ overdue: true });
  });

  it('lets only the privacy officer assess it; a late notification needs the reason for the delay', async () => {
    expect((await app.request(dpo, 'POST', `/audit/breaches/${breachId}/assess`, { risk: 'none' })).status).toBe(403);
    const late = await app.request(privacyOfficer, 'POST', `/audit/breaches/${breachId}/assess`, {
      risk: 'risk',
      authorityNotifiedAt: '2026-12-04T09:00:00Z',
    });
    expect(late.status).toBe(400);
    expect(late.body.fields.map((f: { field: string }) => f.field)).toEqual(['reasonForDelay']);
    const assessed = await app.request(privacyOfficer, 'POST', `/audit/breaches/${breachId}/assess`, {
      risk: 'risk',
      authorityNotifiedAt: '2026-12-04T09:00:00Z',
      authorityReference: 'LDI-2026-0042',
      reasonForDelay: 'Umfang erst nach Auswertung der Protokolle bekannt',
    });
    expect(assessed.status).toBe(200);
    expect((await app.request(dpo, 'GET', '/audit/breaches')).body.items[0]).toMatchObject({
      status: 'assessed',
      overdue: false,
      authorityReference: 'LDI-2026-0042',
    });
  });

  it('generates the Art. 30 record in German from the configuration in force', async () => {
    const json = await app.request(dpo, 'GET', '/audit/record-of-processing');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      title: expect.stringContaining('Art. 30'),
      retention: { recordClass: 'kim-file', rule: expect.stringContaining('3 Jahre') },
    });
    expect(json.body.legalBases.map((b: { code: string }) => b.code)).toEqual(expect.arrayContaining(['consent']));
    // Issue 14 item 5: the bases of the KI's own processing (Art. 6 Abs. 1 lit. a and lit. e DSGVO).
    expect(json.body.ownProcessingBases.map((b: { code: string }) => b.code)).toEqual([
      'participation-consent',
      'public-task-kim',
    ]);
    expect(json.body.recipients.map((r: { code: string }) => r.code)).toContain('JOBCENTER_IP');
    const html = await app.request(privacyOfficer, 'GET', '/audit/record-of-processing?format=html');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Verzeichnis von Verarbeitungstätigkeiten');
    expect(html.text).toContain('Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW');
    expect(html.text).toContain('Technische und organisatorische Maßnahmen');
    expect((await app.request(caseworker, 'GET', '/audit/record-of-processing')).status).toBe(403);
  });
});
