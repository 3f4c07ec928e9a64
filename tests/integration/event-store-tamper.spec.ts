/**
 * Tamper evidence (product rule 8): someone with write access to the database file alters the log
 * behind the store's back; verifyChain must name the first bad position. Each case works on its own
 * copy of one populated, closed store.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { fixedClock } from '../../src/shared/clock.js';
import { rewriteEvent } from '../support/chain-attacker.js';

const EVENTS = 50;
const root = mkdtempSync(join(tmpdir(), 'kim-es-tamper-'));
const original = join(root, 'original');

beforeAll(async () => {
  const clock = fixedClock('2026-03-01T08:00:00.000Z');
  const store = openSqliteEventStore({ path: join(original, 'events.db'), clock });
  for (let i = 0; i < EVENTS; i++) {
    clock.advance(1000);
    const stream = `person-${i % 5}`;
    await store.appendToStream(
      stream,
      [
        {
          id: randomUUID(),
          type: 'PersonRegistered',
          data: { personal: { ciphertext: `c1p43r-${i}` }, agency: 'KI', n: i },
          metadata: {
            schemaVersion: 1,
            commandId: randomUUID(),
            correlationId: randomUUID(),
            causationId: randomUUID(),
            actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
            occurredAt: clock.now().toISOString(),
          },
        },
      ],
      'any',
    );
  }
  await store.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Copies the closed store, lets `tamper` loose on the raw file, then verifies through the store. */
async function verifyAfter(tamper: (db: Database.Database) => void) {
  const copy = join(root, randomUUID());
  cpSync(original, copy, { recursive: true });
  const raw = new Database(join(copy, 'events.db'));
  tamper(raw);
  raw.close();
  const store = openSqliteEventStore({ path: join(copy, 'events.db') });
  try {
    return await store.verifyChain();
  } finally {
    await store.close();
  }
}

const COLUMNS = 'stream_id, revision, id, type, data, metadata, recorded_at, hash';

describe('a store nobody touched', () => {
  it('verifies ok and counts every event (no false alarm)', async () => {
    await expect(verifyAfter(() => undefined)).resolves.toEqual({ ok: true, events: EVENTS });
  });
});

describe('a store whose file was altered', () => {
  it('names the event where one byte of the stored data was flipped', async () => {
    const result = await verifyAfter((db) => {
      const bytes = db.prepare('SELECT CAST(data AS BLOB) FROM events WHERE position = 17').pluck().get() as Buffer;
      const at = bytes.indexOf('c1p43r');
      bytes[at] = bytes[at]! ^ 0x01; // 'c' becomes 'b': still valid JSON, only the ciphertext changed
      db.prepare('UPDATE events SET data = CAST(? AS TEXT) WHERE position = 17').run(bytes);
    });
    expect(result).toMatchObject({ ok: false, firstBadEvent: { position: '17' } });
    expect(result.firstBadEvent!.reason).toMatch(/hash mismatch/);
  });

  it('names the missing position when an event was deleted', async () => {
    const result = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position = 20').run());
    expect(result).toMatchObject({ ok: false, events: EVENTS - 1, firstBadEvent: { position: '20' } });
    expect(result.firstBadEvent!.reason).toMatch(/missing/);
  });

  it('names the earlier position when two events swapped places', async () => {
    const result = await verifyAfter((db) => {
      const swap = db.transaction(() => {
        const row = (p: number) => db.prepare(`SELECT ${COLUMNS} FROM events WHERE position = ?`).get(p) as object;
        const [a, b] = [row(10), row(30)];
        db.prepare('DELETE FROM events WHERE position IN (10, 30)').run();
        const insert = db.prepare(
          `INSERT INTO events (position, ${COLUMNS}) VALUES (?, ${COLUMNS.replace(/\w+/g, '?')})`,
        );
        insert.run(10, ...Object.values(b));
        insert.run(30, ...Object.values(a));
      });
      swap();
    });
    expect(result).toMatchObject({ ok: false, firstBadEvent: { position: '10' } });
  });

  it('names the first missing position when the newest events were cut off', async () => {
    const result = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position > 45').run());
    expect(result).toMatchObject({ ok: false, events: 45, firstBadEvent: { position: '46' } });
    expect(result.firstBadEvent!.reason).toMatch(/truncated/);
  });

  it('detects a whole chain rewritten with recomputed hashes, at the recorded chain head', async () => {
    const result = await verifyAfter((db) => rewriteFrom(db, 25));
    expect(result).toMatchObject({ ok: false, firstBadEvent: { position: String(EVENTS) } });
    expect(result.firstBadEvent!.reason).toMatch(/rewritten/);
  });
});

describe('a store whose database AND chain head file were rewritten', () => {
  it('cannot be told from an honest one — which is why the head must also be kept elsewhere', async () => {
    const copy = join(root, randomUUID());
    cpSync(original, copy, { recursive: true });
    const raw = new Database(join(copy, 'events.db'));
    rewriteFrom(raw, 25);
    raw.close();
    const { writeChainHead } = await import('../../src/event-store/sqlite/chain-head-file.js');
    const forged = new Database(join(copy, 'events.db'));
    const tip = forged.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1').get() as {
      position: number;
      hash: Buffer;
    };
    forged.close();
    await writeChainHead(join(copy, 'chain-head.json'), { position: tip.position, hash: tip.hash.toString('hex') });
    const store = openSqliteEventStore({ path: join(copy, 'events.db') });
    await expect(store.verifyChain()).resolves.toEqual({ ok: true, events: EVENTS });
    await store.close();
  });
});

/** What an attacker who knows the hash rule does: change an event, then recompute every later hash. */
function rewriteFrom(db: Database.Database, position: number): void {
  rewriteEvent(db, position);
}
