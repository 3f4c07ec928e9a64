/**
 * Our own read-model store contract: documents by id in named collections, queries on declared indexed
 * fields, cursor pagination, a checkpoint per projection that moves atomically with the documents, and
 * leases so each projection runs in exactly one instance. SQLite (embedded) and MongoDB implement it
 * and run the same contract suite (tests/contract/read-store.contract.ts).
 */
export const READ_STORE = Symbol('ReadStore');

export type Scalar = string | number | boolean | null;
export type Document = Record<string, unknown>;

/** A condition on one declared indexed field (dotted paths allowed, e.g. `actor.sub`). */
export type FieldCondition =
  | Scalar
  | { in: readonly Scalar[] }
  | { gte?: Scalar; gt?: Scalar; lte?: Scalar; lt?: Scalar }
  /** For array fields: the array contains this value. */
  | { contains: Scalar };

export type Filter = Record<string, FieldCondition>;

export interface FindQuery {
  filter?: Filter;
  /** Sorted by this indexed field, ties broken by id. Default: id ascending. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page<D> {
  items: D[];
  /** The ids of `items`, in the same order (both adapters give them; a minimal fake may not). */
  ids?: string[];
  nextCursor?: string;
}

export interface CollectionSpec {
  name: string;
  /** Fields that may appear in a filter or sort; the adapter indexes them. */
  indexes: readonly string[];
  /**
   * Pairs of declared fields [filter, sort]: pages filtered on the first (equality) and sorted by the
   * second are read in index order, so a page costs its own size rather than that of the whole group —
   * "everything this actor did, oldest first" over ten million trail entries. Only a performance hint:
   * every query answers the same without it.
   */
  sortedIndexes?: readonly (readonly [filter: string, sort: string])[];
}

export type DocumentChange =
  | { op: 'upsert'; collection: string; id: string; doc: Document }
  /** Create only: the whole commit fails with DocumentExistsError when the id is taken. */
  | { op: 'insert'; collection: string; id: string; doc: Document }
  | { op: 'delete'; collection: string; id: string };

/** An `insert` met an existing document; nothing of the commit was written. */
export class DocumentExistsError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`document ${collection}/${id} exists already`);
    this.name = 'DocumentExistsError';
  }
}

export interface ReadStore {
  ensureCollection(spec: CollectionSpec): Promise<void>;
  get<D extends Document>(collection: string, id: string): Promise<D | undefined>;
  getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>>;
  find<D extends Document>(collection: string, query?: FindQuery): Promise<Page<D>>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Applies document changes and, when given, moves a projection's checkpoint — all or nothing.
   * A checkpoint never moves backwards: a batch at or behind the stored checkpoint changes nothing,
   * so a replayed batch is harmless.
   */
  commit(changes: readonly DocumentChange[], checkpoint?: { projection: string; position: bigint }): Promise<void>;
  getCheckpoint(projection: string): Promise<bigint | undefined>;
  /** Drops the collections' documents and the projection's checkpoint (used by a rebuild). */
  reset(projection: string, collections: readonly string[]): Promise<void>;
  /**
   * Takes or renews a lease; true when `holder` holds it until now + ttlMs. An expired lease of another
   * holder is taken over.
   */
  acquireLease(name: string, holder: string, ttlMs: number, options?: { replacing?: string }): Promise<boolean>;
  /**
   * The holder of a lease that has not expired, if any. With `replacing` set to it, acquireLease takes
   * the lease over at once: for a holder known to be gone (a killed process of this host), so the
   * projections of its restarted successor need not wait for the expiry.
   */
  leaseHolder(name: string): Promise<string | undefined>;
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * Optional: make deleted bytes unrecoverable from the store's files (after an erasure). The embedded
   * store folds and truncates its WAL; a server store has nothing to do here.
   */
  compact?(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
