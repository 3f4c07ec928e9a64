import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../shared/clock.js';
import {
  DocumentExistsError,
  type CollectionSpec,
  type Document,
  type DocumentChange,
  type Filter,
  type FindQuery,
  type Page,
  type ReadStore,
} from '../read-store.port.js';
import { encodeCursor, pageQuery, whereClause, type SqlValue } from './sqlite-query.js';
import {
  type ReadStoreDurability,
  createBookkeeping,
  createCollection,
  declaredIndexes,
  dropCollection,
  openPragmas,
  replaceCollection,
  tableExists,
  tableOf,
  upgradeCollections,
} from './sqlite-schema.js';
import { CollectionWriter } from './sqlite-writer.js';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer.js';
import { preparePrivateDatabaseFile } from '../../shared/private-files.js';

export interface SqliteReadStoreOptions {
  path: string;
  clock?: Clock;
  /** Default `full`; see ReadStoreDurability. */
  durability?: ReadStoreDurability;
  /**
   * Copy the WAL into the database file from a worker thread (see WalCheckpointer) instead of inside the
   * commit that crosses SQLite's threshold. For the service's busy read store: under load those inline
   * checkpoints took about half of its transactions' time on the event loop.
   */
  checkpointInWorker?: boolean;
  /** Page cache of the connection; default SQLite's 2 MiB, see REBUILD_PAGE_CACHE_MIB. */
  pageCacheMiB?: number;
}

/** Moves shadow collections (built by a rebuild) over the live ones, see `swapCollections`. */
export interface CollectionSwap {
  pairs: readonly { shadow: string; live: string }[];
  shadowProjection: string;
  liveProjection: string;
  /** When set, swap only if the live checkpoint equals the shadow one (a running service is still writing). */
  onlyIfCaughtUp: boolean;
}

/**
 * The embedded read store: one SQLite file, documents as JSON text, and each declared field in a column
 * of its own with an index (column, id) — see sqlite-columns.ts.
 */
export class SqliteReadStore implements ReadStore {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly declared = new Map<string, Set<string>>();
  private readonly writers = new Map<string, CollectionWriter>();
  private schemaVersion: number | undefined;
  /** Commits waiting for this turn's transaction (see commit). */
  private queued: QueuedCommit[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly checkpointer?: WalCheckpointer,
  ) {
    this.writeOne = db.transaction(
      (changes: readonly DocumentChange[], checkpoint?: { projection: string; position: bigint }) => {
        if (checkpoint) {
          const stored = this.checkpoint(checkpoint.projection);
          if (stored !== undefined && checkpoint.position <= stored) return; // a replayed batch
        }
        if (changes.length > 0) this.checkSchema(); // under the write lock: no other process changes it now
        for (const change of changes) {
          const writer = this.writer(change.collection);
          if (change.op === 'delete') writer.remove(change.id);
          else if (change.op === 'upsert') writer.upsert(change.id, change.doc);
          else if (!writer.insert(change.id, change.doc)) throw new DocumentExistsError(change.collection, change.id);
        }
        if (checkpoint) this.setCheckpoint(checkpoint.projection, checkpoint.position);
      },
    );
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /**
   * Forgets declared fields and writers when the schema changed since they were read — e.g. another
   * process added an indexed field: a writer without its column would leave it empty.
   */
  private checkSchema(): void {
    const version = this.stmt('PRAGMA schema_version').pluck().get() as number;
    if (version === this.schemaVersion) return;
    this.declared.clear();
    this.writers.clear();
    this.schemaVersion = version;
  }

  /** Declared fields of a collection; read from the database when another process created it. */
  private fields(collection: string): Set<string> {
    let fields = this.declared.get(collection);
    if (!fields) {
      const stored = declaredIndexes(this.db, collection);
      if (!stored) throw new Error(`read store: unknown collection "${collection}"`);
      this.declared.set(collection, (fields = new Set(stored)));
    }
    return fields;
  }

  private writer(collection: string): CollectionWriter {
    let writer = this.writers.get(collection);
    if (!writer)
      this.writers.set(collection, (writer = new CollectionWriter(this.db, collection, [...this.fields(collection)])));
    return writer;
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const sorted = spec.sortedIndexes ?? [];
    this.db.transaction(() => createCollection(this.db, spec.name, spec.indexes, { sorted })).immediate();
    this.checkSchema(); // a new table or column changed the schema: its fields are read again when needed
  }

  /**
   * Like ensureCollection, for a shadow collection that a rebuild fills and `swapCollections` moves in:
   * its columns are filled as usual, but its indexes are built only by the swap, with one sort each,
   * instead of being kept up to date through every batch of the rebuild. Queries on it work meanwhile,
   * without an index. Not part of the port (yet).
   */
  async ensureShadowCollection(spec: CollectionSpec): Promise<void> {
    const sorted = spec.sortedIndexes ?? [];
    this.db
      .transaction(() => createCollection(this.db, spec.name, spec.indexes, { deferIndexes: true, sorted }))
      .immediate();
    this.checkSchema();
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const row = this.stmt(`SELECT doc FROM ${tableOf(collection)} WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as D) : undefined;
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    const found = new Map<string, D>();
    if (ids.length === 0) return found;
    const sql = `SELECT id, doc FROM ${tableOf(collection)} WHERE id IN (SELECT value FROM json_each(?))`;
    for (const row of this.stmt(sql).all(JSON.stringify(ids)) as {
      id: string;
      doc: string;
    }[])
      found.set(row.id, JSON.parse(row.doc) as D);
    return found;
  }

  async find<D extends Document>(collection: string, query: FindQuery = {}): Promise<Page<D>> {
    this.checkSchema();
    const { sql, params } = pageQuery(tableOf(collection), collection, this.fields(collection), query);
    const limit = query.limit;
    const rows = this.stmt(sql).all(params) as {
      id: string;
      doc: string;
      sort_value: SqlValue;
    }[];
    const more = limit !== undefined && rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.doc) as D),
      ids: page.map((r) => r.id),
      ...(more && last ? { nextCursor: encodeCursor({ value: last.sort_value, id: last.id }) } : {}),
    };
  }

  /**
   * Documents with their ids, in id order, after `afterId`. Not part of the port: `kim verify --read-models`
   * uses it to name the documents that differ between a live collection and its rebuilt shadow.
   */
  async scanDocuments(
    collection: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<{ id: string; doc: Document }[]> {
    this.checkSchema();
    this.fields(collection);
    const rows = this.stmt(`SELECT id, doc FROM ${tableOf(collection)} WHERE id > ? ORDER BY id LIMIT ?`).all(
      afterId ?? '',
      limit,
    ) as {
      id: string;
      doc: string;
    }[];
    return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc) as Document }));
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    this.checkSchema();
    const where = whereClause(collection, this.fields(collection), filter);
    const sql = `SELECT COUNT(*) AS n FROM ${tableOf(collection)}${where.sql ? ` WHERE ${where.sql}` : ''}`;
    return (this.stmt(sql).get(where.params) as { n: number }).n;
  }

  private checkpoint(projection: string): bigint | undefined {
    const row = this.stmt('SELECT position FROM checkpoints WHERE projection = ?')
      .safeIntegers(true)
      .get(projection) as { position: bigint } | undefined;
    return row?.position;
  }

  private setCheckpoint(projection: string, position: bigint | undefined): void {
    if (position === undefined) this.stmt('DELETE FROM checkpoints WHERE projection = ?').run(projection);
    else
      this.stmt(
        'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT(projection) DO UPDATE SET position = excluded.position',
      ).run(projection, position);
  }

  /**
   * Commits issued in the same event-loop turn share ONE transaction (group commit, as the event store's
   * appends do), each inside a savepoint of its own: all projections woken by one commit of the log write
   * their batches with one BEGIN … COMMIT instead of one each — the checkpoints page and the WAL frames
   * they share written once, not once per projection (issue 19: the projection worker spent a quarter of
   * its time in those transactions). A commit that fails (an insert over an existing id, a bad document)
   * writes nothing and fails alone; a failed COMMIT fails them all. Each promise settles after COMMIT.
   */
  commit(changes: readonly DocumentChange[], checkpoint?: { projection: string; position: bigint }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ changes, checkpoint, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.writeQueued());
    });
  }

  private writeQueued(): void {
    const group = this.queued;
    this.queued = [];
    if (group.length === 0) return;
    const settled: (() => void)[] = [];
    try {
      this.db
        .transaction(() => {
          for (const commit of group) {
            try {
              this.writeOne(commit.changes, commit.checkpoint); // a nested transaction: its own savepoint
              settled.push(commit.resolve);
            } catch (error) {
              // Some errors (SQLITE_FULL, I/O) roll back the whole transaction: then every commit failed.
              if (!this.db.inTransaction) throw error;
              settled.push(() => commit.reject(commitError(error, commit.checkpoint)));
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const commit of group) commit.reject(commitError(error, commit.checkpoint));
      return;
    }
    this.checkpointer?.noteCommit();
    for (const settle of settled) settle();
  }

  /** One commit's changes and checkpoint, in a savepoint of the group's transaction (a nested transaction). */
  private readonly writeOne: (
    changes: readonly DocumentChange[],
    checkpoint: { projection: string; position: bigint } | undefined,
  ) => void;

  async getCheckpoint(projection: string): Promise<bigint | undefined> {
    return this.checkpoint(projection);
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const c of collections) if (tableExists(this.db, tableOf(c))) this.db.exec(`DELETE FROM ${tableOf(c)}`);
        this.setCheckpoint(projection, undefined);
      })
      .immediate();
  }

  /**
   * Replaces live collections by their shadows and hands the shadow checkpoint to the live projection, in
   * one transaction, so readers see either the old or the rebuilt documents. Not part of the port (yet).
   */
  async swapCollections(swap: CollectionSwap): Promise<boolean> {
    const swapped = this.db
      .transaction(() => {
        const shadowAt = this.checkpoint(swap.shadowProjection);
        if (swap.onlyIfCaughtUp && shadowAt !== this.checkpoint(swap.liveProjection)) return false;
        for (const { shadow, live } of swap.pairs) {
          replaceCollection(this.db, shadow, live);
        }
        this.setCheckpoint(swap.liveProjection, shadowAt);
        this.setCheckpoint(swap.shadowProjection, undefined);
        return true;
      })
      .immediate();
    this.checkSchema();
    return swapped;
  }

  /** Drops collections altogether (e.g. an abandoned rebuild's shadows). */
  async dropCollections(names: readonly string[]): Promise<void> {
    this.db.transaction(() => names.forEach((n) => dropCollection(this.db, n))).immediate();
    this.checkSchema();
  }

  async acquireLease(
    name: string,
    holder: string,
    ttlMs: number,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    const now = this.clock.now().getTime();
    // One statement: insert, renew our own lease, or take over an expired one (or the named gone holder's)
    // — atomic across processes.
    const result = this.stmt(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= ? OR leases.holder = ?`,
    ).run(name, holder, now + ttlMs, now, options.replacing ?? null);
    return result.changes === 1;
  }

  async leaseHolder(name: string): Promise<string | undefined> {
    const row = this.stmt('SELECT holder FROM leases WHERE name = ? AND expires_at > ?').get(
      name,
      this.clock.now().getTime(),
    ) as { holder: string } | undefined;
    return row?.holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.stmt('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  /** Folds the WAL back into the main file and truncates it, so erased bytes do not linger there. */
  async checkpointWal(): Promise<void> {
    // A reader in another process can hold back a checkpoint: then it is incomplete (busy = 1), and an
    // erasure must not report the old pages gone. Retry briefly, then fail loudly.
    for (let attempt = 0; attempt < 20; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      if (result && result.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('read store: the WAL could not be checkpointed (another process keeps reading)');
  }

  compact(): Promise<void> {
    return this.checkpointWal();
  }

  async ping(): Promise<void> {
    this.stmt('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.writeQueued(); // commits still waiting for their turn are written, not dropped
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}

export function openSqliteReadStore(options: SqliteReadStoreOptions): SqliteReadStore {
  preparePrivateDatabaseFile(options.path);
  const db = new Database(options.path);
  openPragmas(db, options.durability, options.pageCacheMiB);
  createBookkeeping(db);
  upgradeCollections(db);
  const checkpointer =
    options.checkpointInWorker && !db.memory ? new WalCheckpointer(db, { log: console.warn }) : undefined;
  return new SqliteReadStore(db, options.clock ?? systemClock, checkpointer);
}

interface QueuedCommit {
  changes: readonly DocumentChange[];
  checkpoint?: { projection: string; position: bigint };
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A failed commit as a plain Error naming the batch: better-sqlite3's SqliteError is not an `Error` of every
 * realm (jest's VM modules), and a caller wants to know which projection's commit failed.
 */
function commitError(error: unknown, checkpoint: { projection: string; position: bigint } | undefined): unknown {
  if (error instanceof DocumentExistsError) return error;
  const what = checkpoint ? `${checkpoint.projection}@${checkpoint.position}` : 'without checkpoint';
  const message = error instanceof Object && 'message' in error ? String(error.message) : String(error);
  return new Error(`read store: commit ${what} failed: ${message}`, { cause: error });
}
