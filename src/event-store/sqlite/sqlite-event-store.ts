import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import type {
  AppendResult,
  ChainVerification,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
  TamperEvidence,
} from '../event-store.port.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { ChainHeadPublisher, readChainHead } from './chain-head-file.js';
import { SqliteAppendWriter } from './sqlite-append-writer.js';
import { verifySqliteChain } from './sqlite-chain-verifier.js';
import { SqliteLogReader } from './sqlite-log-reader.js';
import { configureConnection } from './sqlite-schema.js';
import { SqliteSubscription } from './sqlite-subscription.js';
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

  constructor(options: SqliteEventStoreOptions) {
    preparePrivateDatabaseFile(options.path); // owner only, -wal and -shm too (issue 13)
    this.chainHeadPath = options.chainHeadPath ?? join(dirname(options.path), 'chain-head.json');
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.chainHead = new ChainHeadPublisher(this.chainHeadPath);
    tightenPrivateFile(this.chainHeadPath);
    this.db = new Database(options.path);
    configureConnection(this.db);
    if (!this.db.memory)
      this.checkpointer = new WalCheckpointer(this.db, {
        log: console.warn,
        holdWrites: () => this.writer.holdWrites(),
      });
    this.reader = new SqliteLogReader(this.db);
    this.writer = new SqliteAppendWriter(
      this.db,
      options.clock ?? systemClock,
      (head) => {
        this.chainHead.publish(head);
        this.checkpointer?.noteCommit();
        for (const listener of this.listeners) listener();
      },
      options.groupCommit ?? true,
    );
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
        read: (after) => this.reader.readPage(after, options.filter, SUBSCRIPTION_PAGE),
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

  async verifyChain(onProgress?: (checked: number, total: number) => void): Promise<ChainVerification> {
    // Our own pending head write first, then the head file, then the database: read in this order, the
    // head can never look ahead of the log, even while other processes append.
    await this.chainHead.settled();
    return verifySqliteChain(this.db, readChainHead(this.chainHeadPath), onProgress);
  }

  /** Resolves when the chain head file covers every append this store has acknowledged. */
  chainHeadWritten(): Promise<void> {
    return this.chainHead.settled();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.writer.flush(true);
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    await this.checkpointer?.close();
    this.db.close();
    await this.chainHead.settled();
  }
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}
