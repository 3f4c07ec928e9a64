import type { ProjectionStatus } from './projection-runner.js';

/** What the projection worker opens: the embedded stores' files (connections of its own). */
export const COMMITS_BYTES = 24;
/** Indexes into commitCounter: the service's commit count, and 1 while the worker sleeps on it. */
export const COUNT = 0;
export const SLEEPING = 1;
export const commitCounter = (buffer: SharedArrayBuffer) => new Int32Array(buffer, 0, 2);
export const writerPositions = (buffer: SharedArrayBuffer) => new BigInt64Array(buffer, 8, 2);

export interface ProjectionWorkerData {
  eventsPath: string;
  readPath: string;
  /**
   * Int32 [commit count, worker sleeping] at byte 0 (see projection-worker.ts) and BigInt64 [committed
   * through, durable through] at byte 8 (see SqliteAppendWriter.onDurability). No message per commit:
   * posting one cost the request thread about 100 µs a time under load.
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
