import { Inject, Injectable } from '@nestjs/common';
import type { EventCodec } from '../../event-sourcing/event-codec.js';
import { StreamRepository } from '../../event-sourcing/stream-repository.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { EVENT_CODEC } from '../../kim-core.module.js';
import { rightsRequestDecider, type RightsRequest, type RightsRequestCommand } from './rights-request.decider.js';
import type { RightsRequestEvent } from './rights-request.events.js';

export const rightsRequestStream = (requestId: string) => `rights-request-${requestId}`;

/** Stream `rights-request-<requestId>`: the register of data-subject requests (Art. 12 DSGVO). */
@Injectable()
export class RightsRequestRepository extends StreamRepository<RightsRequestCommand, RightsRequestEvent, RightsRequest> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(EVENT_CODEC) codec: EventCodec) {
    super(store, codec, rightsRequestDecider, rightsRequestStream);
  }
}
