import type Database from 'better-sqlite3';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port.js';
import { chainHash, GENESIS_HASH, utf8, type ChainHead } from '../hash-chain.js';
import type { Clock } from '../../shared/clock.js';
import { assertNever } from '../../shared/decider.js';
import { ConcurrencyError } from '../../shared/errors.js';

interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  stream: string;
  events: SerializedEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface Tip {
  position: number;
  hash: Buffer;
}

export function matchesExpected(expected: ExpectedRevision, current: number | undefined): boolean {
  if (typeof expected === 'number') return current === expected;
  switch (expected) {
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    case 'any':
      return true;
    default:
      return assertNever(expected);
  }
}

/**
 * Writes appends with group commit: every append that arrives in the same event-loop turn is queued, and
 * one setImmediate flush writes them all in ONE `BEGIN IMMEDIATE` transaction, so the fsync that
 * synchronous=FULL demands is paid once per batch. Each append runs inside its own SAVEPOINT: a
 * ConcurrencyError (or any other failure) rolls back that append only. Promises resolve after COMMIT.
 *
 * The previous row's hash is read inside the IMMEDIATE transaction, i.e. under SQLite's write lock, so
 * the chain stays correct when several processes append to the same file. With `groupCommit: false`
 * every append gets its own transaction (the naive path, kept for comparison in bench/).
 */
export class SqliteAppendWriter {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private holds = 0;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly onCommitted: (head: ChainHead) => void,
    private readonly groupCommit = true,
  ) {
    const sql = (text: string) => db.prepare(text);
    this.statements = {
      begin: sql('BEGIN IMMEDIATE'),
      commit: sql('COMMIT'),
      rollback: sql('ROLLBACK'),
      savepoint: sql('SAVEPOINT append_one'),
      release: sql('RELEASE append_one'),
      rollbackTo: sql('ROLLBACK TO append_one'),
      tip: sql('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
      streamId: sql('SELECT id FROM streams WHERE name = ?').pluck(),
      lastRevision: sql('SELECT max(revision) FROM events WHERE stream_id = ?').pluck(),
      insertStream: sql('INSERT INTO streams (name) VALUES (?)'),
      insertEvent: sql(
        'INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, hash) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // Serialise before queueing: an event that cannot be stored fails alone, before anything is written.
    let serialized: SerializedEvent[];
    try {
      serialized = events.map((e) => ({
        id: e.id,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, events: serialized, expected, resolve, reject });
      if (!this.groupCommit) return this.flush();
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Appends queue up until the returned function is called (the WAL checkpointer's fence). Safe at any
   * moment: a flush opens and commits its transaction synchronously, so no transaction is ever left open.
   */
  holdWrites(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0 && this.queue.length > 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    };
  }

  /** Writes whatever is queued now, unless writes are held; closing passes `evenIfHeld`. */
  flush(evenIfHeld = false): void {
    this.scheduled = false;
    if (this.holds > 0 && this.groupCommit && !evenIfHeld) return;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const { begin, commit, rollback, savepoint, release, rollbackTo } = this.statements;
    const outcomes: (() => void)[] = [];
    let tip: Tip;
    try {
      begin.run();
      tip = this.readTip();
      const startTip = tip;
      const recordedAt = this.clock.now().toISOString();
      for (const pending of batch) {
        savepoint.run();
        try {
          const [result, next] = this.write(pending, tip, recordedAt);
          release.run();
          tip = next;
          outcomes.push(() => pending.resolve(result));
        } catch (error) {
          // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction: the
          // savepoint is gone and every append of the batch failed with this error, not just this one.
          if (!this.db.inTransaction) throw error;
          rollbackTo.run();
          release.run();
          outcomes.push(() => pending.reject(error));
        }
      }
      commit.run();
      if (tip !== startTip) this.announce(tip);
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }

  private announce(tip: Tip): void {
    try {
      this.onCommitted({ position: tip.position, hash: tip.hash.toString('hex') });
    } catch (error) {
      // The events are committed; failing the appends now would only invite duplicate retries.
      process.emitWarning(`event store: chain head not written: ${String(error)}`);
    }
  }

  private readTip(): Tip {
    const row = this.statements.tip.get() as { position: number; hash: Buffer } | undefined;
    return row ?? { position: 0, hash: GENESIS_HASH };
  }

  private write(pending: PendingAppend, tip: Tip, recordedAt: string): [AppendResult, Tip] {
    const { streamId, lastRevision, insertStream, insertEvent } = this.statements;
    let id = streamId.get(pending.stream) as number | undefined;
    const current = id === undefined ? undefined : (lastRevision.get(id) as number);
    if (!matchesExpected(pending.expected, current)) {
      throw new ConcurrencyError(
        pending.stream,
        String(pending.expected),
        current === undefined ? 'no_stream' : String(current),
      );
    }
    if (pending.events.length === 0) {
      return [{ nextExpectedRevision: current ?? -1, position: BigInt(tip.position) }, tip];
    }
    id ??= Number(insertStream.run(pending.stream).lastInsertRowid);
    const streamBytes = utf8(pending.stream);
    const recordedBytes = utf8(recordedAt);
    let revision = current ?? -1;
    for (const e of pending.events) {
      revision += 1;
      const position = tip.position + 1;
      const hash = chainHash(tip.hash, {
        position,
        stream: streamBytes,
        revision,
        type: utf8(e.type),
        id: utf8(e.id),
        data: utf8(e.data),
        metadata: utf8(e.metadata),
        recordedAt: recordedBytes,
      });
      insertEvent.run(position, id, revision, e.id, e.type, e.data, e.metadata, recordedAt, hash);
      tip = { position, hash };
    }
    return [{ nextExpectedRevision: revision, position: BigInt(tip.position) }, tip];
  }
}
