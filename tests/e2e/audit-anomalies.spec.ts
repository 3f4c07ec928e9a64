import { ANOMALY_FACTS, anomaliesProjection, berlinClock } from '../../projections/anomalies.projection.js';
import { ProjectionRunnerService } from '../../src/projection-runner/projection-runner.service.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { project } from '../support/projection-harness.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-anomaly' };
const otherCaseworker: Caller = { role: 'caseworker', sub: 'cw-anomaly-other' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-anomaly' };
const teamLead: Caller = { role: 'team_lead', sub: 'tl-anomaly' };

// Wednesday 25 November 2026, 11:00 in Berlin (UTC+1): inside the default office hours.
const OFFICE_TIME = '2026-11-25T10:00:00.000Z';
const clock = fixedClock(OFFICE_TIME);

const person = (familyName: string) => ({
  givenName: 'Anomalie',
  familyName,
  dateOfBirth: '1985-05-05',
  nationality: 'AF',
  municipality: 'Langenfeld',
  languages: ['fa'],
  residenceStatus: '§ 25 Abs. 2 AufenthG',
  participation: PARTICIPATION,
});

interface Anomaly {
  kind: string;
  eventId: string;
  position: string;
  personIds: string[];
  actor: { sub: string };
}

describe('the anomaly view for the DPO', () => {
  let app: TestApp;
  const previousThreshold = process.env.KIM_BULK_READ_THRESHOLD;
  const ids: Record<string, string> = {};
  let anomalies: Anomaly[];

  /** A read with a known correlation id, so the access event behind it can be found. */
  const read = async (caller: Caller, url: string, correlation: string) => {
    const response = await app.request(caller, 'GET', url, undefined, { 'x-correlation-id': correlation });
    const [event] = await app.eventStore.readStream(`access-${correlation}`);
    return { status: response.status, eventId: event?.id };
  };

  beforeAll(async () => {
    process.env.KIM_BULK_READ_THRESHOLD = '2';
    setRequestClock(clock);
    app = await TestApp.start();
    await app.registerStaff([caseworker.sub, otherCaseworker.sub]);
    ids.unassigned = (await app.request(caseworker, 'POST', '/persons', person('OhneFall'))).body.personId;
    ids.assigned = (await app.request(caseworker, 'POST', '/persons', person('MitFall'))).body.personId;
    ids.third = (await app.request(caseworker, 'POST', '/persons', person('Dritte'))).body.personId;
    await app.request(caseworker, 'POST', '/cases', { personId: ids.assigned, municipality: 'Langenfeld' });

    // The registrar reads before any case is assigned: the normal order of work (rule 6), not an anomaly.
    ids.registrarRead = (await read(caseworker, `/persons/${ids.unassigned}`, 'anomaly-read-0001')).eventId!;
    // A deputy reads a person with no case of theirs: shown to the DPO.
    const grant = await app.request(teamLead, 'POST', '/deputy-grants', {
      caseworkerId: otherCaseworker.sub,
      personId: ids.third,
      until: '2026-12-10',
      reason: 'Urlaubsvertretung',
    });
    expect(grant.status).toBe(201);
    ids.readWithoutCase = (await read(otherCaseworker, `/persons/${ids.third}`, 'anomaly-read-0005')).eventId!;
    ids.readInHours = (await read(caseworker, `/persons/${ids.assigned}`, 'anomaly-read-0002')).eventId!;
    clock.set('2026-11-22T02:00:00.000Z'); // Sunday, 03:00 in Berlin
    ids.readOnSunday = (await read(caseworker, `/persons/${ids.assigned}`, 'anomaly-read-0003')).eventId!;
    clock.set('2026-11-25T18:30:00.000Z'); // Wednesday, 19:30 in Berlin
    ids.readLate = (await read(caseworker, `/persons/${ids.assigned}`, 'anomaly-read-0004')).eventId!;
    clock.set(OFFICE_TIME);

    const statutory = await app.request(caseworker, 'POST', '/transfers', {
      personId: ids.assigned,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['identity', 'employment'],
      purpose: 'social-benefits',
      legalBasis: 'sgb10-69',
      justification: 'Leistungsantrag nach SGB II vom 20.11.2026',
    });
    expect(statutory.status).toBe(201);
    const refused = await app.request(caseworker, 'POST', '/transfers', {
      personId: ids.assigned,
      toAgency: 'JOBCENTER_IP',
      dataCategories: ['health'],
      purpose: 'labour-market-integration',
      legalBasis: 'consent',
    });
    expect(refused.status).toBe(422);
    expect((await app.request(otherCaseworker, 'GET', `/persons/${ids.assigned}`)).status).toBe(403);
    ids.bulkRead = (await read(dpo, '/audit/trail?action=person-registered', 'anomaly-bulk-0001')).eventId!;

    const response = await app.request(dpo, 'GET', '/audit/anomalies');
    expect(response.status).toBe(200);
    anomalies = response.body.anomalies;
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    if (previousThreshold === undefined) delete process.env.KIM_BULK_READ_THRESHOLD;
    else process.env.KIM_BULK_READ_THRESHOLD = previousThreshold;
    await app.stop();
  });

  const ofKind = (kind: string) => anomalies.filter((a) => a.kind === kind);

  it('flags a caseworker’s read of a person without a case of theirs, not the registrar’s before assignment', () => {
    expect(ofKind('read-without-case').map((a) => [a.eventId, a.personIds])).toEqual([
      [ids.readWithoutCase, [ids.third]],
    ]);
  });

  it('flags reads on a Sunday and after 19:00 in Berlin, not the one at 11:00', () => {
    const flagged = ofKind('read-outside-office-hours').map((a) => a.eventId);
    expect(flagged).toEqual(expect.arrayContaining([ids.readOnSunday, ids.readLate]));
    expect(flagged).not.toContain(ids.readInHours);
    expect(flagged).not.toContain(ids.readWithoutCase);
  });

  it('flags a read naming more persons than the threshold', () => {
    expect(ofKind('bulk-read').map((a) => [a.eventId, a.personIds.length])).toContainEqual([ids.bulkRead, 3]);
  });

  it('shows the statutory transfer, the refused transfer and the refused read, with the events behind them', async () => {
    const events = await app.eventStore.readStream(`person-${ids.assigned}`);
    const transferred = events.find((e) => e.type === 'DataTransferred')!;
    const refused = events.find((e) => e.type === 'TransferRefused')!;
    expect(ofKind('statutory-transfer').map((a) => [a.eventId, a.position])).toEqual([
      [transferred.id, transferred.position.toString()],
    ]);
    expect(ofKind('transfer-refused').map((a) => [a.eventId, a.position])).toEqual([
      [refused.id, refused.position.toString()],
    ]);
    expect(ofKind('access-denied').map((a) => [a.actor.sub, a.personIds])).toEqual([
      [otherCaseworker.sub, [ids.assigned]],
    ]);
  });

  it('lists newest first and filters by kind', async () => {
    const positions = anomalies.map((a) => BigInt(a.position));
    expect([...positions].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(positions);
    const onlyBulk = await app.request(dpo, 'GET', '/audit/anomalies?kind=bulk-read');
    expect(new Set(onlyBulk.body.anomalies.map((a: Anomaly) => a.kind))).toEqual(new Set(['bulk-read']));
    expect(onlyBulk.body.settings).toMatchObject({
      officeHours: '07:00-19:00',
      bulkReadThreshold: 2,
      timeZone: 'Europe/Berlin',
    });
  });

  it('is rebuilt from the log to the same facts, and a replay changes nothing', async () => {
    const events = await app.allEvents();
    await app.app.get(ProjectionRunnerService).waitFor(events.at(-1)!.position, { timeoutMs: 5000 });
    const rebuilt = await project(anomaliesProjection, events);
    const live = await app.app.get<ReadStore>(READ_STORE).find(ANOMALY_FACTS, { limit: 1000 });
    const facts = rebuilt.get(ANOMALY_FACTS)!;
    expect(facts.size).toBe(live.items.length);
    for (const doc of live.items) expect(facts.get(String(doc.factId))).toEqual(doc);
    const snapshot = structuredClone(rebuilt);
    expect(await project(anomaliesProjection, events, rebuilt)).toEqual(snapshot);
  });
});

describe('local office time in Berlin', () => {
  it.each([
    ['2026-01-07T06:30:00.000Z', 3, 7 * 60 + 30], // winter, UTC+1
    ['2026-07-01T05:30:00.000Z', 3, 7 * 60 + 30], // summer, UTC+2
    ['2026-03-29T00:59:00.000Z', 7, 1 * 60 + 59], // the night the clocks go forward
    ['2026-03-29T01:00:00.000Z', 7, 3 * 60],
    ['2026-11-22T23:30:00.000Z', 1, 30], // Sunday in UTC, Monday in Berlin
  ])('reads %s as weekday %i, minute %i', (iso, weekday, minute) => {
    expect(berlinClock(iso)).toEqual({ weekday, minute });
  });
});
