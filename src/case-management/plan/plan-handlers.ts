import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { deterministicId } from '../../shared/ids.js';
import type { CaseCommand } from '../case.commands.js';
import { CaseRepository } from '../case.repository.js';
import type { AgreePlanDto, RecordContactDto, ReviewGoalDto } from './plan.dtos.js';

const expected = (ifMatch?: number) => (ifMatch !== undefined ? { expectedRevision: ifMatch } : {});

/** Work on a case by its caseworker (or deputy): the same need to know as recording an action. */
abstract class CaseworkHandler {
  constructor(
    protected readonly access: PersonAccess,
    protected readonly cases: CaseRepository,
  ) {}

  protected async run(envelope: CommandEnvelope, caseId: string, command: CaseCommand, ifMatch?: number) {
    await this.access.requireCaseWork(envelope.actor, caseId, envelope.at);
    return this.cases.execute(envelope, caseId, command, expected(ifMatch));
  }
}

export class AgreePlanCommand extends Command<{
  caseId: string;
  planVersion: number;
  goalIds: string[];
  revision: number;
}> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly body: AgreePlanDto,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

/** Records the Integrationsplan (or its update): ids of goals and steps derive from the command id. */
@CommandHandler(AgreePlanCommand)
export class AgreePlanHandler extends CaseworkHandler implements ICommandHandler<AgreePlanCommand> {
  constructor(access: PersonAccess, cases: CaseRepository) {
    super(access, cases);
  }

  async execute({ envelope, caseId, body, ifMatch }: AgreePlanCommand) {
    const goals = (body.goals ?? []).map((g, i) => {
      const goalId = deterministicId(envelope.commandId, 'goal', String(i));
      return {
        goalId,
        fieldOfAction: g.fieldOfAction,
        title: g.title,
        dueOn: g.dueOn,
        ...(g.reviewOn ? { reviewOn: g.reviewOn } : {}),
        responsible: g.responsible,
        steps: (g.steps ?? []).map((s, j) => ({
          stepId: deterministicId(goalId, 'step', String(j)),
          description: s.description,
          responsible: s.responsible,
          dueOn: s.dueOn,
        })),
      };
    });
    const outcome = await this.run(
      envelope,
      caseId,
      {
        type: 'AgreeIntegrationPlan',
        data: {
          caseId,
          agreedOn: body.agreedOn,
          agreement: body.agreement,
          assessment: body.assessment ?? [],
          goals,
          recordedBy: envelope.actor.sub,
          at: envelope.at,
        },
      },
      ifMatch,
    );
    const agreed = outcome.events.find((e) => e.type === 'IntegrationPlanAgreed');
    return {
      caseId,
      planVersion: agreed?.type === 'IntegrationPlanAgreed' ? agreed.data.planVersion : 0,
      goalIds: goals.map((g) => g.goalId),
      revision: outcome.revision,
    };
  }
}

export class ReviewGoalCommand extends Command<{
  caseId: string;
  goalId: string;
  attainment: string;
  final: boolean;
  nextReviewOn?: string;
  revision: number;
}> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly goalId: string,
    readonly body: ReviewGoalDto,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

@CommandHandler(ReviewGoalCommand)
export class ReviewGoalHandler extends CaseworkHandler implements ICommandHandler<ReviewGoalCommand> {
  constructor(access: PersonAccess, cases: CaseRepository) {
    super(access, cases);
  }

  async execute({ envelope, caseId, goalId, body, ifMatch }: ReviewGoalCommand) {
    const outcome = await this.run(
      envelope,
      caseId,
      {
        type: 'ReviewGoal',
        data: {
          caseId,
          goalId,
          reviewedOn: body.reviewedOn,
          occasion: body.occasion ?? 'review',
          attainment: body.attainment,
          ...(body.nextReviewOn ? { nextReviewOn: body.nextReviewOn } : {}),
          ...(body.note ? { note: body.note } : {}),
          reviewedBy: envelope.actor.sub,
          at: envelope.at,
        },
      },
      ifMatch,
    );
    const reviewed = outcome.events.find((e) => e.type === 'GoalReviewed');
    const data = reviewed?.type === 'GoalReviewed' ? reviewed.data : undefined;
    return {
      caseId,
      goalId,
      attainment: body.attainment,
      final: data?.final ?? false,
      ...(data?.nextReviewOn ? { nextReviewOn: data.nextReviewOn } : {}),
      revision: outcome.revision,
    };
  }
}

export class RecordContactCommand extends Command<{ caseId: string; contactId: string; revision: number }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly body: RecordContactDto,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

@CommandHandler(RecordContactCommand)
export class RecordContactHandler extends CaseworkHandler implements ICommandHandler<RecordContactCommand> {
  constructor(access: PersonAccess, cases: CaseRepository) {
    super(access, cases);
  }

  async execute({ envelope, caseId, body, ifMatch }: RecordContactCommand) {
    const contactId = deterministicId(envelope.commandId, 'contact', caseId);
    const outcome = await this.run(
      envelope,
      caseId,
      {
        type: 'RecordContact',
        data: {
          caseId,
          contactId,
          contactOn: body.contactOn,
          channel: body.channel,
          durationMinutes: body.durationMinutes,
          ...(body.interpreter ? { interpreter: body.interpreter } : {}),
          ...(body.note ? { note: body.note } : {}),
          recordedBy: envelope.actor.sub,
          at: envelope.at,
        },
      },
      ifMatch,
    );
    return { caseId, contactId, revision: outcome.revision };
  }
}
