import { Inject, Injectable } from '@nestjs/common';
import type { KimConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { KIM_CONFIG, EVENT_CODEC } from '../kim-core.module.js';
import { personFileDecider, type PersonFileCommand, type PersonFileEvent } from './person-file.decider.js';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import { handleInStream, type CommandOutcome } from '../event-sourcing/command-handling.js';
import { ProjectionSync } from '../projection-runner/projection-sync.js';

export const personStream = (personId: string) => `person-${personId}`;

/** Runs commands on a person's data-protection file: read → fold → decide → append. */
@Injectable()
export class PersonFileService {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(KIM_CONFIG) config: KimConfig,
    private readonly sync: ProjectionSync,
  ) {
    this.decider = personFileDecider(config.catalogue);
  }

  async execute(
    envelope: CommandEnvelope,
    personId: string,
    command: PersonFileCommand,
  ): Promise<CommandOutcome<PersonFileEvent>> {
    const outcome = await handleInStream(this.store, this.codec, envelope, {
      streamName: personStream(personId),
      initialState: this.decider.initialState,
      evolve: this.decider.evolve,
      decide: (state) => this.decider.decide(command, state),
      // The capacity to consent (§ 36 SGB I) needs the date of birth; nothing else personal is read.
      decryptTypes: ['PersonRegistered'],
    });
    await this.sync.caughtUp(
      outcome.position,
      outcome.events.map((e) => e.type),
    );
    return outcome;
  }
}
