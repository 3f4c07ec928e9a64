import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { REFERRALS, referralsProjection, type ReferralDoc } from '../../../projections/referrals.projection.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { NotFoundError, RuleViolationError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { MakeReferralDto, ReferralFeedbackDto } from './referral.dtos.js';

export class MakeReferralCommand extends Command<{ referralId: string; transferId: string; agency: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly body: MakeReferralDto,
  ) {
    super();
  }
}

export class GiveReferralFeedbackCommand extends Command<{ referralId: string; outcome: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly referralId: string,
    readonly body: ReferralFeedbackDto,
  ) {
    super();
  }
}

/**
 * Weitervermittlung on an open case the caseworker works on (rule 6), decided in the person's stream
 * against its transfers: only with a delivered transfer to the same agency (issue 14).
 */
@CommandHandler(MakeReferralCommand)
export class MakeReferralHandler implements ICommandHandler<MakeReferralCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, caseId, body }: MakeReferralCommand) {
    const { file } = await this.access.requireCaseWork(envelope.actor, caseId, envelope.at);
    if (file.status !== 'open') throw new RuleViolationError('case-closed');
    const personId = file.personId!;
    const referralId = deterministicId(envelope.commandId, 'referral', personId);
    await this.files.execute(envelope, personId, {
      type: 'MakeReferral',
      data: {
        personId,
        referralId,
        caseId,
        agency: body.agency,
        transferId: body.transferId,
        ...(body.summary ? { summary: body.summary } : {}),
        referredBy: envelope.actor.sub,
        at: envelope.at,
      },
    });
    return { referralId, transferId: body.transferId, agency: body.agency };
  }
}

/** The agency referred to reports back; the read model only finds the person, the stream decides. */
@CommandHandler(GiveReferralFeedbackCommand)
export class GiveReferralFeedbackHandler implements ICommandHandler<GiveReferralFeedbackCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  async execute({ envelope, referralId, body }: GiveReferralFeedbackCommand) {
    // Made a moment ago, perhaps not yet in the read model (its projection runs in a worker thread).
    const located = await this.current.lookUp(referralsProjection.name, () =>
      this.readStore.get<ReferralDoc>(REFERRALS, referralId),
    );
    if (!located) throw new NotFoundError(`referral ${referralId} not found`);
    await this.files.execute(envelope, located.personId, {
      type: 'GiveReferralFeedback',
      data: {
        personId: located.personId,
        referralId,
        agency: envelope.actor.agency,
        outcome: body.outcome,
        ...(body.note ? { note: body.note } : {}),
        givenBy: envelope.actor.sub,
        at: envelope.at,
      },
    });
    return { referralId, outcome: body.outcome };
  }
}
