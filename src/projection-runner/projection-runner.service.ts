import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import type { ProjectionStatus } from './projection-runner.js';
import { ProjectionRunners } from './projection-runners.js';
import { PROJECTIONS } from './projection-runner.tokens.js';

/** Starts the projection runners with the application and stops them (releasing their leases) with it. */
@Injectable()
export class ProjectionRunnerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunners;

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(PROJECTIONS) projections: readonly ProjectionDefinition[],
  ) {
    this.runners = new ProjectionRunners({
      eventStore,
      readStore,
      projections,
      log: (line) => this.logger.warn(line),
    });
  }

  onModuleInit(): void {
    this.runners.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runners.stop();
  }

  status(): ProjectionStatus[] {
    return this.runners.status();
  }

  /** Lets a command's response wait until the read side shows what the command wrote. */
  waitFor(
    position: bigint,
    options?: { projections?: readonly string[]; eventTypes?: readonly string[]; timeoutMs?: number },
  ): Promise<void> {
    return this.runners.waitFor(position, options);
  }
}
