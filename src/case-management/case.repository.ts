import { Inject, Injectable } from '@nestjs/common';
import type { KimConfig } from '../config/config.js';
import type { EventCodec } from '../event-sourcing/event-codec.js';
import { StreamRepository } from '../event-sourcing/stream-repository.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import type { CaseCommand, CaseloadCommand } from './case.commands.js';
import { caseDecider, type CaseFile } from './case.decider.js';
import type { CaseEvent, CaseloadEvent } from './case.events.js';
import { caseloadDecider, type Caseload } from './caseload.decider.js';

export const caseStream = (caseId: string) => `case-${caseId}`;
export const caseloadStream = (caseworkerId: string) => `caseload-${caseworkerId}`;

/** Stream `case-<caseId>`: the KIM case management cycle. */
@Injectable()
export class CaseRepository extends StreamRepository<CaseCommand, CaseEvent, CaseFile> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_CODEC) codec: EventCodec,
    @Inject(KIM_CONFIG) config: KimConfig,
  ) {
    super(store, codec, caseDecider(config.catalogue, undefined, config.law.catalogue), caseStream);
  }
}

/** Stream `caseload-<caseworkerId>`: the slots against the caseworker's limit (1:80 per FTE). */
@Injectable()
export class CaseloadRepository extends StreamRepository<CaseloadCommand, CaseloadEvent, Caseload> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_CODEC) codec: EventCodec,
    @Inject(KIM_CONFIG) config: KimConfig,
  ) {
    super(store, codec, caseloadDecider(config.catalogue), caseloadStream);
  }
}
