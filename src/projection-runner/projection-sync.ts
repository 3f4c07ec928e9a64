import { Injectable, Logger, Optional, Inject } from '@nestjs/common';

/** Implemented by the projection runner: resolves once every running projection has seen `position`. */
export interface ProjectionProgress {
  waitFor(
    position: bigint,
    timeoutMs: number,
    projections: readonly string[],
    eventTypes?: readonly string[],
  ): Promise<boolean>;
}

/**
 * The read models a caseworker reads right after a command (need-to-know checks included). Reports, the
 * audit trail and anomaly views may lag a moment; waiting for them would only slow every command down.
 */
export const READ_YOUR_WRITES_PROJECTIONS = ['persons', 'consents', 'cases', 'caseload', 'transfers'] as const;
export const PROJECTION_PROGRESS = Symbol('ProjectionProgress');

/**
 * Read-your-writes for clients: a command's response waits (bounded) until the read models include its
 * events, so the caseworker who just opened a case sees it on the next GET. A timeout only delays; the
 * events are already durable.
 */
@Injectable()
export class ProjectionSync {
  private readonly logger = new Logger('projections');

  constructor(@Optional() @Inject(PROJECTION_PROGRESS) private readonly progress?: ProjectionProgress) {}

  async caughtUp(position: bigint | undefined, eventTypes?: readonly string[], timeoutMs = 2000): Promise<void> {
    if (position === undefined || !this.progress) return;
    const reached = await this.progress.waitFor(position, timeoutMs, READ_YOUR_WRITES_PROJECTIONS, eventTypes);
    if (!reached) this.logger.warn(`read models have not reached position ${position} after ${timeoutMs} ms`);
  }
}
