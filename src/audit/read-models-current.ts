import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { auditTrailProjection } from '../../projections/audit-trail.projection.js';
import { anomaliesProjection } from '../../projections/anomalies.projection.js';
import { erasuresProjection } from '../../projections/erasures.projection.js';
import { rightsRequestsProjection } from '../../projections/rights-requests.projection.js';
import { dpoRegistersProjection } from '../../projections/dpo-registers.projection.js';
import { PROJECTION_PROGRESS, type ProjectionProgress } from '../projection-runner/read-model-freshness.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/** What the DPO's views read: the person's file, the trail, the anomaly facts and the rights desk's queues. */
const DPO_VIEWS = [
  'persons',
  'consents',
  'cases',
  'transfers',
  auditTrailProjection.name,
  anomaliesProjection.name,
  erasuresProjection.name,
  rightsRequestsProjection.name,
  dpoRegistersProjection.name,
];

/**
 * The DPO's views (trail, report, anomalies) and the legal-hold check are read models fed
 * asynchronously. Commands never wait for read models, so these views wait here, bounded, until their
 * projections include every event stored so far: an access logged a moment ago is not
 * missing from the trail. A timeout only delays (and is logged); the answer then shows what is there.
 */
@Injectable()
export class ReadModelsCurrent {
  private readonly logger = new Logger('projections');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Optional() @Inject(PROJECTION_PROGRESS) private readonly progress?: ProjectionProgress,
  ) {}

  /** `views`: the projections to wait for (default: the DPO's); another desk's list names its own. */
  async await(timeoutMs = 2000, views: readonly string[] = DPO_VIEWS): Promise<void> {
    const head = await this.events.headPosition();
    if (head === undefined || !this.progress) return;
    if (!(await this.progress.waitFor(head, timeoutMs, views))) {
      this.logger.warn(`the read models ${views.join(', ')} have not reached position ${head} after ${timeoutMs} ms`);
    }
  }

  /**
   * A document looked up by id right after the command that wrote it (e.g. a transfer acknowledged at once):
   * when it is not there yet, waits, bounded, until `projection` holds every stored event, and looks again.
   */
  async lookUp<D>(projection: string, lookup: () => Promise<D | undefined>): Promise<D | undefined> {
    const found = await lookup();
    if (found !== undefined) return found;
    await this.await(2000, [projection]);
    return lookup();
  }
}
