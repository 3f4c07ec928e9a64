import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import type {
  AppendResult,
  ChainVerification,
  EventStore,
  ExpectedRevision,
  NewEvent,
  EventFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
  TamperEvidence,
} from '../event-store.port.js';
import type { AccessCut } from '../chain-walker.js';
import type { ChainState } from '../hash-chain.js';
import type { WriteGate } from '../write-gate.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { ChainHeadPublisher, readChainHead } from './chain-head-file.js';
import { SqliteAppendWriter } from './sqlite-append-writer.js';
import {
  checkExtends,
  countExpirable,
  initChainFormat,
  readChainState,
  readCut,
  removeExpiredAccessRows,
  type TrustCheck,
} from './sqlite-chain.js';
import { verifySqliteChain, type SqliteVerification, type SqliteVerifyOptions } from './sqlite-chain-verifier.js';
import { SqliteLogReader } from './sqlite-log-reader.js';
import { configureConnection } from './sqlite-schema.js';
import { SqliteSubscription } from './sqlite-subscription.js';
import { WalFileSyncer } from './wal-syncer.js';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { preparePrivateDatabaseFile, tightenPrivateFile } from '../../shared/private-files.js';

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created on first open. */
  path: string;
  /** Where the chain head is written after each commit; default `chain-head.json` beside the database. */
  chainHeadPath?: string;
  clock?: Clock;
  /** How often subscriptions look for events appended by other processes (default 200 ms). */
  pollIntervalMs?: number;
  /** false: one transaction per append (the naive path, for benchmarks). Default true. */
  groupCommit?: boolean;
  /** Closed: every append is refused (product rule 9); the writer closes it when the log was tampered with. */
  gate?: WriteGate;
  /**
   * true (the service): nothing is written until `establishTrust` has checked the store against its last
   * witnessed checkpoint. false (default: tests, benchmarks, tools): the newest row is trusted on first write.
   */
  anchored?: boolean;
  /**
   * false: no WAL checkpointer thread of its own (a connection that only reads, such as the projection
   * worker's: the writing connection's checkpointer copies the WAL). Default true.
   */
  checkpointWal?: boolean;
  /**
   * For a connection that does not write (the projection worker): the writing connection's highest
   * committed and highest durable position, as it reports them (see SqliteAppendWriter.onDurability).
   */
  writerDurability?: () => { committedThrough: bigint; durableThrough: bigint };
  /**
   * true: commit with synchronous=NORMAL and fdatasync the WAL on the thread pool before answering
   * (wal-syncer.ts). The service's setting KIM_COMMIT_SYNC=off-loop (config.ts, CommitSync: what it gains
   * and costs); off by default.
   */
  syncCommitsOffLoop?: boolean;
}

const SUBSCRIPTION_PAGE = 500;

/**
 * The embedded event store: one SQLite file, shareable by several processes (WAL + busy_timeout), with a
 * hash chain over every event. Opening is synchronous (better-sqlite3 is); everything else is async to
 * match the port. Writes go through SqliteAppendWriter (group commit), reads through SqliteLogReader.
 */
export class SqliteEventStore implements EventStore, TamperEvidence {
  private readonly db: Database.Database;
  private readonly writer: SqliteAppendWriter;
  private readonly reader: SqliteLogReader;
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly chainHeadPath: string;
  private readonly chainHead: ChainHeadPublisher;
  private readonly pollIntervalMs: number;
  private readonly metadataStatements;
  private readonly checkpointer?: WalCheckpointer;
  private readonly syncer?: WalFileSyncer;
  private readonly writerDurability?: () => { committedThrough: bigint; durableThrough: bigint };
  private readonly chainListeners = new Set<(state: ChainState) => void>();
  private readonly divergedListeners = new Set<(reason: string) => void>();
  readonly format2From: bigint;

  constructor(options: SqliteEventStoreOptions) {
    preparePrivateDatabaseFile(options.path); // owner only, -wal and -shm too (issue 13)
    this.chainHeadPath = options.chainHeadPath ?? join(dirname(options.path), 'chain-head.json');
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.writerDurability = options.writerDurability;
    this.chainHead = new ChainHeadPublisher(this.chainHeadPath);
    tightenPrivateFile(this.chainHeadPath);
    this.db = new Database(options.path);
    configureConnection(this.db);
    const groupCommit = options.groupCommit ?? true;
    // Only a WAL can be synced this way (a file system without WAL support leaves SQLite in rollback mode).
    const wal = !this.db.memory && this.db.pragma('journal_mode', { simple: true }) === 'wal';
    if (options.syncCommitsOffLoop && groupCommit && wal) {
      // COMMIT writes the WAL; the syncer makes it durable off the event loop before anyone is answered.
      this.syncer = new WalFileSyncer(`${options.path}-wal`);
      this.db.pragma('synchronous = NORMAL');
    }
    this.format2From = initChainFormat(this.db);
    if (!this.db.memory && options.checkpointWal !== false)
      this.checkpointer = new WalCheckpointer(this.db, {
        log: console.warn,
        holdWrites: () => this.writer.holdWrites(),
      });
    this.writer = new SqliteAppendWriter(
      this.db,
      options.clock ?? systemClock,
      (head, state) => {
        this.chainHead.publish(head);
        this.checkpointer?.noteCommit();
        for (const listener of this.listeners) listener();
        for (const listener of this.chainListeners) listener(state);
      },
      groupCommit,
      {
        format2From: this.format2From,
        cut: () => readCut(this.db),
        anchored: options.anchored ?? false,
        ...(options.gate ? { gate: options.gate } : {}),
        onDiverged: (reason) => this.divergedListeners.forEach((listener) => listener(reason)),
      },
      this.syncer,
    );
    this.reader = new SqliteLogReader(this.db, this.writer.knownStreams);
    this.metadataStatements = {
      get: this.db.prepare('SELECT metadata FROM stream_metadata WHERE stream = ?').pluck(),
      set: this.db.prepare(
        'INSERT INTO stream_metadata (stream, metadata) VALUES (?, ?) ' +
          'ON CONFLICT (stream) DO UPDATE SET metadata = excluded.metadata',
      ),
    };
  }

  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.writer.append(streamName, events, expectedRevision);
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamName, options);
  }

  async streamRevision(streamName: string): Promise<number | undefined> {
    return this.reader.streamRevision(streamName);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new SqliteSubscription(
      {
        read: (after) => this.readPage(after, options.filter),
        listen: (wake) => {
          this.listeners.add(wake);
          return () => this.listeners.delete(wake);
        },
      },
      this.pollIntervalMs,
      options.after,
      (closed) => this.subscriptions.delete(closed),
      options.onScanned,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** How a commit is made durable: inside COMMIT (synchronous=FULL), or by the syncer off the event loop. */
  get commitSync(): 'inline' | 'off-loop' {
    return this.syncer ? 'off-loop' : 'inline';
  }

  /** Told the highest committed and the highest durable position of this store's writer as they move. */
  onDurability(listener: (committedThrough: bigint, durableThrough: bigint) => void): void {
    this.writer.onDurability = listener;
  }

  /**
   * A subscription's page, without commits that are not durable yet: after a power loss a read model must
   * not hold an event the log lost. This process's own writer knows exactly (same thread); for the writer
   * of another thread, a commit it began while we read means: keep only what was durable before.
   */
  private readPage(after: bigint | undefined, filter: EventFilter | undefined) {
    if (!this.writerDurability) return this.reader.readPage(after, filter, SUBSCRIPTION_PAGE, this.writer.readCap);
    const before = this.writerDurability();
    const pending = before.committedThrough > before.durableThrough;
    const page = this.reader.readPage(after, filter, SUBSCRIPTION_PAGE, pending ? before.durableThrough : undefined);
    if (pending || this.writerDurability().committedThrough === before.committedThrough) return page;
    const durable = before.durableThrough;
    const scanned = page.scannedTo !== undefined && page.scannedTo > durable ? durable : page.scannedTo;
    return {
      events: page.events.filter((e) => e.position <= durable),
      scannedTo: after !== undefined && (scanned === undefined || scanned < after) ? after : scanned,
    };
  }

  /**
   * Another connection (the service's writer, seen from the projection worker) committed: subscriptions
   * read on now instead of at their next poll.
   */
  noticeCommitElsewhere(): void {
    for (const listener of this.listeners) listener();
  }

  async headPosition(): Promise<bigint | undefined> {
    return this.reader.head();
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata | undefined> {
    const text = this.metadataStatements.get.get(streamName) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as StreamMetadata);
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.metadataStatements.set.run(streamName, JSON.stringify(metadata));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /**
   * Recomputes the chain over every stored event, against the chain-head file and — when given — the
   * checkpoints and access-log cut a witness holds (product rule 9).
   */
  async verifyChain(onProgress?: (checked: number, total: number) => void): Promise<ChainVerification> {
    return (await this.inspectChain(onProgress ? { onProgress } : {})).verification;
  }

  /** verifyChain with the witness's evidence, and the walk behind the answer. */
  async inspectChain(options: Omit<SqliteVerifyOptions, 'head'> = {}): Promise<SqliteVerification> {
    // Our own pending head write first, then the head file, then the database: read in this order, the
    // head can never look ahead of the log, even while other processes append.
    await this.chainHead.settled();
    const head = readChainHead(this.chainHeadPath);
    return verifySqliteChain(this.db, { ...options, ...(head ? { head } : {}) });
  }

  /** The chain as this process's writer vouches for it (undefined before its first write or check). */
  trustedChainState(): ChainState | undefined {
    return this.writer.trustedState;
  }

  /** The chain as the database records it now, trusted as it is (for `kim incident acknowledge`). */
  recordedChainState(): ChainState {
    return readChainState(this.db, this.format2From, readCut(this.db));
  }

  /**
   * Checks that the store extends `anchor` (the newest witnessed checkpoint); on success the writer
   * continues from there. On failure nothing changes: an anchored store keeps refusing writes.
   */
  establishTrust(anchor: ChainState): TrustCheck {
    const check = checkExtends(this.db, anchor, readCut(this.db));
    if (check.ok) this.writer.trust({ state: check.state, hash: check.tipHash });
    return check;
  }

  /** Called with the new trusted state after each commit (the checkpointer counts events with it). */
  onChainAdvanced(listener: (state: ChainState) => void): () => void {
    this.chainListeners.add(listener);
    return () => this.chainListeners.delete(listener);
  }

  /** Called when the writer found the log cut or rewritten behind its back. */
  onChainDiverged(listener: (reason: string) => void): () => void {
    this.divergedListeners.add(listener);
    return () => this.divergedListeners.delete(listener);
  }

  accessLogCut(): AccessCut | undefined {
    return readCut(this.db);
  }

  /** How many access-log entries a cut at `position` would remove. */
  countExpiredAccessEntries(position: bigint): number {
    return countExpirable(this.db, position, this.format2From);
  }

  /** Removes the access-log entries up to the (witnessed) cut and records it; see removeExpiredAccessRows. */
  removeExpiredAccessEntries(cut: AccessCut): number {
    this.writer.knownStreams.forget(); // the access streams cut away are gone, their revisions with them
    return removeExpiredAccessRows(this.db, cut, this.format2From, new Date().toISOString());
  }

  /** Resolves when the chain head file covers every append this store has acknowledged. */
  chainHeadWritten(): Promise<void> {
    return this.chainHead.settled();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.writer.flush(true);
    await this.syncer?.close();
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    await this.checkpointer?.close();
    this.db.close();
    await this.chainHead.settled();
  }
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}
