import type { ProjectionContext, ProjectionDefinition, Recorded } from '../../projections/projection.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Document } from '../../src/read-store/read-store.port.js';
import type { DomainEvent } from '../../src/shared/decider.js';
import type { EventMetadata } from '../../src/shared/event-metadata.js';

/** Collections of one projection under test, held in maps: `docs.get(collection)?.get(id)`. */
export type Documents = Map<string, Map<string, Document>>;

export const testMetadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  schemaVersion: 1,
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
  occurredAt: '2026-01-15T09:00:00.000Z',
  ...overrides,
});

/** Turns domain events into recorded events with consecutive positions, as the store would. */
export function recorded(
  events: (DomainEvent & { streamName?: string; metadata?: Partial<EventMetadata> })[],
  startPosition = 1,
): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((e, i) => {
    const streamName = e.streamName ?? 'test-1';
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    const metadata = testMetadata(e.metadata);
    return {
      id: `00000000-0000-4000-8000-${String(startPosition + i).padStart(12, '0')}`,
      type: e.type,
      streamName,
      revision,
      position: BigInt(startPosition + i),
      data: e.data as Record<string, unknown>,
      metadata,
      recordedAt: metadata.occurredAt,
    };
  });
}

/** Applies events to a projection the way the runner does, returning the resulting documents. */
export async function project<E extends DomainEvent>(
  projection: ProjectionDefinition<E>,
  events: readonly RecordedEvent[],
  docs: Documents = new Map(),
) {
  const collection = (name: string) => {
    let c = docs.get(name);
    if (!c) docs.set(name, (c = new Map()));
    return c;
  };
  const ctx: ProjectionContext = {
    get: async <D extends Document>(name: string, id: string) => {
      const doc = collection(name).get(id);
      return doc === undefined ? undefined : (structuredClone(doc) as D);
    },
    put: (name, id, doc) => void collection(name).set(id, structuredClone(doc)),
    delete: (name, id) => void collection(name).delete(id),
  };
  const types: readonly string[] = projection.eventTypes;
  for (const event of events) {
    // As the runner does: the store's filter passes only the listed types, stored as they were written.
    if (types.includes(event.type)) await projection.apply(event as Recorded<E>, ctx);
  }
  return docs;
}

/**
 * "A replay changes nothing", two ways: the log from any point on applied again onto the documents it
 * produced (a runner resuming from an older checkpoint, a rebuild over a copy: `fromEachPoint[0]` is the
 * whole log again), and every event delivered twice in a row (at-least-once delivery). Each must equal
 * the documents after the log applied once.
 */
export async function replayed<E extends DomainEvent>(
  projection: ProjectionDefinition<E>,
  log: readonly RecordedEvent[],
) {
  const once = await project(projection, log);
  const fromEachPoint: Documents[] = [];
  for (let i = 0; i < log.length; i++)
    fromEachPoint.push(await project(projection, log.slice(i), structuredClone(once)));
  const twiceEach = await project(
    projection,
    log.flatMap((e) => [e, e]),
  );
  return { once, fromEachPoint, twiceEach };
}

/** The documents of one collection, by id. */
export const docsOf = (docs: Documents, collection: string): Map<string, Document> => docs.get(collection) ?? new Map();
