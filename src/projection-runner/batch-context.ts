import type { ProjectionContext } from '../../projections/projection.js';
import type { Document, DocumentChange, ReadStore } from '../read-store/read-store.port.js';
import { copyDocument } from './copy-document.js';

/**
 * A ProjectionContext over one batch: reads go to the store once per document and are then served from
 * memory, writes stay in memory until the runner commits them with the checkpoint. Deleted documents are
 * cached as `null` so a later read in the same batch sees the deletion.
 */
export class BatchContext implements ProjectionContext {
  private readonly cache = new Map<string, Map<string, Document | null>>();
  private readonly dirty = new Map<string, Set<string>>();

  constructor(
    private readonly store: ReadStore,
    /** Maps a projection's collection name to the stored one (a rebuild writes to shadow collections). */
    private readonly storedName: (collection: string) => string = (c) => c,
  ) {}

  private docs(collection: string): Map<string, Document | null> {
    let docs = this.cache.get(collection);
    if (!docs) this.cache.set(collection, (docs = new Map()));
    return docs;
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | undefined> {
    const docs = this.docs(collection);
    if (!docs.has(id)) docs.set(id, (await this.store.get<D>(this.storedName(collection), id)) ?? null);
    const doc = docs.get(id);
    // A clone, so a projection mutating what it read cannot change the batch behind its back.
    return doc ? (copyDocument(doc) as D) : undefined;
  }

  put(collection: string, id: string, doc: Document): void {
    this.docs(collection).set(id, copyDocument(doc));
    this.markDirty(collection, id);
  }

  delete(collection: string, id: string): void {
    this.docs(collection).set(id, null);
    this.markDirty(collection, id);
  }

  private markDirty(collection: string, id: string): void {
    let ids = this.dirty.get(collection);
    if (!ids) this.dirty.set(collection, (ids = new Set()));
    ids.add(id);
  }

  /** The final state of every document written in the batch, one change per document. */
  changes(): DocumentChange[] {
    const changes: DocumentChange[] = [];
    for (const [collection, ids] of this.dirty) {
      const stored = this.storedName(collection);
      for (const id of ids) {
        const doc = this.cache.get(collection)?.get(id);
        changes.push(doc ? { op: 'upsert', collection: stored, id, doc } : { op: 'delete', collection: stored, id });
      }
    }
    return changes;
  }
}
