import {
  MongoClient,
  MongoServerError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection,
  type Db,
  type Filter as MongoFilter,
} from 'mongodb';
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
import { assertNever } from '../../shared/decider.js';
import {
  afterCursor,
  assertDeclared,
  decodeCursor,
  encodeCursor,
  mongoCollectionName,
  pageSize,
  toMongoFilter,
  toMongoSort,
  valueAt,
} from './mongo-query.js';

interface StoredDocument {
  _id: string;
  doc: Document;
}
interface CollectionSpecDocument {
  _id: string;
  indexes: string[];
  sortedIndexes?: [string, string][];
  /** A rebuild's shadow: its indexes are built by the swap, once, instead of through every batch. */
  indexesDeferred?: boolean;
}
/** Positions as decimal strings: BSON has no unsigned 64-bit integer and a checkpoint must stay exact. */
interface CheckpointDocument {
  _id: string;
  position: string;
}
interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;
const NAMESPACE_NOT_FOUND = 26;

/** Moves shadow collections (built by a rebuild) over the live ones; see swapCollections. */
export interface MongoCollectionSwap {
  pairs: readonly { shadow: string; live: string }[];
  shadowProjection: string;
  liveProjection: string;
  onlyIfCaughtUp: boolean;
}

export class MongoReadStore implements ReadStore {
  private readonly declared = new Map<string, Set<string>>();
  private readonly specs: Collection<CollectionSpecDocument>;
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly leases: Collection<LeaseDocument>;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.specs = db.collection('read_collections');
    this.checkpoints = db.collection('checkpoints');
    this.leases = db.collection('leases');
  }

  /**
   * Rebuilds swap shadow collections in by `renameCollection` (see swapCollections); a store whose swap is
   * not one atomic step with the live projection's commits needs the projection's lease for it.
   */
  readonly swapNeedsLease = true;

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    await this.createCollection(spec.name);
    await this.createIndexes(spec.name, spec);
    await this.specs.updateOne(
      { _id: spec.name },
      { $set: { indexes: [...spec.indexes], sortedIndexes: sortedOf(spec) }, $unset: { indexesDeferred: '' } },
      { upsert: true },
    );
    this.declared.set(spec.name, new Set(spec.indexes));
  }

  /**
   * A shadow collection for a rebuild: created without indexes (a bulk load into an unindexed collection
   * and one index build afterwards is far cheaper than keeping them up to date batch by batch).
   */
  async ensureShadowCollection(spec: CollectionSpec): Promise<void> {
    await this.createCollection(spec.name);
    await this.specs.updateOne(
      { _id: spec.name },
      { $set: { indexes: [...spec.indexes], sortedIndexes: sortedOf(spec), indexesDeferred: true } },
      { upsert: true },
    );
    this.declared.set(spec.name, new Set(spec.indexes));
  }

  /**
   * Replaces live collections by their rebuilt shadows, never leaving a live read model empty: each
   * shadow gets its indexes, then `renameCollection` with `dropTarget: true` moves it over the live one
   * (MongoDB manual, renameCollection: "dropTarget: If true, mongod will drop the target of
   * renameCollection prior to renaming the collection"; driver 7.9 Collection.rename sends exactly that
   * command, lib/operations/rename.js). Readers see the old or the new collection; a page being read at
   * that instant loses its cursor ("renameCollection … invalidates open cursors") and answers 503 once. It
   * is not allowed in a transaction and several renames are not one atomic step, so the checkpoint moves
   * afterwards: a crash in between leaves rebuilt documents behind an older checkpoint, which a replay
   * (idempotent, see the projection specs) or the next start's rebuild repairs — the projection's version
   * is recorded only after the swap. The caller holds the projection's lease (swapNeedsLease), so no live
   * commit races the rename.
   */
  async swapCollections(swap: MongoCollectionSwap): Promise<boolean> {
    const shadowAt = await this.getCheckpoint(swap.shadowProjection);
    if (swap.onlyIfCaughtUp && shadowAt !== (await this.getCheckpoint(swap.liveProjection))) return false;
    for (const { shadow, live } of swap.pairs) {
      const spec = await this.specs.findOne({ _id: shadow });
      if (!spec) throw new Error(`read store: shadow collection ${shadow} does not exist`);
      await this.createIndexes(shadow, {
        name: shadow,
        indexes: spec.indexes,
        sortedIndexes: spec.sortedIndexes ?? [],
      });
      await this.documents(shadow).rename(mongoCollectionName(live), { dropTarget: true });
      await this.specs.updateOne(
        { _id: live },
        { $set: { indexes: spec.indexes, sortedIndexes: spec.sortedIndexes ?? [] }, $unset: { indexesDeferred: '' } },
        { upsert: true },
      );
      await this.specs.deleteOne({ _id: shadow });
      this.declared.set(live, new Set(spec.indexes));
      this.declared.delete(shadow);
    }
    // Two small documents: a transaction is fine here.
    await this.inTransaction(async (session) => {
      if (shadowAt === undefined) await this.checkpoints.deleteOne({ _id: swap.liveProjection }, { session });
      else
        await this.checkpoints.updateOne(
          { _id: swap.liveProjection },
          { $set: { position: shadowAt.toString() } },
          { upsert: true, session },
        );
      await this.checkpoints.deleteOne({ _id: swap.shadowProjection }, { session });
    });
    return true;
  }

  /** Drops collections altogether (an abandoned rebuild's shadows); missing ones are fine. */
  async dropCollections(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.documents(name)
        .drop()
        .catch((error: unknown) => {
          if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
        });
      await this.specs.deleteOne({ _id: name });
      this.declared.delete(name);
    }
  }

  private async createCollection(name: string): Promise<void> {
    await this.db.createCollection(mongoCollectionName(name)).catch((error: unknown) => {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    });
  }

  private async createIndexes(name: string, spec: CollectionSpec): Promise<void> {
    const documents = this.documents(name);
    for (const field of spec.indexes) {
      // `_id` second: the index also serves the sort's tie-breaker in both directions.
      await documents.createIndex({ [`doc.${field}`]: 1, _id: 1 }, { name: `by_${field}` });
    }
    for (const [filter, sort] of spec.sortedIndexes ?? []) {
      if (!spec.indexes.includes(filter) || !spec.indexes.includes(sort))
        throw new Error(
          `read store: sorted index ${filter}>${sort} of "${spec.name}" names a field that is not declared`,
        );
      await documents.createIndex(
        { [`doc.${filter}`]: 1, [`doc.${sort}`]: 1, _id: 1 },
        { name: `by_${filter}_then_${sort}` },
      );
    }
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const stored = await this.documents(collection).findOne({ _id: id });
    return stored ? (stored.doc as D) : undefined;
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    const found = new Map<string, D>();
    if (ids.length === 0) return found;
    for await (const stored of this.documents(collection).find({ _id: { $in: [...ids] } }))
      found.set(stored._id, stored.doc as D);
    return found;
  }

  async find<D extends Document>(collection: string, query: FindQuery = {}): Promise<Page<D>> {
    const declared = await this.declaredFields(collection);
    const field = query.sort?.field;
    const direction = query.sort?.direction ?? 'asc';
    if (field !== undefined) assertDeclared(collection, field, declared);
    const limit = pageSize(query);
    const filter = toMongoFilter(collection, query.filter, declared);
    const where = query.cursor ? { $and: [filter, afterCursor(field, direction, decodeCursor(query.cursor))] } : filter;
    const stored = await this.documents(collection)
      .find(where as MongoFilter<StoredDocument>)
      .sort(toMongoSort(field, direction))
      .limit(limit + 1)
      .toArray();
    const items = stored.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      stored.length > limit && last
        ? encodeCursor({ value: field === undefined ? null : valueAt(last.doc, field), id: last._id })
        : undefined;
    return {
      items: items.map((s) => s.doc as D),
      ids: items.map((s) => s._id),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const query = toMongoFilter(collection, filter, await this.declaredFields(collection));
    return this.documents(collection).countDocuments(query as MongoFilter<StoredDocument>);
  }

  async commit(
    changes: readonly DocumentChange[],
    checkpoint?: { projection: string; position: bigint },
  ): Promise<void> {
    if (changes.length === 0 && !checkpoint) return;
    // Unknown collections fail the whole batch before anything is written.
    for (const name of new Set(changes.map((c) => c.collection))) await this.declaredFields(name);
    await this.inTransaction(async (session) => {
      if (checkpoint) {
        const stored = await this.checkpoints.findOne({ _id: checkpoint.projection }, { session });
        // A replayed or stale batch: the documents already reflect it.
        if (stored && BigInt(stored.position) >= checkpoint.position) return;
      }
      for (const run of consecutiveRuns(changes)) {
        try {
          await this.documents(run.collection).bulkWrite(run.operations, { session, ordered: true });
        } catch (error) {
          // 11000: duplicate key — only an `insert` can meet one, since everything else is keyed upserts.
          if ((error as { code?: unknown }).code === 11000) {
            const index = (error as { writeErrors?: { index: number }[] }).writeErrors?.[0]?.index ?? 0;
            const change = changes.filter((c) => c.collection === run.collection)[index];
            throw new DocumentExistsError(run.collection, change?.id ?? '?');
          }
          throw error;
        }
      }
      if (checkpoint) {
        await this.checkpoints.updateOne(
          { _id: checkpoint.projection },
          { $set: { position: checkpoint.position.toString() } },
          { upsert: true, session },
        );
      }
    });
  }

  async getCheckpoint(projection: string): Promise<bigint | undefined> {
    const stored = await this.checkpoints.findOne({ _id: projection });
    return stored ? BigInt(stored.position) : undefined;
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    // No transaction around the documents: deleting a large collection in one would outlive
    // transactionLifetimeLimitSeconds (default 60 s; manual, "Production Considerations (Transactions)")
    // and pin its whole write set in the cache meanwhile. The checkpoint goes first, so a crash in between leaves documents without a checkpoint — replayed from
    // the start, which the idempotent projections absorb — never a checkpoint over emptied collections.
    await this.checkpoints.deleteOne({ _id: projection });
    for (const name of collections) await this.documents(name).deleteMany({});
  }

  async acquireLease(
    name: string,
    holder: string,
    ttlMs: number,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    // Instance clocks decide expiry: they must agree (NTP) to well within the lease time.
    const now = new Date();
    const takeable = [
      { holder },
      { expiresAt: { $lte: now } },
      ...(options.replacing ? [{ holder: options.replacing }] : []),
    ];
    try {
      const lease = await this.leases.findOneAndUpdate(
        { _id: name, $or: takeable },
        { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      return lease?.holder === holder;
    } catch (error) {
      // The lease exists and is held by someone else, so the upsert tried to insert a second one; or two
      // instances raced for a free lease and the other inserted first.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async leaseHolder(name: string): Promise<string | undefined> {
    const lease = await this.leases.findOne({ _id: name, expiresAt: { $gt: new Date() } });
    return lease?.holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, holder });
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private documents(collection: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(mongoCollectionName(collection));
  }

  /** Declared fields of a collection; another instance may have ensured it, so ask the database too. */
  private async declaredFields(collection: string): Promise<ReadonlySet<string>> {
    const known = this.declared.get(collection);
    if (known) return known;
    const spec = await this.specs.findOne({ _id: collection });
    if (!spec) throw new Error(`read collection ${collection} does not exist: call ensureCollection first`);
    const fields = new Set(spec.indexes);
    this.declared.set(collection, fields);
    return fields;
  }

  private async inTransaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => work(session));
    } finally {
      await session.endSession();
    }
  }
}

const sortedOf = (spec: CollectionSpec): [string, string][] =>
  (spec.sortedIndexes ?? []).map(([filter, sort]) => [filter, sort]);

/** Consecutive changes to one collection go in one ordered bulk write; order across them is kept. */
function consecutiveRuns(changes: readonly DocumentChange[]) {
  const runs: { collection: string; operations: AnyBulkWriteOperation<StoredDocument>[] }[] = [];
  for (const change of changes) {
    let run = runs.at(-1);
    if (!run || run.collection !== change.collection) {
      run = { collection: change.collection, operations: [] };
      runs.push(run);
    }
    run.operations.push(toOperation(change));
  }
  return runs;
}

function toOperation(change: DocumentChange): AnyBulkWriteOperation<StoredDocument> {
  switch (change.op) {
    case 'upsert':
      return { replaceOne: { filter: { _id: change.id }, replacement: { doc: change.doc }, upsert: true } };
    case 'insert':
      return { insertOne: { document: { _id: change.id, doc: change.doc } } };
    case 'delete':
      return { deleteOne: { filter: { _id: change.id } } };
    default:
      return assertNever(change);
  }
}

export async function openMongoReadStore(uri: string, options: { dbName?: string } = {}): Promise<MongoReadStore> {
  // ignoreUndefined: an undefined property is absent, as in JSON and the embedded store.
  const client = new MongoClient(uri, { ignoreUndefined: true });
  await client.connect();
  return new MongoReadStore(client, client.db(options.dbName));
}
