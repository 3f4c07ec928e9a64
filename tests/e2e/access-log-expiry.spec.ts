/**
 * Product rule 12 / issue 15 item 5, through the running service on a clock the spec sets: access-log
 * entries older than KIM_ACCESS_LOG_MONTHS go as a whole segment (up to a witnessed checkpoint at least
 * that old), with their rows in the DPO's trail and anomaly facts; verification of everything else still
 * holds afterwards, and still finds tampering.
 */
import Database from 'better-sqlite3';
import { ANOMALY_FACTS } from '../../projections/anomalies.projection.js';
import { AUDIT_TRAIL } from '../../projections/audit-trail.projection.js';
import { IntegrityService } from '../../src/audit/integrity/integrity.service.js';
import { ReadModelCheckService } from '../../src/audit/integrity/read-model-check.service.js';
import { embeddedPaths } from '../../src/config/stores.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { rewriteEvent } from '../support/chain-attacker.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-expiry' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-expiry' };
const clock = fixedClock('2023-03-01T09:00:00.000Z');

const person = (familyName: string) => ({
  givenName: 'Protokoll',
  familyName,
  dateOfBirth: '1985-05-05',
  nationality: 'UA',
  municipality: 'Erkrath',
  languages: ['uk'],
  residenceStatus: '§ 24 AufenthG',
  participation: PARTICIPATION,
});

describe('access-log entries older than 24 months', () => {
  let app: TestApp;
  let integrity: IntegrityService;
  let readStore: ReadStore;
  let oldPerson: string;
  const accessEntries = async (action: string) => readStore.count(AUDIT_TRAIL, { action });

  /** Reads whose access entries the projections have caught up with. */
  async function settled(expected: () => Promise<boolean>) {
    for (let i = 0; i < 100 && !(await expected()); i++) await new Promise((r) => setTimeout(r, 50));
  }

  beforeAll(async () => {
    setRequestClock(clock);
    app = await TestApp.start({ KIM_ACCESS_LOG_EXPIRY: 'off' }, { clock });
    integrity = app.app.get(IntegrityService);
    readStore = app.app.get<ReadStore>(READ_STORE);
    oldPerson = (await app.request(caseworker, 'POST', '/persons', person('Alt'))).body.personId;
    for (let i = 0; i < 3; i++)
      expect((await app.request(caseworker, 'GET', `/persons/${oldPerson}`)).status).toBe(200);
    // A refusal of a verified caller is an AccessDenied entry of the access log too (401s are only counted).
    expect((await app.request({ role: 'committee', sub: 'com-expiry' }, 'GET', `/persons/${oldPerson}`)).status).toBe(
      403,
    );
    clock.advance(60_000);
    await integrity.ledger.checkpoint(); // signed on 2023-03-01
    clock.set('2026-06-01T09:00:00.000Z');
    const recent = (await app.request(caseworker, 'POST', '/persons', person('Neu'))).body.personId;
    expect((await app.request(caseworker, 'GET', `/persons/${recent}`)).status).toBe(200);
    await integrity.ledger.checkpoint();
    await settled(async () => (await accessEntries('access')) === 4 && (await accessEntries('access-denied')) === 1);
  });
  afterAll(async () => {
    setRequestClock(systemClock);
    await app.stop();
  });

  it('are removed as a segment with their trail rows and anomaly facts; everything younger stays', async () => {
    const before = await app.allEvents();
    const facts = await readStore.count(ANOMALY_FACTS, { kind: { in: ['read', 'access-denied'] } });
    const result = await integrity.expireIfLeader();
    expect(result).toMatchObject({ removedEvents: 4, removedTrailRows: 4, removedAnomalyFacts: facts - 1 });
    expect(result!.recordedBefore).toMatch(/^2023-03-01/);
    const after = await app.allEvents();
    expect(after.filter((e) => e.type === 'PersonalDataAccessed')).toHaveLength(1);
    expect(after.filter((e) => e.type === 'AccessDenied')).toHaveLength(0);
    expect(after.filter((e) => e.type === 'PersonRegistered')).toHaveLength(2);
    expect(before.length - after.length).toBe(4);
    expect(await accessEntries('access')).toBe(1);
    expect(await accessEntries('access-denied')).toBe(0);
  });

  it('leaves a log that verifies, with the cut on record and witnessed', async () => {
    const verified = (await app.request(dpo, 'GET', '/audit/verify')).body;
    expect(verified).toMatchObject({ ok: true, accessLogCut: expect.any(String) });
    const notes = (await app.request(dpo, 'GET', '/audit/checkpoints')).body.checkpoints;
    expect(notes[0]).toMatchObject({
      kind: 'cut',
      expired: 4,
      reason: expect.stringMatching(/expired after 24 months/),
    });
  });

  it('leaves read models that a rebuild reproduces', async () => {
    await expect(app.app.get(ReadModelCheckService).check()).resolves.toMatchObject({ ok: true });
  });

  it('removes nothing more when run again, and the service keeps writing', async () => {
    await expect(integrity.expireIfLeader()).resolves.toMatchObject({ removedEvents: 0 });
    expect((await app.request(caseworker, 'POST', '/persons', person('Danach'))).status).toBe(201);
  });

  it('still finds a main-lane event rewritten below the cut', async () => {
    const db = new Database(embeddedPaths(app.dataDir).events);
    try {
      rewriteEvent(db, 1, '$.registeredBy', 'cw-someone-else');
    } finally {
      db.close();
    }
    const verified = (await app.request(dpo, 'GET', '/audit/verify')).body;
    expect(verified.ok).toBe(false);
    expect(verified.firstBadEvent.reason).toMatch(/does not extend|rewritten|hash mismatch/);
  });
});
