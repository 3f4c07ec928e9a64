import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { processHolderId } from './lease-holder.js';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner.js';

export interface ProjectionRunnersOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly ProjectionDefinition[];
  holder?: string;
  leaseTtlMs?: number;
  renewEveryMs?: number;
  batchSize?: number;
  log?: (line: string) => void;
  clock?: Clock;
}

/** All projections of a process; each runs (or stands by) on its own, so one failure stops only itself. */
export class ProjectionRunners {
  private readonly runners: ProjectionRunner[];

  constructor(options: ProjectionRunnersOptions) {
    const names = new Set<string>();
    for (const p of options.projections) {
      if (names.has(p.name)) throw new Error(`projection name "${p.name}" is used twice`);
      names.add(p.name);
    }
    const holder = options.holder ?? processHolderId();
    this.runners = options.projections.map((projection) => new ProjectionRunner({ ...options, projection, holder }));
  }

  start(): void {
    this.runners.forEach((r) => r.start());
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  status(): ProjectionStatus[] {
    return this.runners.map((r) => r.status());
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((r) => r.name === name);
    if (!runner) throw new Error(`unknown projection "${name}"`);
    return runner;
  }

  /**
   * Waits until the named projections (default: all) reflect every event up to `position`. Given the
   * types of the events just written, projections that read none of them are not waited for: their
   * documents cannot have changed.
   */
  async waitFor(
    position: bigint,
    options: { projections?: readonly string[]; eventTypes?: readonly string[]; timeoutMs?: number } = {},
  ): Promise<void> {
    let runners = options.projections ? options.projections.map((n) => this.runner(n)) : this.runners;
    const types = options.eventTypes;
    if (types) runners = runners.filter((r) => r.eventTypes.some((t) => types.includes(t)));
    await Promise.all(runners.map((r) => r.waitFor(position, options.timeoutMs)));
  }
}
