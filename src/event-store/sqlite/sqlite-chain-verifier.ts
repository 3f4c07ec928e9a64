/**
 * Verification of the hash chain (product rule 8) for the embedded store.
 *
 * What it detects, for an attacker with write access to the database file only:
 * - a changed byte in any hashed column (data, metadata, type, id, stream name, revision, recordedAt) or in
 *   the stored hash: the recomputed hash of that row differs;
 * - a deleted event: a gap in the positions (positions are gapless by construction);
 * - reordered events: the recomputed hash differs where the first moved row sits, and the stream's
 *   revisions no longer follow each other;
 * - a truncated log (newest events deleted): the chain head file names a position beyond the last row;
 * - a rewritten chain with consistently recomputed hashes: the row at the head file's position no longer
 *   carries the hash the head file recorded. The head file holds only the newest hash, so such a rewrite
 *   is reported at the head position, not at the first row the attacker changed.
 * What it cannot detect: an attacker who can write BOTH the database and the chain head file can rewrite
 * everything consistently; so can one who deletes the head file (a missing head is taken as "not yet
 * written", since a crash between the first COMMIT and the first head write leaves exactly that). The
 * head must therefore also be shipped elsewhere (log collector, printed into the DPO's report) and
 * compared. Appends after the last head write cannot be told from forged appends, except by that copy.
 * Unhashed tables (streams' integer keys, stream metadata) are out of scope.
 */
import type Database from 'better-sqlite3';
import type { ChainVerification } from '../event-store.port.js';
import { chainHash, GENESIS_HASH, type ChainHead } from '../hash-chain.js';

const BATCH = 5000;

interface RawRow {
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

type Bad = NonNullable<ChainVerification['firstBadEvent']>;
const bad = (position: number, reason: string): Bad => ({ position: String(position), reason });

export async function verifySqliteChain(
  db: Database.Database,
  /** Read BEFORE the database, so a concurrent append cannot make the head look ahead of the log. */
  head: ChainHead | undefined,
  onProgress?: (checked: number, total: number) => void,
): Promise<ChainVerification> {
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const last = (db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0;
  // Raw bytes, exactly as stored: CAST(... AS BLOB) avoids any decoding of the TEXT columns.
  const page = db.prepare(
    'SELECT e.position AS position, CAST(s.name AS BLOB) AS stream, e.stream_id AS streamKey, e.revision AS revision, ' +
      'CAST(e.type AS BLOB) AS type, CAST(e.id AS BLOB) AS id, CAST(e.data AS BLOB) AS data, ' +
      'CAST(e.metadata AS BLOB) AS metadata, CAST(e.recorded_at AS BLOB) AS recordedAt, e.hash AS hash ' +
      'FROM events e LEFT JOIN streams s ON s.id = e.stream_id WHERE e.position > ? AND e.position <= ? ' +
      'ORDER BY e.position LIMIT ?',
  );
  const revisions = new Map<number, number>();
  let previous = { position: 0, hash: GENESIS_HASH as Buffer };
  let checked = 0;
  let headHash: Buffer | undefined;
  let firstBad: Bad | undefined;

  while (!firstBad && previous.position < last) {
    const rows = page.all(previous.position, last, BATCH) as RawRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      firstBad = checkRow(row, previous, revisions);
      if (firstBad) break;
      previous = { position: row.position, hash: row.hash! };
      if (head && row.position === head.position) headHash = row.hash!;
      checked += 1;
    }
    onProgress?.(checked, total);
    await new Promise((resolve) => setImmediate(resolve));
  }

  if (!firstBad && head) firstBad = checkHead(head, previous.position, headHash);
  onProgress?.(total, total);
  return firstBad ? { ok: false, events: total, firstBadEvent: firstBad } : { ok: true, events: total };
}

function checkRow(
  row: RawRow,
  previous: { position: number; hash: Buffer },
  revisions: Map<number, number>,
): Bad | undefined {
  if (row.position !== previous.position + 1) {
    return bad(
      previous.position + 1,
      `event missing: position ${previous.position + 1} absent (gap before ${row.position})`,
    );
  }
  if (row.stream === null) return bad(row.position, 'stream of the event is missing');
  const expectedRevision = (revisions.get(row.streamKey) ?? -1) + 1;
  revisions.set(row.streamKey, row.revision);
  const recomputed = chainHash(previous.hash, { ...row, stream: row.stream });
  if (!row.hash || !recomputed.equals(row.hash)) {
    const order =
      row.revision === expectedRevision
        ? ''
        : ` and revision ${row.revision} follows ${expectedRevision - 1} in its stream (reordered?)`;
    return bad(row.position, `hash mismatch: content or order altered${order}`);
  }
  if (row.revision !== expectedRevision) {
    return bad(
      row.position,
      `revision ${row.revision} follows ${expectedRevision - 1} in its stream: events reordered`,
    );
  }
  return undefined;
}

function checkHead(head: ChainHead, lastPosition: number, hashAtHead: Buffer | undefined): Bad | undefined {
  if (head.position > lastPosition) {
    return bad(
      lastPosition + 1,
      `log truncated: chain head records position ${head.position}, the log ends at ${lastPosition}`,
    );
  }
  if (head.position > 0 && hashAtHead?.toString('hex') !== head.hash) {
    return bad(
      head.position,
      'chain rewritten: the hash at the chain head position differs from the recorded chain head',
    );
  }
  return undefined;
}
