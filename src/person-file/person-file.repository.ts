import { Inject, Injectable } from '@nestjs/common';
import type { KimConfig } from '../config/config.js';
import type { EventCodec } from '../event-sourcing/event-codec.js';
import { StreamRepository } from '../event-sourcing/stream-repository.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import type { PersonFileCommand } from './person-file.commands.js';
import { personFileDecider, type PersonFile } from './person-file.decider.js';
import type { PersonFileEvent } from './person-file.events.js';

export const personStream = (personId: string) => `person-${personId}`;

/**
 * Stream `person-<personId>`; the capacity to consent (§ 36 SGB I) needs the date of birth (registered or
 * rectified), and an approval decides a pending transfer again with its justification; nothing else is decrypted.
 */
@Injectable()
export class PersonFileRepository extends StreamRepository<PersonFileCommand, PersonFileEvent, PersonFile> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_CODEC) codec: EventCodec,
    @Inject(KIM_CONFIG) config: KimConfig,
  ) {
    super(store, codec, personFileDecider(config.catalogue, config.law), personStream, [
      'PersonRegistered',
      'PersonDataRectified',
      'TransferAwaitingApproval',
    ]);
  }
}
