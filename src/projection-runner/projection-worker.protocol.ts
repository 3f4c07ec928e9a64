import type { ProjectionStatus } from './projection-runner.js';

/** What the projection worker opens: the embedded stores' files (connections of its own). */
export interface ProjectionWorkerData {
  eventsPath: string;
  readPath: string;
  /**
   * One Int32 the service counts its commits in (Atomics.add + notify, no message per commit: posting one
   * cost the request thread about 100 µs a time under load); the worker waits on it.
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
