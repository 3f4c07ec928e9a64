import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { rehashChain } from './chain-attacker.js';
import { prng, type Figure } from './reliability-report.js';

/**
 * Issue item 8 as figures: random tamperings of the database file (flip a byte anywhere in a row, delete,
 * reorder, truncate, replace the whole chain with recomputed hashes) must all be detected, and stores
 * nobody touched — built with concurrent appends and reopened — must never raise a false alarm. The
 * chain-head file beside the database is left alone: an attacker who can rewrite both the database and
 * the head file is out of reach of any self-contained chain (docs/tamper-evidence.md).
 */
export const TAMPER_KINDS = [
  'flip a byte',
  'delete an event',
  'reorder two events',
  'truncate the tail',
  'replace the whole chain',
] as const;
type Kind = (typeof TAMPER_KINDS)[number];

async function buildStore(dir: string, events: number, random: () => number): Promise<void> {
  const store = openSqliteEventStore({ path: join(dir, 'events.db') });
  // Appends race each other (group commit batches them) and the store is reopened halfway.
  const appendMany = (from: number, to: number) =>
    Promise.all(
      Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        return store.appendToStream(
          `person-${Math.floor(random() * 7)}`,
          [
            {
              id: randomUUID(),
              type: pick(random, ['PersonRegistered', 'ConsentGranted', 'DataTransferred', 'PersonalDataAccessed']),
              data: {
                personal: { ciphertext: `c1p43r-${i}-${random().toString(36)}` },
                agency: 'KI',
                n: i,
                text: 'Grüße ✓ 🙂',
              },
              metadata: {
                schemaVersion: 1,
                commandId: randomUUID(),
                correlationId: randomUUID(),
                causationId: randomUUID(),
                actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
                occurredAt: new Date().toISOString(),
              },
            },
          ],
          'any',
        );
      }),
    );
  await appendMany(0, Math.floor(events / 2));
  await store.close();
  const reopened = openSqliteEventStore({ path: join(dir, 'events.db') });
  await Promise.all(
    Array.from({ length: events - Math.floor(events / 2) }, (_, k) =>
      reopened.appendToStream(
        `case-${k % 5}`,
        [
          {
            id: randomUUID(),
            type: 'CaseOpened',
            data: { k },
            metadata: {
              schemaVersion: 1,
              commandId: randomUUID(),
              correlationId: randomUUID(),
              causationId: randomUUID(),
              actor: { sub: 'tl', role: 'team_lead', agency: 'KI' },
              occurredAt: new Date().toISOString(),
            },
          },
        ],
        'any',
      ),
    ),
  );
  await reopened.close();
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const COLUMNS = ['stream_id', 'revision', 'id', 'type', 'data', 'metadata', 'recorded_at', 'hash'] as const;

function tamper(db: Database.Database, kind: Kind, random: () => number): string {
  const count = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const at = 1 + Math.floor(random() * count);
  switch (kind) {
    case 'flip a byte': {
      const column = pick(random, [...COLUMNS, 'stream name' as const]);
      if (column === 'stream name') {
        const id = db.prepare('SELECT stream_id FROM events WHERE position = ?').pluck().get(at) as number;
        const exists = db.prepare('SELECT 1 FROM streams WHERE CAST(name AS BLOB) = ?').pluck();
        let name: Buffer;
        do {
          name = Buffer.from(
            db.prepare('SELECT CAST(name AS BLOB) FROM streams WHERE id = ?').pluck().get(id) as Buffer,
          );
          name[Math.floor(random() * name.length)] ^= 1 << Math.floor(random() * 8);
        } while (exists.get(name)); // a flip that names another existing stream would break UNIQUE
        db.prepare('UPDATE streams SET name = CAST(? AS TEXT) WHERE id = ?').run(name, id);
        return `stream name of event ${at}`;
      }
      if (column === 'revision') {
        db.prepare('UPDATE events SET revision = revision + 100000 WHERE position = ?').run(at);
        return `revision of event ${at}`;
      }
      if (column === 'stream_id') {
        const moved = db.prepare('INSERT INTO streams (name) VALUES (?)').run(`person-moved-${at}`).lastInsertRowid;
        db.prepare('UPDATE events SET stream_id = ? WHERE position = ?').run(moved, at);
        return `stream of event ${at}`;
      }
      const bytes = Buffer.from(
        db.prepare(`SELECT CAST(${column} AS BLOB) FROM events WHERE position = ?`).pluck().get(at) as Buffer,
      );
      bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      db.prepare(`UPDATE events SET ${column} = ${column === 'hash' ? '?' : 'CAST(? AS TEXT)'} WHERE position = ?`).run(
        bytes,
        at,
      );
      return `${column} of event ${at}`;
    }
    case 'delete an event':
      db.prepare('DELETE FROM events WHERE position = ?').run(at);
      return `event ${at}`;
    case 'reorder two events': {
      const other = at === count ? at - 1 : at + 1 + Math.floor(random() * (count - at));
      db.exec('BEGIN');
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(at);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(at, other);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(other);
      db.exec('COMMIT');
      return `events ${at} and ${other}`;
    }
    case 'truncate the tail':
      db.prepare('DELETE FROM events WHERE position >= ?').run(Math.max(2, at));
      return `from ${Math.max(2, at)}`;
    case 'replace the whole chain': {
      db.prepare(`UPDATE events SET data = json_set(data, '$.agency', 'JOBCENTER')`).run();
      rehashChain(db);
      return 'every event, hashes recomputed';
    }
  }
}

export interface TamperResult {
  figures: Figure[];
  undetected: string[];
  crashed: string[];
  falseAlarms: number;
}

export async function runTamperTrials(
  seed: number,
  trials: number,
  untouched: number,
  events: number,
): Promise<TamperResult> {
  const random = prng(seed);
  const root = mkdtempSync(join(tmpdir(), 'kim-rel-tamper-'));
  const original = join(root, 'original');
  const undetected: string[] = [];
  const crashed: string[] = [];
  const detected: Record<Kind, number> = Object.fromEntries(TAMPER_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const tried: Record<Kind, number> = Object.fromEntries(TAMPER_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  let falseAlarms = 0;
  try {
    await buildStore(original, events, random);
    const verify = async (dir: string) => {
      const store = openSqliteEventStore({ path: join(dir, 'events.db') });
      try {
        return await store.verifyChain();
      } finally {
        await store.close();
      }
    };
    for (let t = 0; t < trials; t++) {
      const kind = TAMPER_KINDS[t % TAMPER_KINDS.length]!;
      const copy = join(root, `t${t}`);
      cpSync(original, copy, { recursive: true });
      const raw = new Database(join(copy, 'events.db'));
      const what = tamper(raw, kind, random);
      raw.close();
      tried[kind] += 1;
      try {
        if ((await verify(copy)).ok) undetected.push(`${kind}: ${what}`);
        else detected[kind] += 1;
      } catch (error) {
        crashed.push(`${kind}: ${what}: ${(error as Error).message}`);
      }
      rmSync(copy, { recursive: true, force: true });
    }
    for (let u = 0; u < untouched; u++) {
      const dir = join(root, `u${u}`);
      await buildStore(dir, 5 + Math.floor(random() * events), random);
      if (!(await verify(dir)).ok) falseAlarms += 1;
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return {
    undetected,
    crashed,
    falseAlarms,
    figures: [
      ...TAMPER_KINDS.map((k) => ({ label: `tamperings detected: ${k}`, value: detected[k], of: tried[k] })),
      { label: 'tamperings detected in all', value: Object.values(detected).reduce((a, b) => a + b, 0), of: trials },
      { label: 'verifications that threw instead of reporting', value: crashed.length, of: trials },
      { label: 'false alarms on untouched stores (concurrent appends, reopened)', value: falseAlarms, of: untouched },
    ],
  };
}
