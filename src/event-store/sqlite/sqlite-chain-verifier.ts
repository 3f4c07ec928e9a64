/**
 * Verification of the hash chain (product rules 8 and 9) for the embedded store.
 *
 * What it detects, for an attacker with write access to the data folder:
 * - a changed byte in any hashed column (data, metadata, type, id, stream name, revision, recordedAt) or in
 *   the stored hash: the recomputed hash of that row differs;
 * - a deleted event: a gap in the positions (gapless by construction; only expired access-log entries up
 *   to a witnessed cut may be missing);
 * - reordered events: the recomputed hash differs where the first moved row sits, and the stream's
 *   revisions no longer follow each other;
 * - a log truncated, rewritten with recomputed hashes, forged or forked — also when events were appended
 *   afterwards: the log no longer extends a signed checkpoint that a witness outside the data folder holds
 *   (reported after the last checkpoint it does extend), or the chain-head file beside the database names a
 *   position beyond the log or a different hash there.
 * What it cannot detect on its own: changes after the newest witnessed checkpoint by someone who can also
 * rewrite the chain-head file (the window is at most a minute or KIM_CHECKPOINT_EVENTS events, see
 * docs/tamper-evidence.md). Unhashed tables (streams' integer keys, stream metadata) are out of scope.
 */
import type Database from 'better-sqlite3';
import { ChainWalker, type AccessCut, type TrustedCheckpoint, type WalkResult } from '../chain-walker.js';
import type { ChainVerification } from '../event-store.port.js';
import { laneOfBytes, type ChainHead } from '../hash-chain.js';
import { initChainFormat, readCut, walkRows, type RawRow } from './sqlite-chain.js';

export interface SqliteVerifyOptions {
  /** The chain-head file, read BEFORE the database so a concurrent append cannot make it look ahead. */
  head?: ChainHead;
  /** Checkpoints a witness holds (signatures checked); without them only the store's own evidence counts. */
  checkpoints?: readonly TrustedCheckpoint[];
  /** The newest cut of the access lane a witness holds; the store's own record of its cut must match. */
  witnessedCut?: AccessCut | null;
  /** Record every failure instead of stopping (to acknowledge them). */
  collectAll?: boolean;
  onProgress?: (checked: number, total: number) => void;
}

export interface SqliteVerification {
  verification: ChainVerification;
  walk: WalkResult;
}

type Bad = NonNullable<ChainVerification['firstBadEvent']>;

export async function verifySqliteChain(
  db: Database.Database,
  options: SqliteVerifyOptions = {},
): Promise<SqliteVerification> {
  const format2From = initChainFormat(db);
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const last = BigInt((db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0);
  const storedCut = readCut(db);
  let cutProblem: Bad | undefined;
  let cut = storedCut;
  if (options.witnessedCut !== undefined) {
    const witnessed = options.witnessedCut ?? undefined;
    if (storedCut && (!witnessed || storedCut.position > witnessed.position)) {
      cutProblem = {
        position: String(storedCut.position),
        reason: `access-log entries up to position ${storedCut.position} were removed without a witnessed cut`,
      };
    }
    if (witnessed && (!storedCut || witnessed.position >= storedCut.position)) cut = witnessed;
  }
  const walker = new ChainWalker({
    format2From,
    gapless: true,
    ...(cut ? { cut } : {}),
    checkpoints: options.checkpoints ?? [],
    ...(options.collectAll ? { collectAll: true } : {}),
  });
  const revisions = new Map<number, number>();
  let checked = 0;
  let headHash: Buffer | undefined;
  const visit = (row: RawRow) => {
    checked += 1;
    if (options.head && row.position === options.head.position) headHash = row.hash ?? undefined;
    if (row.stream === null) return { problem: 'stream of the event is missing' };
    const seen = revisions.get(row.streamKey);
    revisions.set(row.streamKey, row.revision);
    // An access stream may have lost its first entries to a cut; its later ones start at any revision.
    if (seen === undefined && cut && laneOfBytes(row.stream) === 'access') return {};
    const expected = (seen ?? -1) + 1;
    if (row.revision === expected) return {};
    return {
      mismatchHint: ` and revision ${row.revision} follows ${expected - 1} in its stream (reordered?)`,
      ifHashHolds: `revision ${row.revision} follows ${expected - 1} in its stream: events reordered`,
    };
  };
  // Pages of 5,000 rows with a yield in between, so a verification inside the service leaves room for requests.
  let after = 0n;
  while (!walker.stopped && after < last) {
    const to = after + 5000n < last ? after + 5000n : last;
    walkRows(db, walker, after, to, visit);
    after = to;
    options.onProgress?.(checked, total);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const walk = walker.finish();
  let firstBad: Bad | undefined = walk.failure
    ? { position: String(walk.failure.position), reason: walk.failure.reason }
    : undefined;
  firstBad ??= cutProblem;
  if (!firstBad && options.head) firstBad = checkHead(options.head, walk.state.position, headHash);
  if (firstBad && !walk.failure)
    walk.failure = { position: BigInt(firstBad.position), reason: firstBad.reason, kind: 'row' };
  // An acknowledged incident stays on record: not ok, named, but it no longer stops the service.
  const acknowledged = walk.acknowledged[0];
  const shown = firstBad ?? (acknowledged && { position: String(acknowledged.position), reason: acknowledged.reason });
  options.onProgress?.(total, total);
  const verification: ChainVerification = {
    ok: !shown,
    events: total,
    ...(shown ? { firstBadEvent: shown } : {}),
    ...(walk.lastGood ? { checkpoint: describeCheckpoint(walk.lastGood) } : {}),
    ...(walk.acknowledged.length > 0
      ? { acknowledged: walk.acknowledged.map((f) => ({ position: String(f.position), reason: f.reason })) }
      : {}),
    ...(cut ? { accessLogCut: String(cut.position) } : {}),
  };
  return { verification, walk };
}

export const describeCheckpoint = (c: TrustedCheckpoint) => ({
  position: String(c.position),
  time: c.time,
  root: c.root.toString('hex'),
  kind: c.kind,
});

function checkHead(head: ChainHead, lastPosition: bigint, hashAtHead: Buffer | undefined): Bad | undefined {
  if (BigInt(head.position) > lastPosition) {
    return {
      position: String(lastPosition + 1n),
      reason: `log truncated: chain head records position ${head.position}, the log ends at ${lastPosition}`,
    };
  }
  if (head.position > 0 && hashAtHead?.toString('hex') !== head.hash) {
    return {
      position: String(head.position),
      reason: 'chain rewritten: the hash at the chain head position differs from the recorded chain head',
    };
  }
  return undefined;
}
