import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

/** Implemented by the projection runner: resolves once the named projections have seen `position`. */
export interface ProjectionProgress {
  waitFor(position: bigint, timeoutMs: number, projections: readonly string[]): Promise<boolean>;
}

export const PROJECTION_PROGRESS = Symbol('ProjectionProgress');

/**
 * Read-your-writes on the read side only. Commands decide on folded streams and never wait for a read
 * model; a read that comes from a read model waits (bounded) until it holds the newest event of the
 * stream it is about — usually it already does, and then this costs nothing.
 */
@Injectable()
export class ReadModelFreshness {
  private readonly logger = new Logger('projections');

  constructor(@Optional() @Inject(PROJECTION_PROGRESS) private readonly progress?: ProjectionProgress) {}

  async atLeast(projection: string, position: bigint, timeoutMs = 2000): Promise<void> {
    if (!this.progress) return;
    const reached = await this.progress.waitFor(position, timeoutMs, [projection]);
    if (!reached)
      this.logger.warn(`read model ${projection} has not reached position ${position} after ${timeoutMs} ms`);
  }
}
