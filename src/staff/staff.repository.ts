import { Inject, Injectable } from '@nestjs/common';
import type { KimConfig } from '../config/config.js';
import type { EventCodec } from '../event-sourcing/event-codec.js';
import { StreamRepository } from '../event-sourcing/stream-repository.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import { staffDecider, type RecordStaffMember, type StaffMember } from './staff.decider.js';
import type { StaffEvent } from './staff.events.js';

export const staffStream = (caseworkerId: string) => `staff-${caseworkerId}`;

/** Welfare associations that run KIM case management under contract (product.md §1). */
const WELFARE_ASSOCIATIONS = ['WV_AWO', 'WV_CARITAS', 'WV_DIAKONIE', 'WV_DRK', 'WV_PARITAET'];

/** Stream `staff-<caseworkerId>`: the staff register. */
@Injectable()
export class StaffRegister extends StreamRepository<RecordStaffMember, StaffEvent, StaffMember> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_CODEC) codec: EventCodec,
    @Inject(KIM_CONFIG) config: KimConfig,
  ) {
    super(
      store,
      codec,
      staffDecider({
        providers: ['KI', 'AUSLAENDERBEHOERDE', ...config.catalogue.municipalities, ...WELFARE_ASSOCIATIONS],
        casesPerFullTimePost: config.catalogue.caseloadLimit,
      }),
      staffStream,
    );
  }
}
