import { Inject, Injectable } from '@nestjs/common';
import { handleInStream } from '../event-sourcing/command-handling.js';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import type { KimConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import { deterministicId } from '../shared/ids.js';
import { findingDecider, type RecordFinding } from './finding.decider.js';
import { findingStream, type FindingRedaction } from './findings.events.js';
import { NameIndex } from '../personal-data/name-index.js';
import { ValidationError, type FieldProblem } from '../shared/errors.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { FINDINGS, type FindingDoc } from '../../projections/findings.projection.js';
import { readAll } from '../reports/read-all.js';

/** Records a structural finding in its own stream; a retried request (same Idempotency-Key) lands on it again. */
@Injectable()
export class FindingsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    private readonly names: NameIndex,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async record(envelope: CommandEnvelope, input: Omit<RecordFinding, 'type' | 'findingId' | 'recordedBy'>) {
    await this.refuseNames(input);
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

  /**
   * Issue 15 item 8: a finding describes the system, never a person. Free text naming a registered
   * person's family name is refused before anything is stored; the keyed index answers without decrypting.
   */
  private async refuseNames(input: { title?: string; description?: string }) {
    const problems: FieldProblem[] = [];
    for (const field of ['title', 'description'] as const) {
      const text = input[field];
      if (typeof text === 'string' && (await this.names.familyNamesIn(text)).length > 0) {
        problems.push({
          field,
          message: `${field} contains the name of a registered person: describe the situation without names`,
          check: 'containsPersonName',
        });
      }
    }
    if (problems.length > 0) {
      throw new ValidationError(
        problems.map((p) => p.message).join('; '),
        problems.map((p) => p.field),
        problems,
      );
    }
  }

  /**
   * An erasure also removes the person from findings that slipped through (recorded before the person was
   * registered, or under another spelling since rectified): each finding whose text holds one of the
   * person's name tokens gets a FindingRedacted event naming the character ranges, never the words.
   */
  async redactPerson(envelope: CommandEnvelope, personId: string): Promise<number> {
    let redacted = 0;
    for (const finding of await readAll<FindingDoc>(this.readStore, FINDINGS, {})) {
      const ranges: FindingRedaction[] = [];
      for (const field of ['title', 'description'] as const) {
        for (const [start, end] of await this.names.rangesOf(personId, finding[field]))
          ranges.push({ field, start, end });
      }
      if (ranges.length === 0) continue;
      await handleInStream(
        this.store,
        this.codec,
        { ...envelope, commandId: deterministicId(envelope.commandId, finding.findingId) },
        {
          streamName: findingStream(finding.findingId),
          initialState: () => undefined,
          evolve: (state: undefined) => state,
          decide: () => [{ type: 'FindingRedacted', data: { findingId: finding.findingId, ranges } }],
        },
      );
      redacted++;
    }
    return redacted;
  }
}
