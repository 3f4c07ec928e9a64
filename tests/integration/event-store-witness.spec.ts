/**
 * Product rule 9 on the embedded store, below HTTP: signed checkpoints handed to a witness outside the
 * data folder make truncation, rewriting, forgery and forks visible — also after events were appended on
 * top of the tampered log, which is what the chain-head file alone could not do (issue 13). Each case
 * works on its own copy of one witnessed store; the witness copy goes along, as the witness would stay.
 */
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyNameFor, signingKeyFromSeed } from '../../src/audit/integrity/checkpoint-note.js';
import { DirectoryWitness } from '../../src/audit/integrity/directory-witness.js';
import { LedgerIntegrity } from '../../src/audit/integrity/ledger-integrity.js';
import { SqliteChainSource } from '../../src/audit/integrity/sqlite-chain-source.js';
import { WitnessSet } from '../../src/audit/integrity/witness.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { configureConnection } from '../../src/event-store/sqlite/sqlite-schema.js';
import { WriteGate } from '../../src/event-store/write-gate.js';
import { fixedClock } from '../../src/shared/clock.js';
import { acknowledgeIncident } from '../../src/audit/integrity/incident.js';
import {
  appendForged,
  replaceEvent,
  rewriteEvent,
  truncateFrom,
  writeFormat1Store,
} from '../support/chain-attacker.js';

const ORIGIN = 'kim-ledger:sqlite:spec';
const SEED = randomBytes(32);
const root = mkdtempSync(join(tmpdir(), 'kim-es-witness-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
    occurredAt: '2026-03-01T08:00:00.000Z',
  },
});

interface Opened {
  store: SqliteEventStore;
  ledger: LedgerIntegrity;
  gate: WriteGate;
  close(): Promise<void>;
}

/** The store and its ledger as the service opens them (anchored, gated); `start` runs the start check. */
async function open(
  dir: string,
  options: { start?: boolean; anchored?: boolean; everyEvents?: number } = {},
): Promise<Opened> {
  const gate = new WriteGate(options.anchored === false ? 'open' : 'pending');
  const store = openSqliteEventStore({
    path: join(dir, 'data', 'events.db'),
    clock: fixedClock('2026-03-01T08:00:00.000Z'),
    ...(options.anchored === false ? {} : { gate, anchored: true }),
  });
  const key = signingKeyFromSeed(keyNameFor(ORIGIN), SEED);
  const ledger = new LedgerIntegrity({
    origin: ORIGIN,
    key,
    keys: [{ name: key.name, publicKey: key.publicKey }],
    witness: new WitnessSet([new DirectoryWitness(join(dir, 'witness'))]),
    source: new SqliteChainSource(store),
    gate,
    clock: fixedClock('2026-03-01T09:00:00.000Z'),
    checkpointEveryMs: 60_000,
    checkpointEveryEvents: options.everyEvents ?? 10,
    accessLogMonths: 24,
    log: () => undefined,
  });
  if (options.start !== false) await ledger.start({ verify: false });
  return {
    store,
    ledger,
    gate,
    close: async () => {
      if (options.start !== false) await ledger.stop();
      await store.close();
    },
  };
}

const streamFor = (i: number) =>
  i % 4 === 1 ? `access-${randomUUID()}` : i % 7 === 3 ? `security-${randomUUID()}` : `case-${i % 5}`;

async function appendSome(store: SqliteEventStore, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const stream = streamFor(i);
    const type = stream.startsWith('access-')
      ? 'PersonalDataAccessed'
      : stream.startsWith('security-')
        ? 'AccessDenied'
        : 'CaseActionRecorded';
    await store.appendToStream(stream, [event(type, { n: i, agency: 'KI' })], 'any');
  }
}

const original = join(root, 'original');
const EVENTS = 60;

beforeAll(async () => {
  const opened = await open(original);
  await appendSome(opened.store, EVENTS);
  await opened.ledger.checkpoint();
  await opened.close();
});

function copy(): string {
  const dir = join(root, randomUUID());
  cpSync(original, dir, { recursive: true });
  return dir;
}

function raw<T>(dir: string, work: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'data', 'events.db'));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Appends as a process that trusts whatever the database says would (the writer before this change). */
async function appendTrustingTheDatabase(dir: string, count: number): Promise<void> {
  const store = openSqliteEventStore({ path: join(dir, 'data', 'events.db') });
  await appendSome(store, count, 1000);
  await store.close();
}

const ATTACKS: Record<string, (db: Database.Database) => void> = {
  'the newest 8 events cut off': (db) => truncateFrom(db, EVENTS - 7),
  'event 25 changed and every later hash recomputed': (db) => rewriteEvent(db, 25),
  'a forged consent in the place of event 30, hashes recomputed': (db) =>
    replaceEvent(db, 30, 'ConsentGranted', { recipients: ['AUSLAENDERBEHOERDE'], dataCategories: ['health'] }),
  'the whole log replaced by another history of the same length': (db) => {
    db.prepare(`UPDATE events SET data = json_set(data, '$.agency', 'JOBCENTER')`).run();
    rewriteEvent(db, 1);
  },
};

const LATER: Record<string, (dir: string) => Promise<void>> = {
  'no later appends': async () => undefined,
  'then 3 forged appends': async (dir) =>
    raw(dir, (db) => {
      for (let i = 0; i < 3; i++)
        appendForged(db, { stream: `security-${randomUUID()}`, type: 'AccessDenied', data: { status: 401 } });
    }),
  'then 20 appends by a writer trusting the database': (dir) => appendTrustingTheDatabase(dir, 20),
};

describe.each(Object.entries(ATTACKS))('a witnessed store with %s', (_attack, tamper) => {
  it.each(Object.keys(LATER))('is reported by verify with the last good checkpoint, %s', async (later) => {
    const dir = copy();
    raw(dir, tamper);
    await LATER[later]!(dir);
    const opened = await open(dir, { start: false });
    try {
      const { verification, walk } = await opened.ledger.inspect();
      expect(verification.ok).toBe(false);
      expect(walk.failure).toBeDefined();
      expect(verification.firstBadEvent!.reason).toMatch(/truncated|does not extend|missing|hash mismatch|rewritten/);
    } finally {
      await opened.close();
    }
  });

  it('keeps the service from writing on it (start check), nothing recorded', async () => {
    const dir = copy();
    raw(dir, tamper);
    await LATER['then 3 forged appends']!(dir);
    const before = raw(dir, (db) => db.prepare('SELECT count(*) FROM events').pluck().get());
    const opened = await open(dir);
    try {
      expect(opened.gate.current.open).toBe(false);
      await expect(opened.store.appendToStream('case-x', [event('CaseOpened')], 'any')).rejects.toThrow(
        /Writes refused/,
      );
      expect(raw(dir, (db) => db.prepare('SELECT count(*) FROM events').pluck().get())).toBe(before);
    } finally {
      await opened.close();
    }
  });
});

describe('a store restored from an older copy and written on (a fork)', () => {
  it('is reported against the checkpoints of the history it left, and the service refuses it', async () => {
    const dir = copy();
    const backup = join(root, randomUUID());
    cpSync(original, backup, { recursive: true });
    raw(backup, (db) => truncateFrom(db, 31)); // the backup: the log as it stood at position 30
    await appendTrustingTheDatabase(backup, 40); // written on, past the witnessed positions
    rmSync(join(dir, 'data'), { recursive: true });
    cpSync(join(backup, 'data'), join(dir, 'data'), { recursive: true });
    const opened = await open(dir);
    try {
      expect(opened.gate.current).toMatchObject({
        open: false,
        reason: expect.stringMatching(/rewritten|does not extend|hash mismatch/),
      });
      const { verification } = await opened.ledger.inspect();
      expect(verification.ok).toBe(false);
      // The newest checkpoint both histories share lies at or before the backup's end.
      expect(Number(verification.checkpoint!.position)).toBeGreaterThan(0);
      expect(Number(verification.checkpoint!.position)).toBeLessThanOrEqual(30);
    } finally {
      await opened.close();
    }
  });

  it('is named a fork when both histories were witnessed', async () => {
    const dir = copy();
    const branch = join(root, randomUUID());
    cpSync(dir, branch, { recursive: true });
    raw(branch, (db) => truncateFrom(db, 51));
    // The branch writes on to the same length; its checkpoint lands in the same witness log.
    const other = await open(branch, { anchored: false, start: false });
    await appendSome(other.store, 10, 2000);
    await other.ledger.publish({ kind: 'checkpoint', state: other.store.trustedChainState()! });
    await other.close();
    cpSync(join(branch, 'witness'), join(dir, 'witness'), { recursive: true });
    const opened = await open(dir, { start: false });
    try {
      const { verification } = await opened.ledger.inspect();
      expect(verification.firstBadEvent?.reason).toMatch(/fork|does not extend/);
    } finally {
      await opened.close();
    }
  });
});

describe('what the checkpoints cannot see (the window)', () => {
  it('events forged after the newest witnessed checkpoint pass, until a checkpoint covers the real ones', async () => {
    const dir = copy();
    raw(dir, (db) =>
      appendForged(db, { stream: `security-${randomUUID()}`, type: 'AccessDenied', data: { status: 401 } }),
    );
    const opened = await open(dir, { start: false });
    try {
      expect((await opened.ledger.inspect()).verification.ok).toBe(true);
    } finally {
      await opened.close();
    }
  });
});

describe('a running service whose log is cut behind its back', () => {
  it('refuses the next append and witnesses what it vouched for, so a restart finds the cut too', async () => {
    const dir = copy();
    const running = await open(dir);
    await appendSome(running.store, 5, 3000);
    raw(dir, (db) => truncateFrom(db, EVENTS + 3));
    await expect(running.store.appendToStream('case-y', [event('CaseOpened')], 'any')).rejects.toThrow(/truncated/);
    expect(running.gate.current.open).toBe(false);
    await running.close();
    const restarted = await open(dir);
    try {
      expect(restarted.gate.current).toMatchObject({ open: false, reason: expect.stringMatching(/truncated/) });
    } finally {
      await restarted.close();
    }
  });
});

describe('a store written before format 2 (an existing store)', () => {
  const dir = join(root, 'format1');
  beforeAll(() => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    raw(dir, (db) => {
      configureConnection(db); // the tables; no record yet of where format 2 begins, as in an old store
      writeFormat1Store(db, 30);
    });
  });

  it('verifies as it is, continues in format 2 once acknowledged, and still finds a changed old event', async () => {
    let opened = await open(dir);
    expect(opened.gate.current).toMatchObject({
      open: false,
      reason: expect.stringMatching(/no witnessed checkpoint/),
    });
    expect((await opened.ledger.inspect()).verification).toMatchObject({ ok: true, events: 30 });
    await opened.close();

    const tool = await open(dir, { anchored: false, start: false });
    const result = await acknowledgeIncident(tool.ledger, tool.store, {
      reason: 'Umstellung auf bezeugte Prüfpunkte',
      operator: 'spec',
      now: new Date(),
      stateAfterAppend: async () => tool.store.trustedChainState()!,
    });
    expect(result).toMatchObject({ acknowledged: true, failures: 0 });
    await tool.close();

    opened = await open(dir);
    expect(opened.gate.current.open).toBe(true);
    expect(opened.store.format2From).toBe(31n);
    await appendSome(opened.store, 12);
    await opened.ledger.checkpoint();
    expect((await opened.ledger.inspect()).verification).toMatchObject({ ok: true, events: 43 });
    await opened.close();

    raw(dir, (db) => db.prepare(`UPDATE events SET data = '{"n":99}' WHERE position = 7`).run());
    const checked = await open(dir, { start: false });
    try {
      expect((await checked.ledger.inspect()).verification.firstBadEvent).toMatchObject({
        position: '7',
        reason: expect.stringMatching(/hash mismatch/),
      });
    } finally {
      await checked.close();
    }
  });
});

describe('access-log entries removed other than by the retention step', () => {
  const accessRowsUpTo = (db: Database.Database, position: number) =>
    db
      .prepare(
        "DELETE FROM events WHERE position <= ? AND stream_id IN (SELECT id FROM streams WHERE name GLOB 'access-*' OR name GLOB 'security-*')",
      )
      .run(position);

  it('are a gap when nothing records a cut', async () => {
    const dir = copy();
    raw(dir, (db) => accessRowsUpTo(db, 20));
    const opened = await open(dir, { start: false });
    try {
      expect((await opened.ledger.inspect()).verification.firstBadEvent?.reason).toMatch(/missing/);
    } finally {
      await opened.close();
    }
  });

  it('are reported when the store records a cut the witness never received', async () => {
    const dir = copy();
    const opened = await open(dir, { start: false });
    const { notes } = await opened.ledger.evidence.read();
    const at = notes.filter((n) => n.position > 15n && n.position < 40n)[0]!;
    await opened.close();
    raw(dir, (db) => {
      accessRowsUpTo(db, Number(at.position));
      db.prepare('INSERT INTO chain_cuts (position, access_head, removed, cut_at) VALUES (?, ?, 0, ?)').run(
        at.position,
        at.heads.access,
        '2026-03-01T09:00:00.000Z',
      );
    });
    const checked = await open(dir, { start: false });
    try {
      expect((await checked.ledger.inspect()).verification.firstBadEvent?.reason).toMatch(/without a witnessed cut/);
    } finally {
      await checked.close();
    }
  });

  it('are reported when the witnessed cut removed entries younger than the retention period', async () => {
    const dir = copy();
    const opened = await open(dir, { start: false });
    const { notes } = await opened.ledger.evidence.read();
    const at = notes.filter((n) => n.position > 15n && n.position < 40n)[0]!;
    await opened.ledger.publish({ kind: 'cut', state: at, expired: 0, reason: 'too early' });
    opened.store.removeExpiredAccessEntries({ position: at.position, access: at.heads.access });
    try {
      expect((await opened.ledger.inspect()).verification.firstBadEvent?.reason).toMatch(/younger than 24 months/);
    } finally {
      await opened.close();
    }
  });
});

describe('a witness that cannot be reached on start', () => {
  it('keeps writes refused (the service runs) until it answers, then checks the store and writes', async () => {
    const dir = copy();
    const gate = new WriteGate('pending');
    const store = openSqliteEventStore({ path: join(dir, 'data', 'events.db'), gate, anchored: true });
    const real = new DirectoryWitness(join(dir, 'witness'));
    let reachable = false;
    const flaky = {
      describe: 'flaky',
      publish: (log: string, note: string) =>
        reachable ? real.publish(log, note) : Promise.reject(new Error('connection refused')),
      read: (log: string) => (reachable ? real.read(log) : Promise.reject(new Error('connection refused'))),
      latest: (log: string) => (reachable ? real.latest(log) : Promise.reject(new Error('connection refused'))),
    };
    const key = signingKeyFromSeed(keyNameFor(ORIGIN), SEED);
    const ledger = new LedgerIntegrity({
      origin: ORIGIN,
      key,
      keys: [{ name: key.name, publicKey: key.publicKey }],
      witness: new WitnessSet([flaky]),
      source: new SqliteChainSource(store),
      gate,
      clock: fixedClock('2026-03-01T09:00:00.000Z'),
      checkpointEveryMs: 60_000,
      checkpointEveryEvents: 10,
      accessLogMonths: 24,
      recheckEveryMs: 50,
      log: () => undefined,
    });
    try {
      await ledger.start({ verify: false });
      expect(gate.current).toMatchObject({ open: false, reason: expect.stringMatching(/witness cannot be read/) });
      await expect(store.appendToStream('case-w', [event('CaseOpened')], 'any')).rejects.toThrow(/Writes refused/);
      reachable = true;
      for (let i = 0; i < 100 && !gate.current.open; i++) await new Promise((r) => setTimeout(r, 20));
      expect(gate.current.open).toBe(true);
      await expect(store.appendToStream('case-w', [event('CaseOpened')], 'any')).resolves.toBeDefined();
    } finally {
      await ledger.stop();
      await store.close();
    }
  });
});
