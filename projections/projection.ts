import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { DomainEvent } from '../src/shared/decider.js';
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

/**
 * A stored event typed by its domain event: a `switch (event.type)` narrows `data` to that event's shape.
 * Events stored under an older schema arrive as stored; a projection reads optional fields defensively.
 */
export type Recorded<E extends DomainEvent> = E extends DomainEvent
  ? Omit<RecordedEvent, 'type' | 'data'> & { type: E['type']; data: E['data'] }
  : never;

/**
 * A framework-free read-model definition; the projection runner feeds it from the global log. `E` is the
 * union of the domain events it reads; `eventTypes` must list exactly their types.
 */
export interface ProjectionDefinition<E extends DomainEvent = DomainEvent<string, Record<string, unknown>>> {
  /** Stable name; the checkpoint and the lease are kept under it. */
  name: string;
  /** Bump to make the runner rebuild this projection from scratch on start. */
  version: number;
  collections: readonly CollectionSpec[];
  /** Event types this projection reads; the runner subscribes with this filter. */
  eventTypes: readonly E['type'][];
  apply(event: Recorded<E>, ctx: ProjectionContext): Promise<void> | void;
}
