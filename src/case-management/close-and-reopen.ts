import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { assertOpenFile, PersonAccess } from '../personal-data/person-access.js';
import { caseReadGround } from '../personal-data/need-to-know.js';
import { ForbiddenError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import type { CloseReason } from './case.events.js';
import { CaseloadRepository, CaseRepository } from './case.repository.js';

export class CloseCaseCommand extends Command<{ caseId: string; status: 'closed'; revision: number }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly reason: CloseReason,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export interface ReopenAnswer {
  caseId: string;
  status: 'open';
  revision: number;
  /** Closing released the caseload slot: the case is unassigned, and the team lead must assign it again. */
  assignee: null;
  assignmentNeeded: true;
  /** Who must act: the team lead (POST /cases/{id}/assign). */
  reassignBy: 'team_lead';
  /** Who held the case before it closed, if anyone: the obvious candidate. */
  previousCaseworkerId: string | null;
  message: string;
  messageDe: string;
}

export class ReopenCaseCommand extends Command<ReopenAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

/** Closing frees the assignee's caseload slot; their need to know ends after the grace period. */
@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler implements ICommandHandler<CloseCaseCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly cases: CaseRepository,
    private readonly caseloads: CaseloadRepository,
  ) {}

  async execute({ envelope, caseId, reason, ifMatch }: CloseCaseCommand) {
    const { file } = await this.access.requireCaseWork(envelope.actor, caseId, envelope.at);
    const outcome = await this.cases.execute(
      envelope,
      caseId,
      { type: 'CloseCase', data: { caseId, reason, closedBy: envelope.actor.sub, at: envelope.at } },
      ifMatch !== undefined ? { expectedRevision: ifMatch } : {},
    );
    const assignee = file.caseworkerId;
    if (assignee && outcome.events.some((e) => e.type === 'CaseClosed')) {
      await this.caseloads.execute(
        { ...envelope, commandId: deterministicId(envelope.commandId, 'closed', assignee) },
        assignee,
        { type: 'ReleaseCaseloadSlot', data: { caseworkerId: assignee, caseId, why: 'closed', at: envelope.at } },
      );
    }
    return { caseId, status: 'closed' as const, revision: outcome.revision };
  }
}

/**
 * A closed case opens again unassigned (its slot was released). A caseworker reopens only a case they
 * still read (their own, within the grace period) and keeps working on it until the team lead assigns it.
 */
@CommandHandler(ReopenCaseCommand)
export class ReopenCaseHandler implements ICommandHandler<ReopenCaseCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly cases: CaseRepository,
  ) {}

  async execute({ envelope, caseId, ifMatch }: ReopenCaseCommand): Promise<ReopenAnswer> {
    const { facts } = await this.access.caseFacts(caseId);
    assertOpenFile(facts, facts.personId);
    if (
      envelope.actor.role === 'caseworker' &&
      !caseReadGround(envelope.actor.sub, facts, caseId, envelope.at, this.access.settings)
    ) {
      throw new ForbiddenError('this case is not assigned to you', ['no-need-to-know']);
    }
    const outcome = await this.cases.execute(
      envelope,
      caseId,
      {
        type: 'ReopenCase',
        data: {
          caseId,
          reopenedBy: envelope.actor.sub,
          otherOpenCaseIds: [...facts.cases]
            .filter(([id, file]) => id !== caseId && file.status === 'open')
            .map(([id]) => id),
          at: envelope.at,
        },
      },
      ifMatch !== undefined ? { expectedRevision: ifMatch } : {},
    );
    const reopened = outcome.events.find((e) => e.type === 'CaseReopened');
    const previous = reopened?.type === 'CaseReopened' ? (reopened.data.previousCaseworkerId ?? null) : null;
    const before = previous ? ` (bisher: ${previous})` : '';
    return {
      caseId,
      status: 'open',
      revision: outcome.revision,
      assignee: null,
      assignmentNeeded: true,
      reassignBy: 'team_lead',
      previousCaseworkerId: previous,
      messageDe: `Der Fall ist wieder offen und jetzt niemandem zugewiesen${before}. Die Teamleitung muss ihn neu zuweisen.`,
      message: `The case is open again and now unassigned${previous ? ` (previously: ${previous})` : ''}. The team lead must assign it.`,
    };
  }
}
