import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TRANSFERS, type TransferDoc } from '../../../projections/transfers.projection.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { NotFoundError, RuleViolationError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import type { TransferVerdict } from '../person-file.events.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { TransferDto } from './transfer.dtos.js';

export interface TransferAnswer {
  transferId: string;
  personId: string;
  caseId?: string;
  toAgency: string;
  dataCategories: string[];
  purpose: string;
  legalBasis: string;
  verdict: TransferVerdict;
  status: 'transferred';
}

export class TransferDataCommand extends Command<TransferAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: TransferDto,
  ) {
    super();
  }
}

export class AcknowledgeTransferCommand extends Command<{ transferId: string; acknowledgedAt: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly transferId: string,
  ) {
    super();
  }
}

/**
 * Datenübermittlung (rule 2): decided by the legal-basis policy in the person's stream. A refusal is
 * recorded first and then answered with every reason (422) — also when the same request is repeated.
 */
@CommandHandler(TransferDataCommand)
export class TransferDataHandler implements ICommandHandler<TransferDataCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, body }: TransferDataCommand): Promise<TransferAnswer> {
    await this.access.requireForCommand(envelope.actor, body.personId, envelope.at, { whileRestricted: true });
    const transferId = deterministicId(envelope.commandId, 'transfer', body.personId);
    const outcome = await this.files.execute(envelope, body.personId, {
      type: 'TransferData',
      data: {
        ...body,
        transferId,
        fromAgency: envelope.actor.agency,
        requestedBy: envelope.actor.sub,
        at: envelope.at,
      },
    });
    const event = outcome.events.find((e) => e.type === 'DataTransferred' || e.type === 'TransferRefused');
    if (event?.type !== 'DataTransferred' && event?.type !== 'TransferRefused') {
      throw new Error('transfer decision produced no transfer event');
    }
    const { personal: _personal, fromAgency: _from, requestedBy: _by, ...transfer } = event.data;
    if (event.type === 'TransferRefused') {
      throw new RuleViolationError(
        `transfer refused: ${transfer.verdict.reasons.join(', ')}`,
        transfer.verdict.reasons,
      );
    }
    return { ...transfer, status: 'transferred' };
  }
}

/** Receipt by the recipient agency (§ 67d SGB X: the transfer reached its addressee). */
@CommandHandler(AcknowledgeTransferCommand)
export class AcknowledgeTransferHandler implements ICommandHandler<AcknowledgeTransferCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ envelope, transferId }: AcknowledgeTransferCommand) {
    // Only to find the person; whether the officer may acknowledge is decided on the person's stream.
    const located = await this.readStore.get<TransferDoc>(TRANSFERS, transferId);
    if (!located) throw new NotFoundError(`transfer ${transferId} not found`);
    const outcome = await this.files.execute(envelope, located.personId, {
      type: 'AcknowledgeTransfer',
      data: {
        personId: located.personId,
        transferId,
        agency: envelope.actor.agency,
        acknowledgedBy: envelope.actor.sub,
        at: envelope.at,
      },
    });
    const acknowledged = outcome.events.find((e) => e.type === 'TransferAcknowledged');
    if (acknowledged?.type !== 'TransferAcknowledged')
      throw new Error('acknowledgement produced no TransferAcknowledged event');
    return { transferId, acknowledgedAt: acknowledged.data.acknowledgedAt ?? envelope.at };
  }
}
