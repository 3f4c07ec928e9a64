import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { CollectionSpec, Document } from '../src/read-store/read-store.port.js';

/**
 * What a projection may do with documents while handling one event. Reads see the projection's own
 * pending writes of the same batch, so a rebuild never round-trips to the store per event.
 */
export interface ProjectionContext {
  get<D extends Document>(collection: string, id: string): Promise<D | undefined>;
  put(collection: string, id: string, doc: Document): void;
  delete(collection: string, id: string): void;
}

/** A framework-free read-model definition; the projection runner feeds it from the global log. */
export interface ProjectionDefinition {
  /** Stable name; the checkpoint and the lease are kept under it. */
  name: string;
  /** Bump to make the runner rebuild this projection from scratch on start. */
  version: number;
  collections: readonly CollectionSpec[];
  /** Event types this projection reads; the runner subscribes with this filter. */
  eventTypes: readonly string[];
  apply(event: RecordedEvent, ctx: ProjectionContext): Promise<void> | void;
}
