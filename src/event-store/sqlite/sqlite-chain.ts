/**
 * The embedded store's side of the chain: where format 2 begins, where the access lane was cut, reading
 * rows as raw stored bytes for the ChainWalker, finding the lane heads, checking that the store extends a
 * witnessed checkpoint, and removing expired access-log entries.
 */
import type Database from 'better-sqlite3';
import { ChainWalker, type AccessCut, type RowNotes, type WalkFailure, type WalkRow } from '../chain-walker.js';
import {
  GENESIS_HASH,
  laneOfBytes,
  leafHash,
  type ChainedFields,
  type ChainState,
  type LaneHeads,
} from '../hash-chain.js';

export interface RawRow {
  position: number;
  stream: Buffer | null;
  streamKey: number;
  revision: number;
  type: Buffer;
  id: Buffer;
  data: Buffer;
  metadata: Buffer;
  recordedAt: Buffer;
  hash: Buffer | null;
}

// Raw bytes, exactly as stored: CAST(... AS BLOB) avoids any decoding of the TEXT columns.
export const RAW_ROW_SQL =
  'SELECT e.position AS position, CAST(s.name AS BLOB) AS stream, e.stream_id AS streamKey, e.revision AS revision, ' +
  'CAST(e.type AS BLOB) AS type, CAST(e.id AS BLOB) AS id, CAST(e.data AS BLOB) AS data, ' +
  'CAST(e.metadata AS BLOB) AS metadata, CAST(e.recorded_at AS BLOB) AS recordedAt, e.hash AS hash ' +
  'FROM events e LEFT JOIN streams s ON s.id = e.stream_id';

export const fieldsOf = (row: RawRow): ChainedFields => ({ ...row, stream: row.stream ?? Buffer.alloc(0) });

export const walkRowOf = (row: RawRow): WalkRow => ({
  position: BigInt(row.position),
  fields: fieldsOf(row),
  storedHash: row.hash ?? Buffer.alloc(0),
});

/**
 * Where format 2 begins, recorded once: 1 for a new store, the next position for a store written in
 * format 1 (its old rows keep verifying as they are). Inside an IMMEDIATE transaction so processes
 * opening the same store together agree.
 */
export function initChainFormat(db: Database.Database): bigint {
  const read = () =>
    db.prepare("SELECT value FROM chain_meta WHERE key = 'format2_from'").pluck().get() as string | undefined;
  const existing = read();
  if (existing !== undefined) return BigInt(existing);
  return db
    .transaction(() => {
      const again = read();
      if (again !== undefined) return BigInt(again);
      const last = (db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0;
      db.prepare("INSERT INTO chain_meta (key, value) VALUES ('format2_from', ?)").run(String(last + 1));
      return BigInt(last + 1);
    })
    .immediate();
}

export function readCut(db: Database.Database): AccessCut | undefined {
  const row = db
    .prepare('SELECT position, access_head AS access FROM chain_cuts ORDER BY position DESC LIMIT 1')
    .get() as { position: number; access: Buffer } | undefined;
  return row ? { position: BigInt(row.position), access: row.access } : undefined;
}

const storedHashAt = (db: Database.Database, position: bigint): Buffer | undefined =>
  position === 0n
    ? GENESIS_HASH
    : (db.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(position) as Buffer | undefined);

/**
 * The chain state at the newest row as the database records it (trust on first use: for a store opened
 * without a witness, e.g. by tests, benchmarks and tools). Walks back from the newest row until it has seen
 * a row of each lane; a lane with none since format 2 (or since the cut) stands at its start.
 */
export function readChainState(db: Database.Database, format2From: bigint, cut: AccessCut | undefined): ChainState {
  const tip = db.prepare(`${RAW_ROW_SQL} ORDER BY e.position DESC LIMIT 1`).get() as RawRow | undefined;
  const position = BigInt(tip?.position ?? 0);
  const start = storedHashAt(db, format2From - 1n) ?? GENESIS_HASH;
  if (!tip || position < format2From) {
    const head = tip?.hash ?? GENESIS_HASH;
    return { position, heads: { main: head, access: head }, at: { main: position, access: position }, format2From };
  }
  const found: Partial<LaneHeads> = {};
  const at = { main: format2From - 1n, access: cut && cut.position >= format2From ? cut.position : format2From - 1n };
  const floor = format2From - 1n;
  const page = db.prepare(
    'SELECT e.position AS position, CAST(s.name AS BLOB) AS stream, e.hash AS hash FROM events e ' +
      'LEFT JOIN streams s ON s.id = e.stream_id WHERE e.position <= ? AND e.position > ? ORDER BY e.position DESC LIMIT 1000',
  );
  let below = position;
  while ((!found.main || !found.access) && below > floor) {
    const rows = page.all(below, floor) as { position: number; stream: Buffer | null; hash: Buffer }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const lane = laneOfBytes(row.stream ?? Buffer.alloc(0));
      if (lane === 'access' && cut && BigInt(row.position) <= cut.position) continue;
      if (found[lane]) continue;
      found[lane] = row.hash;
      at[lane] = BigInt(row.position);
    }
    below = BigInt(rows.at(-1)!.position) - 1n;
  }
  return {
    position,
    heads: { main: found.main ?? start, access: found.access ?? cut?.access ?? start },
    at,
    leaf: leafHash(fieldsOf(tip)),
    format2From,
  };
}

/** Walks the rows after `from` (exclusive) up to `to` (inclusive) through a walker, in pages. */
export function walkRows(
  db: Database.Database,
  walker: ChainWalker,
  from: bigint,
  to: bigint,
  visit?: (row: RawRow) => RowNotes,
): number {
  const page = db.prepare(`${RAW_ROW_SQL} WHERE e.position > ? AND e.position <= ? ORDER BY e.position LIMIT 5000`);
  let after = from;
  let walked = 0;
  while (after < to && !walker.stopped) {
    const rows = page.all(after, to) as RawRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      walked += 1;
      if (!walker.push(walkRowOf(row), visit?.(row) ?? {})) break;
    }
    after = BigInt(rows.at(-1)!.position);
  }
  return walked;
}

export type TrustCheck = { ok: true; state: ChainState; tipHash: Buffer } | { ok: false; failure: WalkFailure };

/**
 * Does the store extend `anchor` (a witnessed checkpoint)? The row at the anchor's position must carry the
 * anchor's head of its lane and its leaf, and every row after it must chain on from the anchor's heads.
 * Earlier rows are what a full `verify` checks; this is the check on start and before appending.
 */
export function checkExtends(db: Database.Database, anchor: ChainState, cut: AccessCut | undefined): TrustCheck {
  return db.transaction((): TrustCheck => {
    const fail = (position: bigint, reason: string): TrustCheck => ({
      ok: false,
      failure: { position, reason, kind: 'checkpoint' },
    });
    const format2From = BigInt(
      (db.prepare("SELECT value FROM chain_meta WHERE key = 'format2_from'").pluck().get() as string | undefined) ??
        '1',
    );
    if (format2From !== anchor.format2From) {
      return fail(
        anchor.position,
        `format 2 starts at ${format2From} in the store, at ${anchor.format2From} by the witnessed checkpoint`,
      );
    }
    const last = BigInt((db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0);
    if (last < anchor.position) {
      return fail(
        last + 1n,
        `log truncated: the last witnessed checkpoint covers position ${anchor.position}, the log ends at ${last}`,
      );
    }
    if (anchor.position > 0n) {
      const row = db.prepare(`${RAW_ROW_SQL} WHERE e.position = ?`).get(anchor.position) as RawRow | undefined;
      const heads = anchor.heads;
      const expiredHere = cut !== undefined && anchor.position <= cut.position;
      if (!row && !expiredHere)
        return fail(
          anchor.position,
          `event missing: the last witnessed checkpoint's position ${anchor.position} is absent`,
        );
      if (row && !(row.hash?.equals(heads.main) || row.hash?.equals(heads.access))) {
        return fail(
          anchor.position,
          `chain rewritten: the event at ${anchor.position} no longer carries the witnessed head`,
        );
      }
      // Both lanes: a lane re-hashed behind the other's newest event shows in the row that carries its head.
      for (const lane of ['main', 'access'] as const) {
        const position = anchor.at?.[lane];
        if (position === undefined || position === 0n || position === anchor.position) continue;
        if (lane === 'access' && cut && position <= cut.position) continue;
        const stored = storedHashAt(db, position);
        if (!stored?.equals(heads[lane])) {
          return fail(
            position,
            `chain rewritten: the event at ${position} no longer carries the witnessed head of the ${lane} lane`,
          );
        }
      }
      if (row && anchor.leaf && !leafHash(fieldsOf(row)).equals(anchor.leaf)) {
        return fail(anchor.position, `hash mismatch: the event at ${anchor.position} differs from the one witnessed`);
      }
    }
    const walker = new ChainWalker({ format2From, gapless: true, start: anchor, ...(cut ? { cut } : {}) });
    walkRows(db, walker, anchor.position, last);
    const result = walker.finish();
    if (result.failure) return { ok: false, failure: result.failure };
    const tipHash = storedHashAt(db, result.state.position) ?? GENESIS_HASH;
    return { ok: true, state: result.state, tipHash };
  })();
}

/** Counts the access-log rows a cut at `position` would remove (format 2 only: format-1 rows are bound). */
export function countExpirable(db: Database.Database, position: bigint, format2From: bigint): number {
  return db
    .prepare(`SELECT count(*) FROM events WHERE position <= ? AND position >= ? AND stream_id IN (${ACCESS_STREAMS})`)
    .pluck()
    .get(position, format2From) as number;
}

const ACCESS_STREAMS = "SELECT id FROM streams WHERE name GLOB 'access-*' OR name GLOB 'security-*'";

/**
 * Removes the access-log rows up to the cut and records the cut, in one transaction: either the entries
 * are gone and the access lane continues from the cut's head, or nothing changed. Their streams and stream
 * metadata go too (secure_delete zeroes the freed pages).
 */
export function removeExpiredAccessRows(
  db: Database.Database,
  cut: AccessCut,
  format2From: bigint,
  at: string,
): number {
  return db
    .transaction(() => {
      const removed = db
        .prepare(`DELETE FROM events WHERE position <= ? AND position >= ? AND stream_id IN (${ACCESS_STREAMS})`)
        .run(cut.position, format2From).changes;
      db.prepare(
        `DELETE FROM stream_metadata WHERE stream IN (SELECT name FROM streams s WHERE s.id IN (${ACCESS_STREAMS}) ` +
          'AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.id))',
      ).run();
      db.prepare(
        `DELETE FROM streams WHERE id IN (${ACCESS_STREAMS}) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = streams.id)`,
      ).run();
      db.prepare(
        'INSERT INTO chain_cuts (position, access_head, removed, cut_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (position) DO UPDATE SET removed = removed + excluded.removed',
      ).run(cut.position, cut.access, removed, at);
      return removed;
    })
    .immediate();
}
