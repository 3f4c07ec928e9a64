import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { embeddedPaths, type Stores } from '../config/stores.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { KIM_CONFIG, STORES } from '../kim-core.module.js';
import type { KimConfig } from '../config/config.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import type { ProjectionStatus } from './projection-runner.js';
import { ProjectionRunners } from './projection-runners.js';
import { PROJECTIONS } from './projection-runner.tokens.js';
import { storedVersion } from './projection-version.js';
import { ProjectionWorkerHost, projectionWorkerWanted } from './projection-worker-host.js';
import { COMMITS_BYTES } from './projection-worker.protocol.js';

type WaitOptions = { projections?: readonly string[]; eventTypes?: readonly string[]; timeoutMs?: number };

/**
 * Starts the projections with the application and stops them (releasing their leases) with it: in a worker
 * thread of their own on the embedded stores (KIM_PROJECTIONS_IN, see config.ts), else on this thread.
 */
@Injectable()
export class ProjectionRunnerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunners | ProjectionWorkerHost;
  private unlisten?: () => void;

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTIONS) private readonly projections: readonly ProjectionDefinition[],
    @Inject(KIM_CONFIG) config: KimConfig,
    @Inject(STORES) private readonly stores: Stores,
  ) {
    const log = (line: string) => this.logger.warn(line);
    const file = inWorker(config, projections);
    this.runners = file
      ? new ProjectionWorkerHost({ file, data: workerData(config), projections, log })
      : new ProjectionRunners({ eventStore, readStore, projections, log });
  }

  /** Where the projections run, for the health answer. */
  get runsIn(): 'worker' | 'main' {
    return this.runners instanceof ProjectionWorkerHost ? 'worker' : 'main';
  }

  async onModuleInit(): Promise<void> {
    await createNewCollections(this.readStore, this.projections);
    if (this.runners instanceof ProjectionWorkerHost) {
      const host = this.runners;
      this.stores.embedded?.onDurability((committed, durable) => host.noticeDurability(committed, durable));
      this.unlisten = this.stores.embedded?.onChainAdvanced(() => host.noticeCommit());
    }
    this.runners.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.unlisten?.();
    await this.runners.stop();
  }

  status(): ProjectionStatus[] {
    return this.runners.status();
  }

  /** Lets a read wait until the read side shows what was written up to `position`. */
  waitFor(position: bigint, options?: WaitOptions): Promise<void> {
    return this.runners.waitFor(position, options);
  }
}

/**
 * The collections of projections this read store has never held, created before the service answers: a
 * read of them right after the first start is then empty, not an error (a 503) while the runners — in the
 * worker, a moment later — are still starting. Projections already held are left to their runners (a
 * changed version is rebuilt in shadow collections, never altered in place here).
 */
async function createNewCollections(readStore: ReadStore, projections: readonly ProjectionDefinition[]) {
  for (const projection of projections) {
    const held =
      (await storedVersion(readStore, projection.name)) !== undefined ||
      (await readStore.getCheckpoint(projection.name)) !== undefined;
    if (!held) for (const spec of projection.collections) await readStore.ensureCollection(spec);
  }
}

/** The worker's module when the projections are to run there; undefined: on this thread. */
function inWorker(config: KimConfig, projections: readonly ProjectionDefinition[]): string | undefined {
  const file = projectionWorkerWanted(config);
  // The worker runs ALL_PROJECTIONS; an application given other projections (a test) runs them here.
  if (projections === ALL_PROJECTIONS) return file;
  if (config.projectionsIn === 'worker') throw new Error('KIM_PROJECTIONS_IN=worker runs all projections only');
  return undefined;
}

function workerData(config: KimConfig) {
  const paths = embeddedPaths(config.dataDir);
  return { eventsPath: paths.events, readPath: paths.read, commits: new SharedArrayBuffer(COMMITS_BYTES) };
}
