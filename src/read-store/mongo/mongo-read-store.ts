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

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const name = mongoCollectionName(spec.name);
    await this.db.createCollection(name).catch((error: unknown) => {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    });
    const documents = this.documents(spec.name);
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
    await this.specs.updateOne({ _id: spec.name }, { $set: { indexes: [...spec.indexes] } }, { upsert: true });
    this.declared.set(spec.name, new Set(spec.indexes));
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
    return { items: items.map((s) => s.doc as D), ...(nextCursor ? { nextCursor } : {}) };
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
    // One transaction, so a crash cannot leave a checkpoint pointing at emptied collections. Very large
    // collections may exceed the transaction limits; a rebuild can then be retried after a drop by hand.
    await this.inTransaction(async (session) => {
      for (const name of collections) await this.documents(name).deleteMany({}, { session });
      await this.checkpoints.deleteOne({ _id: projection }, { session });
    });
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
