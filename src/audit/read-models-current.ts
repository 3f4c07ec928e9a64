import { Inject, Injectable } from '@nestjs/common';
import { ProjectionSync } from '../application/projection-sync.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/**
 * The DPO's views (trail, report, anomalies) are read models fed asynchronously. Before answering they
 * wait, bounded, until the read models include every event stored so far, so an access logged a moment
 * ago is not missing from the trail. A timeout only delays; the answer then says how far it is.
 */
@Injectable()
export class ReadModelsCurrent {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly sync: ProjectionSync,
  ) {}

  async await(): Promise<void> {
    await this.sync.caughtUp(await this.events.headPosition());
  }
}
