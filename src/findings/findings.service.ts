import { Inject, Injectable } from '@nestjs/common';
import { handleInStream } from '../event-sourcing/command-handling.js';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import type { KimConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import { deterministicId } from '../shared/ids.js';
import { findingDecider, type RecordFinding } from './finding.decider.js';
import { findingStream } from './findings.events.js';

/** Records a structural finding in its own stream; a retried request (same Idempotency-Key) lands on it again. */
@Injectable()
export class FindingsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  async record(envelope: CommandEnvelope, input: Omit<RecordFinding, 'type' | 'findingId' | 'recordedBy'>) {
    const findingId = deterministicId(envelope.commandId, 'finding');
    const command: RecordFinding = { type: 'RecordFinding', findingId, ...input, recordedBy: envelope.actor.sub };
    const decider = findingDecider(this.config.catalogue);
    const outcome = await handleInStream(this.store, this.codec, envelope, {
      streamName: findingStream(findingId),
      initialState: decider.initialState,
      evolve: decider.evolve,
      decide: (state) => decider.decide(command, state),
    });
    return { findingId, replayed: outcome.replayed };
  }
}
