import {
  DocumentExistsError,
  type CollectionSpec,
  type Document,
  type DocumentChange,
  type FindQuery,
  type Page,
  type ReadStore,
} from '../../../src/read-store/read-store.port.js';

/**
 * Just enough of the ReadStore port for the key store: documents by id, atomic commits and leases.
 * Queries with filters are out of scope and fail loudly rather than answer wrongly.
 */
export class InMemoryReadStore implements ReadStore {
  readonly collections = new Map<string, Map<string, Document>>();
  private readonly leases = new Map<string, { holder: string; until: number }>();

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    if (!this.collections.has(spec.name)) this.collections.set(spec.name, new Map());
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const doc = this.collection(collection).get(id);
    return doc && (structuredClone(doc) as D);
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    const found = new Map<string, D>();
    for (const id of ids) {
      const doc = await this.get<D>(collection, id);
      if (doc) found.set(id, doc);
    }
    return found;
  }

  async find<D extends Document>(collection: string, query: FindQuery = {}): Promise<Page<D>> {
    if (query.filter || query.sort || query.cursor) throw new Error('InMemoryReadStore: filters are not supported');
    const items = [...this.collection(collection).entries()].sort(([a], [b]) => a.localeCompare(b));
    return { items: items.slice(0, query.limit).map(([, doc]) => structuredClone(doc) as D) };
  }

  async count(collection: string): Promise<number> {
    return this.collection(collection).size;
  }

  async commit(changes: readonly DocumentChange[]): Promise<void> {
    for (const change of changes) {
      if (!this.collections.has(change.collection)) throw new Error(`unknown collection ${change.collection}`);
    }
    for (const change of changes) {
      if (change.op === 'insert' && this.collection(change.collection).has(change.id)) {
        throw new DocumentExistsError(change.collection, change.id);
      }
    }
    for (const change of changes) {
      const docs = this.collection(change.collection);
      if (change.op === 'delete') docs.delete(change.id);
      else docs.set(change.id, structuredClone(change.doc));
    }
  }

  async getCheckpoint(): Promise<bigint | undefined> {
    return undefined;
  }

  async reset(_projection: string, collections: readonly string[]): Promise<void> {
    for (const name of collections) this.collection(name).clear();
  }

  async acquireLease(
    name: string,
    holder: string,
    ttlMs: number,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.holder !== options.replacing && current.until > Date.now())
      return false;
    this.leases.set(name, { holder, until: Date.now() + ttlMs });
    return true;
  }

  async leaseHolder(name: string): Promise<string | undefined> {
    const current = this.leases.get(name);
    return current && current.until > Date.now() ? current.holder : undefined;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  /** Everything stored, as one string: to prove that no plaintext reached the store. */
  dump(): string {
    return JSON.stringify([...this.collections].map(([name, docs]) => [name, [...docs]]));
  }

  private collection(name: string): Map<string, Document> {
    const docs = this.collections.get(name);
    if (!docs) throw new Error(`unknown collection ${name}`);
    return docs;
  }
}
