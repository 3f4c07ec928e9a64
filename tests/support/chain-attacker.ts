/**
 * What an attacker with write access to events.db can do, knowing the (public) hash rule: change rows and
 * recompute every later hash, cut the log, or append forged rows that chain on from whatever the database
 * says — exactly what the writer itself did before witnessed checkpoints (issue 13).
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  chainHash,
  GENESIS_HASH,
  laneHash,
  laneOfBytes,
  leafHash,
  utf8,
  type ChainedFields,
  type LaneHeads,
} from '../../src/event-store/hash-chain.js';
import { readChainState, readCut } from '../../src/event-store/sqlite/sqlite-chain.js';

interface Row extends ChainedFields {
  position: number;
}

const format2From = (db: Database.Database) =>
  Number(
    (db.prepare("SELECT value FROM chain_meta WHERE key = 'format2_from'").pluck().get() as string | undefined) ?? 1,
  );

/** Recomputes every hash (format 1 and 2, both lanes) and stores those of rows at or after `from`. */
export function rehashChain(db: Database.Database, from = 1): void {
  const rows = db
    .prepare(
      'SELECT e.position, CAST(s.name AS BLOB) AS stream, e.revision, CAST(e.type AS BLOB) AS type, CAST(e.id AS BLOB) AS id, ' +
        'CAST(e.data AS BLOB) AS data, CAST(e.metadata AS BLOB) AS metadata, CAST(e.recorded_at AS BLOB) AS recordedAt ' +
        'FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY e.position',
    )
    .all() as Row[];
  const update = db.prepare('UPDATE events SET hash = ? WHERE position = ?');
  const boundary = format2From(db);
  const cut = readCut(db);
  let v1: Buffer = GENESIS_HASH;
  let lanes: LaneHeads | undefined;
  let cutApplied = false;
  for (const row of rows) {
    let hash: Buffer;
    if (row.position < boundary) hash = v1 = chainHash(v1, row);
    else {
      lanes ??= { main: v1, access: v1 };
      if (cut && !cutApplied && row.position >= Number(cut.position)) {
        lanes.access = cut.access;
        cutApplied = true;
      }
      const lane = laneOfBytes(row.stream);
      hash = lanes[lane] = laneHash(lanes[lane], lane, leafHash(row));
    }
    if (row.position >= from) update.run(hash, row.position);
  }
}

/** Changes one event's data (a transfer's recipient, say) and re-hashes everything after it. */
export function rewriteEvent(db: Database.Database, position: number, path = '$.agency', value = 'JOBCENTER'): void {
  db.prepare(`UPDATE events SET data = json_set(data, ?, ?) WHERE position = ?`).run(path, value, position);
  rehashChain(db, position);
}

/** Puts a forged event in the place of an existing one (same stream and revision) and re-hashes. */
export function replaceEvent(
  db: Database.Database,
  position: number,
  type: string,
  data: Record<string, unknown>,
): void {
  db.prepare('UPDATE events SET type = ?, data = ? WHERE position = ?').run(type, JSON.stringify(data), position);
  rehashChain(db, position);
}

/** Deletes the newest events from `from` on. */
export function truncateFrom(db: Database.Database, from: number): void {
  db.prepare('DELETE FROM events WHERE position >= ?').run(from);
}

/** Appends a forged event with a valid hash, chained on from what the database records. */
export function appendForged(
  db: Database.Database,
  event: { stream: string; type: string; data: Record<string, unknown>; recordedAt?: string },
): number {
  const boundary = BigInt(format2From(db));
  const state = readChainState(db, boundary, readCut(db));
  const position = Number(state.position) + 1;
  let streamId = db.prepare('SELECT id FROM streams WHERE name = ?').pluck().get(event.stream) as number | undefined;
  streamId ??= Number(db.prepare('INSERT INTO streams (name) VALUES (?)').run(event.stream).lastInsertRowid);
  const revision =
    ((db.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck().get(streamId) as number | null) ??
      -1) + 1;
  const id = randomUUID();
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify({
    schemaVersion: 1,
    commandId: id,
    correlationId: id,
    causationId: id,
    actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
    occurredAt: event.recordedAt ?? new Date().toISOString(),
  });
  const recordedAt = event.recordedAt ?? new Date().toISOString();
  const fields: ChainedFields = {
    position,
    stream: utf8(event.stream),
    revision,
    type: utf8(event.type),
    id: utf8(id),
    data: utf8(data),
    metadata: utf8(metadata),
    recordedAt: utf8(recordedAt),
  };
  const lane = laneOfBytes(fields.stream);
  const hash =
    BigInt(position) < boundary
      ? chainHash(state.heads.main, fields)
      : laneHash(state.heads[lane], lane, leafHash(fields));
  db.prepare(
    'INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(position, streamId, revision, id, event.type, data, metadata, recordedAt, hash);
  return position;
}

/**
 * A store as the writer before format 2 left it: every row chained with the format-1 rule, no record of
 * where format 2 begins. `rows` events alternate between a case stream and access-log streams.
 */
export function writeFormat1Store(db: Database.Database, rows: number): void {
  const insertStream = db.prepare('INSERT INTO streams (name) VALUES (?)');
  const insert = db.prepare(
    'INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let previous: Buffer = GENESIS_HASH;
  const revisions = new Map<string, number>();
  for (let position = 1; position <= rows; position++) {
    const stream = position % 3 === 0 ? `access-${randomUUID()}` : `case-${position % 2}`;
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    let streamId = db.prepare('SELECT id FROM streams WHERE name = ?').pluck().get(stream) as number | undefined;
    streamId ??= Number(insertStream.run(stream).lastInsertRowid);
    const id = randomUUID();
    const type = stream.startsWith('access-') ? 'PersonalDataAccessed' : 'CaseActionRecorded';
    const data = JSON.stringify({ n: position });
    const metadata = JSON.stringify({
      schemaVersion: 1,
      commandId: id,
      correlationId: id,
      causationId: id,
      actor: { sub: 'old', role: 'caseworker', agency: 'KI' },
      occurredAt: '2025-01-01T00:00:00.000Z',
    });
    const recordedAt = '2025-01-01T00:00:00.000Z';
    previous = chainHash(previous, {
      position,
      stream: utf8(stream),
      revision,
      type: utf8(type),
      id: utf8(id),
      data: utf8(data),
      metadata: utf8(metadata),
      recordedAt: utf8(recordedAt),
    });
    insert.run(position, streamId, revision, id, type, data, metadata, recordedAt, previous);
  }
}
