/**
 * Issue 13, item 1, through HTTP on the real embedded stores: the attack that used to pass — cut off the
 * newest events or rewrite one and re-hash, then let one unauthenticated request in so that the writer
 * seals the forgery — is reported by verify, and the service refuses to write on such a store (503, German
 * and English, nothing recorded) until an operator acknowledges the incident.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { embeddedPaths } from '../../src/config/stores.js';
import { replaceEvent, rewriteEvent, truncateFrom } from '../support/chain-attacker.js';
import { TestApp, type Caller } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const caseworker: Caller = { role: 'caseworker', sub: 'cw-witness' };
const dpo: Caller = { role: 'dpo', sub: 'dpo-witness' };
const admin: Caller = { role: 'admin', sub: 'adm-witness' };
const CLI = join(process.cwd(), 'dist/src/cli/kim.js');

const person = (familyName: string) => ({
  givenName: 'Zeuge',
  familyName,
  dateOfBirth: '1990-02-03',
  nationality: 'SY',
  municipality: 'Hilden',
  languages: ['ar'],
  residenceStatus: '§ 25 AufenthG',
  participation: PARTICIPATION,
});

/** A store with a few persons and reads, its chain witnessed, and the service stopped. */
async function witnessedStore(): Promise<{ dataDir: string; events: number }> {
  const app = await TestApp.start();
  for (const name of ['Eins', 'Zwei', 'Drei', 'Vier']) {
    const { personId } = (await app.request(caseworker, 'POST', '/persons', person(name))).body;
    expect((await app.request(caseworker, 'GET', `/persons/${personId}`)).status).toBe(200);
  }
  const events = (await app.allEvents()).length;
  await app.stop({ keepData: true }); // a graceful stop witnesses the newest state
  return { dataDir: app.dataDir, events };
}

function tamper(dataDir: string, attack: (db: Database.Database) => void): number {
  const db = new Database(embeddedPaths(dataDir).events);
  try {
    attack(db);
    return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

const ATTACKS: [string, (db: Database.Database, events: number) => void, RegExp][] = [
  ['the newest events cut off', (db, events) => truncateFrom(db, events - 3), /truncated/],
  [
    'an event rewritten and every later hash recomputed',
    (db) => rewriteEvent(db, 2, '$.municipality', 'Ratingen'),
    /does not extend|rewritten/,
  ],
  [
    'a forged consent for the Ausländerbehörde put in with valid hashes',
    (db) =>
      replaceEvent(db, 3, 'ConsentGranted', {
        consentId: '00000000-0000-4000-8000-00000000c0de',
        recipients: ['AUSLAENDERBEHOERDE'],
        dataCategories: ['health', 'identity'],
        purposes: ['residence-law-procedure'],
      }),
    /does not extend|rewritten/,
  ],
];

describe.each(ATTACKS)('a store with %s, reopened', (_name, attack, reason) => {
  let app: TestApp;
  let eventsAfterTamper: number;

  beforeAll(async () => {
    const { dataDir, events } = await witnessedStore();
    eventsAfterTamper = tamper(dataDir, (db) => attack(db, events));
    app = await TestApp.start({}, { dataDir });
  });
  afterAll(() => app.stop());

  it('records nothing for an unauthenticated request (the request that used to seal the forgery)', async () => {
    const response = await app.request(null, 'GET', `/persons/00000000-0000-4000-8000-000000000001`);
    expect(response.status).toBe(401);
    expect(await app.allEvents()).toHaveLength(eventsAfterTamper);
  });

  it('refuses commands with 503 in German and English, writing nothing', async () => {
    const response = await app.request(caseworker, 'POST', '/persons', person('Fünf'));
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/Schreibzugriff gesperrt/);
    expect(response.body.message).toMatch(/Writes refused/);
    expect(response.body.message).toMatch(/incident acknowledge/);
    expect(await app.allEvents()).toHaveLength(eventsAfterTamper);
  });

  it('is reported by verify, naming the last good checkpoint', async () => {
    const response = await app.request(dpo, 'GET', '/audit/verify');
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(false);
    expect(response.body.firstBadEvent.reason).toMatch(reason);
    expect(response.body.checkpoint).toMatchObject({ position: expect.any(String), time: expect.any(String) });
  });

  it('shows the refusal with the checkpoints', async () => {
    const response = await app.request(dpo, 'GET', '/audit/checkpoints');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ writes: 'refused', reason: expect.any(String) });
    expect(response.body.checkpoints.length).toBeGreaterThan(0);
    expect((await app.request(admin, 'GET', '/audit/checkpoints')).status).toBe(403);
  });
});

describe('a store cut behind the running service', () => {
  it('makes the next write fail instead of sealing the cut, also after a restart', async () => {
    const app = await TestApp.start();
    for (const name of ['Eins', 'Zwei', 'Drei']) await app.request(caseworker, 'POST', '/persons', person(name));
    const events = (await app.allEvents()).length;
    tamper(app.dataDir, (db) => truncateFrom(db, events - 1));
    const response = await app.request(caseworker, 'POST', '/persons', person('Vier'));
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/truncated/);
    await app.stop({ keepData: true });
    const again = await TestApp.start({}, { dataDir: app.dataDir });
    try {
      expect((await again.request(caseworker, 'POST', '/persons', person('Fünf'))).status).toBe(503);
      expect((await again.request(dpo, 'GET', '/audit/verify')).body).toMatchObject({
        ok: false,
        firstBadEvent: { reason: expect.stringMatching(/truncated/) },
      });
    } finally {
      await again.stop();
    }
  });
});

describe('an incident acknowledged by an operator', () => {
  it('lets the service write again, keeps the incident on record, and still finds new tampering', async () => {
    const { dataDir, events } = await witnessedStore();
    tamper(dataDir, (db) => truncateFrom(db, events - 2));
    const cli = spawnSync(
      process.execPath,
      [CLI, 'incident', 'acknowledge', '--reason', 'Sicherung vom Vortag eingespielt (Ticket 4711)'],
      {
        env: { ...process.env, KIM_DATA_DIR: dataDir, KIM_OPERATOR: 'ops-spec' },
        encoding: 'utf8',
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const app = await TestApp.start({}, { dataDir });
    try {
      expect((await app.request(caseworker, 'POST', '/persons', person('Neu'))).status).toBe(201);
      const incident = (await app.allEvents()).find((e) => e.type === 'IntegrityIncidentAcknowledged')!;
      expect(incident.data).toMatchObject({
        reason: expect.stringMatching(/Ticket 4711/),
        operator: 'ops-spec',
        failureCount: 1,
      });
      const verified = (await app.request(dpo, 'GET', '/audit/verify')).body;
      expect(verified).toMatchObject({
        ok: false,
        acknowledged: [expect.objectContaining({ reason: expect.stringMatching(/truncated/) })],
      });
      // New tampering after the acknowledgement is a new incident.
      await app.app.close();
      tamper(dataDir, (db) => rewriteEvent(db, 3, '$.municipality', 'Monheim am Rhein'));
      const reopened = await TestApp.start({}, { dataDir });
      try {
        expect((await reopened.request(caseworker, 'POST', '/persons', person('Danach'))).status).toBe(503);
      } finally {
        await reopened.stop();
      }
    } finally {
      await app.stop().catch(() => undefined);
    }
  });
});
