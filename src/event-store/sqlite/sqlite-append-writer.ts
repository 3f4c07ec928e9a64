import type Database from 'better-sqlite3';
import { ChainWalker, type AccessCut } from '../chain-walker.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port.js';
import { GENESIS_HASH, laneHash, laneOf, leafHash, utf8, type ChainHead, type ChainState } from '../hash-chain.js';
import { IntegrityRefusedError, type WriteGate } from '../write-gate.js';
import type { Clock } from '../../shared/clock.js';
import { assertNever } from '../../shared/decider.js';
import { ConcurrencyError } from '../../shared/errors.js';
import { KnownStreams, type KnownStream } from './known-streams.js';
import { readChainState, walkRows } from './sqlite-chain.js';
import type { CommitSyncer } from './wal-syncer.js';

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
  /**
   * When the store accepted the append: taken when it is queued, in the caller's context, not when the
   * batch commits — a clock that depends on the request (the demo's simulated instants) stamps each
   * append with its own request's time, and a batch never stamps one caller's events with another's time.
   */
  recordedAt: string;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** The chain as this writer vouches for it: what it wrote itself, or checked after others wrote. */
export interface TrustedTip {
  state: ChainState;
  /** The stored hash of the row at state.position (the genesis hash for an empty log). */
  hash: Buffer;
}

export interface ChainOptions {
  format2From: bigint;
  /** The access lane's cut, read when rows of other processes are checked. */
  cut: () => AccessCut | undefined;
  /** Refuses writes while closed; the writer closes it when the log does not extend what it trusted. */
  gate?: WriteGate;
  /**
   * true: write nothing until `trust()` was given a state checked against the witness (the service).
   * false: trust the newest row on the first write (tests, benchmarks, tools).
   */
  anchored: boolean;
  /** Told when the log no longer extends what this writer trusted. */
  onDiverged?: (reason: string) => void;
}

/** What the writer refuses once a commit could not be made durable: the disk can no longer be trusted. */
export class CommitNotDurableError extends Error {
  constructor(cause: Error) {
    super(`the event store could not make a commit durable (${cause.message}); restart the service`);
  }
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
 * one setImmediate flush writes them all in ONE `BEGIN IMMEDIATE` transaction, so the fsync that makes
 * them durable is paid once per batch. Each append runs inside its own SAVEPOINT: a ConcurrencyError (or
 * any other failure) rolls back that append only. Promises resolve after COMMIT and, with a `syncer`, only
 * once the commit is durable.
 *
 * The chain continues from the state this writer trusts, never from whatever the newest row says: inside
 * the IMMEDIATE transaction (under SQLite's write lock) the newest row must be the one it wrote last, or the
 * rows after it — appended by another process sharing the file — must chain on from it. Otherwise the log
 * was cut or rewritten behind its back, and it refuses to write instead of sealing the forgery (issue 13:
 * re-sealing from the database's tip made a truncation vanish at the next request). With
 * `groupCommit: false` every append gets its own transaction (the naive path, kept for comparison in bench/).
 */
export class SqliteAppendWriter {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private holds = 0;
  private readonly statements;
  private trusted?: TrustedTip;
  private notDurable?: CommitNotDurableError;
  /** A commit of this writer is being synced (see flush). */
  private syncing = false;
  /** Highest position this writer committed, and the highest of those known to be durable. */
  private committedThrough = 0n;
  private durableThrough = 0n;
  /** committedThrough before the commit under way (restored if it fails). */
  private settledThrough = 0n;
  /** Told both, whenever either moves (the projection worker's read cap, see the service's host). */
  onDurability?: (committedThrough: bigint, durableThrough: bigint) => void;
  /** Streams' ids and revisions as this connection wrote them; its reader shares them (known-streams.ts). */
  readonly knownStreams: KnownStreams;

  /**
   * `syncer`: the connection runs with synchronous=NORMAL and the syncer makes each commit durable off the
   * event loop; appends are answered, and the commit announced, only after it did (wal-syncer.ts).
   */
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly onCommitted: (head: ChainHead, state: ChainState) => void,
    private readonly groupCommit = true,
    private readonly chain: ChainOptions = { format2From: 1n, cut: () => undefined, anchored: false },
    private readonly syncer?: CommitSyncer,
  ) {
    this.knownStreams = new KnownStreams(db);
    const sql = (text: string) => db.prepare(text);
    this.statements = {
      begin: sql('BEGIN IMMEDIATE'),
      commit: sql('COMMIT'),
      rollback: sql('ROLLBACK'),
      savepoint: sql('SAVEPOINT append_one'),
      release: sql('RELEASE append_one'),
      rollbackTo: sql('ROLLBACK TO append_one'),
      tip: sql('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
      hashAt: sql('SELECT hash FROM events WHERE position = ?').pluck(),
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
    if (this.notDurable) return Promise.reject(this.notDurable);
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
      const recordedAt = this.clock.now().toISOString();
      this.queue.push({ stream, events: serialized, expected, recordedAt, resolve, reject });
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
    // While a commit is being synced, appends gather for the next commit (written when the sync ends):
    // one transaction per sync, not a small one per event-loop turn, each rewriting the same hot pages.
    if (this.syncing && !evenIfHeld) return;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.notDurable) return batch.forEach((pending) => pending.reject(this.notDurable));
    const { begin, commit, rollback, savepoint, release, rollbackTo } = this.statements;
    const outcomes: (() => void)[] = [];
    let tip: TrustedTip;
    let committedTip: TrustedTip | undefined;
    try {
      this.chain.gate?.check();
      begin.run();
      tip = this.trustedTip();
      const startTip = tip;
      for (const pending of batch) {
        savepoint.run();
        try {
          const [result, next, stream] = this.write(pending, tip);
          release.run();
          this.knownStreams.set(pending.stream, stream);
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
      // Said before COMMIT makes the rows visible: a reader on another thread that saw the old value and
      // then the rows sees the new value afterwards, and knows to stop at the durable position.
      // Nothing of ours pending: all before this batch is on the disk (ours synced, others' answered).
      if (this.committedThrough === this.durableThrough && startTip.state.position > this.durableThrough)
        this.committedThrough = this.durableThrough = startTip.state.position;
      this.markCommitting(tip.state.position);
      commit.run();
      this.trusted = tip;
      committedTip = tip !== startTip ? tip : undefined;
    } catch (error) {
      this.markCommitting(undefined);
      this.knownStreams.forget();
      if (this.db.inTransaction) rollback.run();
      for (const pending of batch) pending.reject(error);
      return;
    }
    const settle = () => {
      if (committedTip) this.announce(committedTip);
      for (const answer of outcomes) answer();
    };
    if (!this.syncer) return settle();
    const through = tip.state.position;
    const synced = (error: Error | null) => {
      this.syncing = false;
      if (!error) {
        if (through > this.durableThrough) this.durableThrough = through;
        this.onDurability?.(this.committedThrough, this.durableThrough);
        settle();
      } else {
        // Committed, but perhaps not on the disk: nobody is told it was stored, and nothing more is written
        // (after a failed fsync the kernel may have dropped the pages; a later fsync would not say so).
        this.notDurable ??= new CommitNotDurableError(error);
        for (const pending of batch) pending.reject(this.notDurable);
      }
      // What gathered meanwhile: the next commit (or, after a failure, its refusal).
      if (this.queue.length > 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    };
    this.syncing = true;
    // A lone append (one writer, a quiet service) is synced right here, as synchronous=FULL would: nothing
    // else is waiting, and the round trip to the thread pool would only add to its latency.
    if (batch.length === 1 && this.syncer.syncNow) return synced(this.syncer.syncNow());
    this.syncer.afterCommit(synced);
  }

  private announce(tip: TrustedTip): void {
    try {
      this.onCommitted({ position: Number(tip.state.position), hash: tip.hash.toString('hex') }, tip.state);
    } catch (error) {
      // The events are committed; failing the appends now would only invite duplicate retries.
      process.emitWarning(`event store: chain head not written: ${String(error)}`);
    }
  }

  /** `through` is about to be committed; undefined: the commit failed, nothing beyond the durable is pending. */
  private markCommitting(through: bigint | undefined): void {
    if (!this.syncer) return;
    if (through === undefined) this.committedThrough = this.settledThrough;
    else {
      this.settledThrough = this.committedThrough;
      if (through > this.committedThrough) this.committedThrough = through;
    }
    this.onDurability?.(this.committedThrough, this.durableThrough);
  }

  /**
   * Where readers that must not see an undurable commit stop (subscriptions feeding read models: after a
   * power loss a read model must not hold an event the log lost); undefined when nothing is waiting for
   * its sync.
   */
  get readCap(): bigint | undefined {
    return this.committedThrough > this.durableThrough ? this.durableThrough : undefined;
  }

  /** The state this writer vouches for, or undefined before the first write / check. */
  get trustedState(): ChainState | undefined {
    return this.trusted?.state;
  }

  /** Adopts a state checked against the witness (see checkExtends); the next write continues from it. */
  trust(tip: TrustedTip): void {
    this.trusted = tip;
  }

  /**
   * Inside the write transaction: the trusted state, extended over rows other processes appended since.
   * Throws IntegrityRefusedError (and closes the gate) when the log does not extend it.
   */
  private trustedTip(): TrustedTip {
    const row = this.statements.tip.get() as { position: number; hash: Buffer } | undefined;
    const newest = { position: BigInt(row?.position ?? 0), hash: row?.hash ?? GENESIS_HASH };
    if (!this.trusted) {
      if (this.chain.anchored)
        throw new IntegrityRefusedError('the store has not been checked against its witness yet');
      this.trusted = { state: readChainState(this.db, this.chain.format2From, this.chain.cut()), hash: newest.hash };
    }
    const trusted = this.trusted;
    if (newest.position === trusted.state.position && newest.hash.equals(trusted.hash)) return trusted;
    const refuse = (reason: string): never => {
      this.chain.gate?.refuse(reason);
      this.chain.onDiverged?.(reason);
      throw new IntegrityRefusedError(reason);
    };
    if (newest.position < trusted.state.position) {
      refuse(
        `log truncated: this process wrote up to position ${trusted.state.position}, the log ends at ${newest.position}`,
      );
    }
    const stored =
      trusted.state.position === 0n
        ? GENESIS_HASH
        : (this.statements.hashAt.get(trusted.state.position) as Buffer | undefined);
    if (!stored?.equals(trusted.hash)) {
      refuse(
        `chain rewritten: the event at ${trusted.state.position}, written or checked by this process, was changed`,
      );
    }
    const cut = this.chain.cut();
    const walker = new ChainWalker({
      format2From: this.chain.format2From,
      gapless: true,
      start: trusted.state,
      ...(cut ? { cut } : {}),
    });
    walkRows(this.db, walker, trusted.state.position, newest.position);
    const result = walker.finish();
    if (result.failure) refuse(`${result.failure.reason} (position ${result.failure.position})`);
    return (this.trusted = { state: result.state, hash: newest.hash });
  }

  private write(pending: PendingAppend, tip: TrustedTip): [AppendResult, TrustedTip, KnownStream] {
    const { recordedAt } = pending;
    const { insertStream, insertEvent } = this.statements;
    const looked = this.lookUp(pending.stream);
    const last = looked.revision;
    let id = looked.id;
    const current = last < 0 ? undefined : last;
    if (!matchesExpected(pending.expected, current)) {
      throw new ConcurrencyError(
        pending.stream,
        String(pending.expected),
        current === undefined ? 'no_stream' : String(current),
      );
    }
    if (pending.events.length === 0) {
      return [{ nextExpectedRevision: current ?? -1, position: tip.state.position }, tip, { id, revision: last }];
    }
    id ??= Number(insertStream.run(pending.stream).lastInsertRowid);
    const streamBytes = utf8(pending.stream);
    const recordedBytes = utf8(recordedAt);
    const lane = laneOf(pending.stream);
    const heads = { ...tip.state.heads };
    const at = { ...(tip.state.at ?? { main: tip.state.position, access: tip.state.position }) };
    let position = Number(tip.state.position);
    let revision = current ?? -1;
    let hash = tip.hash;
    let leaf = tip.state.leaf;
    for (const e of pending.events) {
      revision += 1;
      position += 1;
      leaf = leafHash({
        position,
        stream: streamBytes,
        revision,
        type: utf8(e.type),
        id: utf8(e.id),
        data: utf8(e.data),
        metadata: utf8(e.metadata),
        recordedAt: recordedBytes,
      });
      hash = heads[lane] = laneHash(heads[lane], lane, leaf);
      insertEvent.run(position, id, revision, e.id, e.type, e.data, e.metadata, recordedAt, hash);
    }
    at[lane] = BigInt(position);
    const next: TrustedTip = {
      state: { ...tip.state, position: BigInt(position), heads, at, ...(leaf ? { leaf } : {}) },
      hash,
    };
    return [{ nextExpectedRevision: revision, position: BigInt(position) }, next, { id, revision }];
  }

  /** The stream's row id (undefined: not created yet) and newest revision (-1: none), known or looked up. */
  private lookUp(stream: string): KnownStream {
    // Known without an id (the reader's lookup): whether its row exists is asked, not assumed.
    const known = this.knownStreams.get(stream);
    if (known?.id !== undefined) return known;
    const id = this.statements.streamId.get(stream) as number | undefined;
    return { id, revision: id === undefined ? -1 : ((this.statements.lastRevision.get(id) as number | null) ?? -1) };
  }
}
