import type { ProjectionStatus } from './projection-runner.js';

/** What the projection worker opens: the embedded stores' files (connections of its own). */
export interface ProjectionWorkerData {
  eventsPath: string;
  readPath: string;
  /**
   * Two Int32: the service's commit count and whether the worker sleeps on it (see projection-worker.ts).
   * No message per commit: posting one cost the request thread about 100 µs a time under load.
   */
  commits: SharedArrayBuffer;
}

export type ToProjectionWorker =
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
