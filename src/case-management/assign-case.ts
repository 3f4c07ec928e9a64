import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { KimConfig } from '../config/config.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { assertOpenFile, PersonAccess } from '../personal-data/person-access.js';
import { PreconditionFailedError, RuleViolationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import { caseloadLimitOf, isActiveOn } from '../staff/staff.decider.js';
import { StaffRegister } from '../staff/staff.repository.js';
import type { AssignCase, CaseloadCommand } from './case.commands.js';
import { CaseloadRepository, CaseRepository } from './case.repository.js';

export interface AssignmentAnswer {
  caseId: string;
  caseworkerId: string;
  previousCaseworkerId?: string;
  caseloadLimit: number;
  revision: number;
}

export class AssignCaseCommand extends Command<AssignmentAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly caseworkerId: string,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

/**
 * Assignment spans two streams. Everything that can refuse it is checked first — the case (and If-Match),
 * the person (restriction, erasure), the staff register — then the slot is taken on the caseworker's
 * caseload stream, whose expected revision makes the limit (80 × FTE) hold under racing assignments, and
 * then the case records the assignment. If the case refuses after all (a concurrent change, a store
 * outage), the slot is released again, and a retry of the same request takes it anew; a crash in between
 * leaves a slot too many — the safe side of the limit — until the retried command completes.
 * Reassignment ends the previous caseworker's need to know at once.
 */
@CommandHandler(AssignCaseCommand)
export class AssignCaseHandler implements ICommandHandler<AssignCaseCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly cases: CaseRepository,
    private readonly caseloads: CaseloadRepository,
    private readonly staff: StaffRegister,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  async execute({ envelope, caseId, caseworkerId, ifMatch }: AssignCaseCommand): Promise<AssignmentAnswer> {
    const { file, revision, facts } = await this.access.caseFacts(caseId);
    assertOpenFile(facts, facts.personId);
    if (ifMatch !== undefined && ifMatch !== revision) {
      throw new PreconditionFailedError(`case-${caseId} is at revision ${revision}, the request expected ${ifMatch}`);
    }
    const command: AssignCase = {
      type: 'AssignCase',
      data: { caseId, caseworkerId, assignedBy: envelope.actor.sub, at: envelope.at },
    };
    const member = (await this.staff.load(caseworkerId)).state.profile;
    if (!member) throw new RuleViolationError('caseworker-not-in-staff-register');
    if (!isActiveOn(member, envelope.at)) throw new RuleViolationError('caseworker-not-active');
    const caseloadLimit = caseloadLimitOf(member, this.config.catalogue.caseloadLimit);
    // Refusals of the case itself (closed, unknown) come before any slot is taken.
    if (this.cases.decider.decide(command, file).length === 0) {
      return { caseId, caseworkerId, caseloadLimit, revision };
    }
    const take: CaseloadCommand = {
      type: 'TakeCaseloadSlot',
      data: { caseworkerId, caseId, limit: caseloadLimit, at: envelope.at },
    };
    // A retry of this very command (same Idempotency-Key) after a failed attempt finds that attempt's slot
    // taken and released again: each compensated attempt moves the next one on to step ids of its own.
    let attempt = 0;
    let taken = await this.onCaseload(envelope, stepOf('take', attempt), take);
    while (taken.replayed && (await this.compensated(envelope, caseworkerId, attempt))) {
      attempt += 1;
      taken = await this.onCaseload(envelope, stepOf('take', attempt), take);
    }
    let outcome;
    try {
      outcome = await this.cases.execute(
        envelope,
        caseId,
        command,
        ifMatch !== undefined ? { expectedRevision: ifMatch } : {},
      );
    } catch (error) {
      await this.onCaseload(envelope, stepOf('compensate', attempt), {
        type: 'ReleaseCaseloadSlot',
        data: { caseworkerId, caseId, why: 'assignment-failed', at: envelope.at },
      });
      throw error;
    }
    const assigned = outcome.events.find((e) => e.type === 'CaseAssigned');
    const previous = assigned?.type === 'CaseAssigned' ? assigned.data.previousCaseworkerId : undefined;
    if (previous) {
      await this.onCaseload(envelope, 'reassigned', {
        type: 'ReleaseCaseloadSlot',
        data: { caseworkerId: previous, caseId, why: 'reassigned', at: envelope.at },
      });
    }
    return {
      caseId,
      caseworkerId,
      ...(previous ? { previousCaseworkerId: previous } : {}),
      caseloadLimit,
      revision: outcome.revision,
    };
  }

  private onCaseload(envelope: CommandEnvelope, step: string, command: CaseloadCommand) {
    // Each step on the ledger gets its own command id, derived so that a retry repeats it idempotently.
    const stepEnvelope = { ...envelope, commandId: stepId(envelope, step, command.data.caseworkerId) };
    return this.caseloads.execute(stepEnvelope, command.data.caseworkerId, command);
  }

  private async compensated(envelope: CommandEnvelope, caseworkerId: string, attempt: number): Promise<boolean> {
    const { commandIds } = await this.caseloads.load(caseworkerId);
    return commandIds.has(stepId(envelope, stepOf('compensate', attempt), caseworkerId));
  }
}

/** The first attempt keeps the plain step names, so ledgers written before retries were counted still match. */
const stepOf = (step: 'take' | 'compensate', attempt: number) => (attempt === 0 ? step : `${step}-${attempt}`);
const stepId = (envelope: CommandEnvelope, step: string, caseworkerId: string) =>
  deterministicId(envelope.commandId, step, caseworkerId);
