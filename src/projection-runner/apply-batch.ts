import type { ProjectionDefinition } from '../../projections/projection.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { upcastRecorded } from '../event-sourcing/upcasters.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import { BatchContext } from './batch-context.js';

/** Thrown when a projection's apply fails; carries the event so the runner can log where it stopped. */
export class ProjectionApplyError extends Error {
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} stopped at event ${event.position} (${event.type}, ${event.streamName}@${event.revision}): ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
    this.name = 'ProjectionApplyError';
  }
}

export interface BatchTarget {
  /** Name the checkpoint is stored under (the projection's, or its shadow's during a rebuild). */
  checkpointName: string;
  storedName?: (collection: string) => string;
  /** Runs right before the commit; throwing there (e.g. the lease is gone) writes nothing. */
  beforeCommit?: () => void;
}

/**
 * Applies a batch of events in global order and commits the documents with the position of the last
 * event, all or nothing. Nothing is written when any event fails.
 */
export async function applyBatch(
  projection: ProjectionDefinition,
  events: readonly RecordedEvent[],
  store: ReadStore,
  target: BatchTarget = { checkpointName: projection.name },
): Promise<bigint | undefined> {
  const last = events[events.length - 1];
  if (!last) return undefined;
  const ctx = new BatchContext(store, target.storedName);
  for (const event of events) {
    if (!projection.eventTypes.includes(event.type)) continue;
    try {
      // Projections read the current shape of every event, as deciders do (a v1 store rebuilds too).
      await projection.apply(upcastRecorded(event), ctx);
    } catch (error) {
      throw new ProjectionApplyError(projection.name, event, error);
    }
  }
  target.beforeCommit?.();
  await store.commit(ctx.changes(), {
    projection: target.checkpointName,
    position: last.position,
  });
  return last.position;
}
