import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { ParticipationDto } from './person.dtos.js';

export class RecordParticipationCommand extends Command<{ personId: string; recordedAt: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly body: ParticipationDto,
  ) {
    super();
  }
}

/** POST /persons/{id}/participation: the caseworker with need to know records a basis after the registration. */
@CommandHandler(RecordParticipationCommand)
export class RecordParticipationHandler implements ICommandHandler<RecordParticipationCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, personId, body }: RecordParticipationCommand) {
    await this.access.requireForCommand(envelope.actor, personId, envelope.at);
    await this.files.execute(envelope, personId, {
      type: 'RecordParticipationBasis',
      data: { personId, participation: body, recordedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, recordedAt: envelope.at };
  }
}

export class WithdrawParticipationCommand extends Command<{ personId: string; withdrawnAt: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/**
 * POST /persons/{id}/participation/withdraw (Art. 7(3) DSGVO): the caseworker with need to know or the
 * privacy officer records that the person withdrew the participation consent — also while the file is
 * restricted, because a withdrawal only narrows processing. It acts for the future; what to erase is the
 * privacy officer's erasure review (Art. 17(1)(b) DSGVO), not an automatic consequence.
 */
@CommandHandler(WithdrawParticipationCommand)
export class WithdrawParticipationHandler implements ICommandHandler<WithdrawParticipationCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, personId, reason }: WithdrawParticipationCommand) {
    await this.access.requireForCommand(envelope.actor, personId, envelope.at, { whileRestricted: true });
    await this.files.execute(envelope, personId, {
      type: 'WithdrawParticipationConsent',
      data: { personId, withdrawnBy: envelope.actor.sub, reason, at: envelope.at },
    });
    return { personId, withdrawnAt: envelope.at };
  }
}
