import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { KimConfig } from '../config/config.js';
import type { ProjectionStatus } from './projection-runner.js';
import {
  commitCounter,
  COUNT,
  SLEEPING,
  writerPositions,
  type FromProjectionWorker,
  type ProjectionWorkerData,
  type ToProjectionWorker,
} from './projection-worker.protocol.js';

/** A worker that ended on its own is started again after this pause (its leases expire meanwhile). */
const RESTART_AFTER_MS = 1000;
/** After this, a worker that does not stop is terminated (its leases then expire on their own). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The compiled worker module. Running from the build, it is the sibling of this file; running from the
 * TypeScript sources (the test suite), the build's copy of it — `npm test` builds first.
 */
export function projectionWorkerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.js')
    ? here.replace(/projection-worker-host\.js$/, 'projection-worker.js')
    : here.replace(
        /([\\/])src([\\/]projection-runner[\\/])projection-worker-host\.ts$/,
        '$1dist$1src$2projection-worker.js',
      );
  return compiled.endsWith('.js') && existsSync(compiled) ? compiled : undefined;
}

/**
 * The worker module when the configuration puts the projections there (KIM_PROJECTIONS_IN), else undefined.
 * `auto` chooses the worker only on the embedded stores and where the service runs from its build.
 */
export function projectionWorkerWanted(config: Pick<KimConfig, 'projectionsIn' | 'eventStore' | 'readStore'>) {
  const wanted = config.projectionsIn ?? 'auto';
  const embedded = config.eventStore.driver === 'sqlite' && config.readStore.driver === 'sqlite';
  if (wanted === 'main' || !embedded) return undefined;
  const file = projectionWorkerFile();
  if (wanted === 'worker' && !file)
    throw new Error('KIM_PROJECTIONS_IN=worker: the projection worker is not built (npm run build)');
  return wanted === 'auto' && !import.meta.url.endsWith('.js') ? undefined : file;
}

export interface ProjectionWorkerHostOptions {
  file: string;
  data: ProjectionWorkerData;
  /** The projections the worker runs (ALL_PROJECTIONS): their names and event types, for the states shown here. */
  projections: readonly ProjectionDefinition[];
  log: (line: string) => void;
}

/**
 * The request thread's side of the projection worker: starts it (and again after a crash), tells it of
 * commits, forwards waits for read models and keeps the runners' states it reports. A wait that the reported
 * checkpoints already answer costs no message.
 */
export class ProjectionWorkerHost {
  private worker?: Worker;
  private statuses: ProjectionStatus[];
  private readonly waits = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextWait = 0;
  private stopping = false;
  private readonly commits: Int32Array;
  private readonly positions: BigInt64Array;
  private stopped?: Promise<void>;

  constructor(private readonly options: ProjectionWorkerHostOptions) {
    this.commits = commitCounter(options.data.commits);
    this.positions = writerPositions(options.data.commits);
    this.statuses = options.projections.map((p) => ({ name: p.name, version: p.version, state: 'starting' }));
  }

  start(): void {
    if (this.worker || this.stopping) return;
    const worker = new Worker(this.options.file, { workerData: this.options.data });
    this.worker = worker;
    worker.on('message', (message: FromProjectionWorker) => this.receive(message));
    worker.on('error', (error) => this.options.log(`projection worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      this.worker = undefined;
      for (const wait of this.waits.values()) wait.reject(new Error(`projection worker ended (exit ${code})`));
      this.waits.clear();
      if (this.stopping) return;
      this.statuses = this.statuses.map((s) => ({
        ...s,
        state: 'failed',
        error: `projection worker ended (exit ${code})`,
      }));
      this.options.log(`projection worker ended (exit ${code}); starting it again in ${RESTART_AFTER_MS} ms`);
      setTimeout(() => this.start(), RESTART_AFTER_MS).unref();
    });
  }

  /** The service's writer moved: the worker's subscriptions read no further than what is durable. */
  noticeDurability(committedThrough: bigint, durableThrough: bigint): void {
    Atomics.store(this.positions, 0, committedThrough);
    Atomics.store(this.positions, 1, durableThrough);
  }

  /** After each durable commit of the service: counted where the worker waits for it (see ProjectionWorkerData). */
  noticeCommit(): void {
    Atomics.add(this.commits, COUNT, 1);
    if (Atomics.load(this.commits, SLEEPING) === 1) Atomics.notify(this.commits, COUNT);
  }

  status(): ProjectionStatus[] {
    return this.statuses;
  }

  waitFor(
    position: bigint,
    options: { projections?: readonly string[]; eventTypes?: readonly string[]; timeoutMs?: number } = {},
  ): Promise<void> {
    if (this.reportedThrough(position, options)) return Promise.resolve();
    if (!this.worker) return Promise.reject(new Error('the projection worker is not running'));
    const id = this.nextWait++;
    return new Promise<void>((resolve, reject) => {
      this.waits.set(id, { resolve, reject });
      this.post({ kind: 'wait', id, position: position.toString(), ...options });
    });
  }

  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= new Promise<void>((resolve) => {
      const worker = this.worker;
      if (!worker) return resolve();
      const kill = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      this.post({ kind: 'stop' });
    });
    return this.stopped;
  }

  private reportedThrough(
    position: bigint,
    options: { projections?: readonly string[]; eventTypes?: readonly string[] },
  ): boolean {
    const types = options.eventTypes;
    const names = new Set(
      (options.projections
        ? this.options.projections.filter((p) => options.projections!.includes(p.name))
        : this.options.projections
      )
        .filter((p) => !types || p.eventTypes.some((t) => types.includes(t)))
        .map((p) => p.name),
    );
    if (options.projections && options.projections.some((name) => !this.statuses.some((s) => s.name === name)))
      return false; // an unknown name: the worker answers with the error
    return this.statuses
      .filter((s) => names.has(s.name))
      .every((s) => s.state === 'running' && s.checkpoint !== undefined && BigInt(s.checkpoint) >= position);
  }

  private receive(message: FromProjectionWorker): void {
    switch (message.kind) {
      case 'status':
        this.statuses = message.statuses;
        return;
      case 'waited': {
        const wait = this.waits.get(message.id);
        this.waits.delete(message.id);
        if (message.error === undefined) wait?.resolve();
        else wait?.reject(new Error(message.error));
        return;
      }
      case 'log':
        return this.options.log(message.line);
      case 'stopped':
        return;
    }
  }

  private post(message: ToProjectionWorker): void {
    this.worker?.postMessage(message);
  }
}
