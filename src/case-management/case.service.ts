import { Inject, Injectable } from '@nestjs/common';
import type { KimConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { EVENT_CODEC, KIM_CONFIG } from '../kim-core.module.js';
import type { CaseCommand, CaseloadCommand } from './case.commands.js';
import { caseDecider, type CaseFile } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import { caseloadDecider } from './caseload.decider.js';
import { deterministicId } from '../shared/ids.js';
import { handleInStream, readDecoded, type CommandOutcome } from '../event-sourcing/command-handling.js';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import { ProjectionSync } from '../projection-runner/projection-sync.js';

/** Assignments and closings also move the caseload ledger. */
const CASELOAD_EVENT_TYPES = ['CaseloadSlotTaken', 'CaseloadSlotReleased'];

export const caseStream = (caseId: string) => `case-${caseId}`;
export const caseloadStream = (caseworkerId: string) => `caseload-${caseworkerId}`;

/**
 * Case commands. Assignment spans two streams: the slot is taken on the caseworker's caseload stream
 * first (that stream's expected revision is what makes the 1:80 limit hold under racing assignments),
 * then the case records the assignment. If the case refuses, the slot is released again; a crash in
 * between leaves a slot too many — the safe side of the limit — until the retried command completes.
 */
@Injectable()
export class CaseService {
  private readonly cases;
  private readonly caseloads;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    private readonly sync: ProjectionSync,
  ) {
    this.cases = caseDecider(config.catalogue);
    this.caseloads = caseloadDecider(config.catalogue);
  }

  async execute(envelope: CommandEnvelope, command: CaseCommand, expectedRevision?: number) {
    const outcome = await this.onCase(envelope, command, expectedRevision);
    await this.afterCase(envelope, command, outcome);
    await this.sync.caughtUp(outcome.position, [...outcome.events.map((e) => e.type), ...CASELOAD_EVENT_TYPES]);
    return outcome;
  }

  async read(caseId: string): Promise<{ state: CaseFile; revision: number }> {
    const { events, revision } = await readDecoded<CaseEvent>(this.store, this.codec, caseStream(caseId));
    return { state: events.reduce(this.cases.evolve, this.cases.initialState()), revision };
  }

  async assign(envelope: CommandEnvelope, caseId: string, caseworkerId: string, expectedRevision?: number) {
    const command: CaseCommand = {
      type: 'AssignCase',
      data: { caseId, caseworkerId, assignedBy: envelope.actor.sub, at: envelope.at },
    };
    const { state } = await this.read(caseId);
    // Validate against the case before touching the caseload: an unknown or closed case takes no slot.
    if (this.cases.decide(command, state).length === 0) return { revision: -1, events: [], replayed: false };
    await this.onCaseload(envelope, 'take', {
      type: 'TakeCaseloadSlot',
      data: { caseworkerId, caseId, limit: this.config.catalogue.caseloadLimit, at: envelope.at },
    });
    let outcome: CommandOutcome<CaseEvent>;
    try {
      outcome = await this.onCase(envelope, command, expectedRevision);
    } catch (error) {
      await this.onCaseload(envelope, 'compensate', {
        type: 'ReleaseCaseloadSlot',
        data: { caseworkerId, caseId, why: 'assignment-failed', at: envelope.at },
      });
      throw error;
    }
    await this.afterCase(envelope, command, outcome);
    await this.sync.caughtUp(outcome.position, [...outcome.events.map((e) => e.type), ...CASELOAD_EVENT_TYPES]);
    return outcome;
  }

  private onCase(envelope: CommandEnvelope, command: CaseCommand, expectedRevision?: number) {
    return handleInStream(this.store, this.codec, envelope, {
      streamName: caseStream(command.data.caseId),
      initialState: this.cases.initialState,
      evolve: this.cases.evolve,
      decide: (state) => this.cases.decide(command, state),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      occurredAt: (e) => (e.type === 'CaseActionRecorded' ? `${e.data.actionDate}T12:00:00.000Z` : undefined),
    });
  }

  /** Keeps the caseload ledger in step with what the case recorded. */
  private async afterCase(envelope: CommandEnvelope, command: CaseCommand, outcome: CommandOutcome<CaseEvent>) {
    for (const event of outcome.events) {
      if (event.type === 'CaseAssigned' && event.data.previousCaseworkerId) {
        const caseworkerId = event.data.previousCaseworkerId;
        await this.onCaseload(envelope, 'reassigned', {
          type: 'ReleaseCaseloadSlot',
          data: { caseworkerId, caseId: event.data.caseId, why: 'reassigned', at: envelope.at },
        });
      }
      if (event.type === 'CaseClosed') {
        const { state } = await this.read(command.data.caseId);
        if (state.caseworkerId) {
          await this.onCaseload(envelope, 'closed', {
            type: 'ReleaseCaseloadSlot',
            data: { caseworkerId: state.caseworkerId, caseId: event.data.caseId, why: 'closed', at: envelope.at },
          });
        }
      }
    }
  }

  private onCaseload(envelope: CommandEnvelope, step: string, command: CaseloadCommand) {
    // Each step on the ledger gets its own command id, derived so that a retry repeats it idempotently.
    const stepEnvelope = {
      ...envelope,
      commandId: deterministicId(envelope.commandId, step, command.data.caseworkerId),
    };
    return handleInStream(this.store, this.codec, stepEnvelope, {
      streamName: caseloadStream(command.data.caseworkerId),
      initialState: this.caseloads.initialState,
      evolve: this.caseloads.evolve,
      decide: (state) => this.caseloads.decide(command, state),
    });
  }
}
