import type { ProjectionStatus } from './projection-runner.js';

/** What the projection worker opens: the embedded stores' files (connections of its own). */
export interface ProjectionWorkerData {
  eventsPath: string;
  readPath: string;
}

export type ToProjectionWorker =
  /** The service committed events: subscriptions read on now, not at their next poll. */
  | { kind: 'committed' }
  | {
      kind: 'wait';
      id: number;
      /** Decimal string: bigint does not cross postMessage in every Node version we support. */
      position: string;
      projections?: readonly string[];
      eventTypes?: readonly string[];
      timeoutMs?: number;
    }
  | { kind: 'stop' };

export type FromProjectionWorker =
  | { kind: 'status'; statuses: ProjectionStatus[] }
  | { kind: 'waited'; id: number; error?: string }
  | { kind: 'log'; line: string }
  | { kind: 'stopped' };
