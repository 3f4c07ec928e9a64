import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TRANSFERS, transfersProjection, type TransferDoc } from '../../../projections/transfers.projection.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import type { PersonAccessFacts } from '../../personal-data/need-to-know.js';
import type { CaseClosures, CaseNoteProvenance } from '../person-file.commands.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { NotFoundError, RuleViolationError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import type { PersonFileEvent, TransferRequest, TransferVerdict } from '../person-file.events.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { RejectTransferDto, TransferDto } from './transfer.dtos.js';

export type TransferAnswer = Omit<TransferRequest, 'fromAgency' | 'requestedBy'> & {
  verdict: TransferVerdict;
  /** `awaiting-approval`: recorded, not delivered, until a team lead approves it (four eyes). */
  status: 'transferred' | 'awaiting-approval';
};

export class TransferDataCommand extends Command<TransferAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: TransferDto,
  ) {
    super();
  }
}

export class ApproveTransferCommand extends Command<TransferAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly transferId: string,
  ) {
    super();
  }
}

export class RejectTransferCommand extends Command<{ transferId: string; status: 'rejected' }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly transferId: string,
    readonly body: RejectTransferDto,
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
    const { facts } = await this.access.requireForCommand(envelope.actor, body.personId, envelope.at, {
      whileRestricted: true,
    });
    const transferId = deterministicId(envelope.commandId, 'transfer', body.personId);
    const outcome = await this.files.execute(envelope, body.personId, {
      type: 'TransferData',
      data: {
        ...body,
        transferId,
        fromAgency: envelope.actor.agency,
        requestedBy: envelope.actor.sub,
        caseClosures: caseClosuresOf(facts),
        caseNoteProvenance: caseNoteProvenanceOf(facts),
        at: envelope.at,
      },
    });
    return answerOf(outcome.events);
  }
}

/** The provenance tags of each case's notes, from the folded case streams (issue 14 item 5). */
function caseNoteProvenanceOf(facts: PersonAccessFacts): CaseNoteProvenance {
  return Object.fromEntries(
    [...facts.cases].flatMap(([caseId, file]) =>
      file.noteProvenance?.length ? [[caseId, file.noteProvenance] as const] : [],
    ),
  );
}

/**
 * The answer to a transfer decision: delivered (201), awaiting approval (201, status says so), or refused
 * — recorded first, then answered with every failed reason (422).
 */
function answerOf(events: readonly PersonFileEvent[]): TransferAnswer {
  const event = events.find(
    (e) => e.type === 'DataTransferred' || e.type === 'TransferRefused' || e.type === 'TransferAwaitingApproval',
  );
  if (
    event?.type !== 'DataTransferred' &&
    event?.type !== 'TransferRefused' &&
    event?.type !== 'TransferAwaitingApproval'
  ) {
    throw new Error('transfer decision produced no transfer event');
  }
  const { personal: _personal, fromAgency: _from, requestedBy: _by, ...transfer } = event.data;
  if (event.type === 'TransferRefused') {
    throw new RuleViolationError(`transfer refused: ${transfer.verdict.reasons.join(', ')}`, transfer.verdict.reasons);
  }
  return { ...transfer, status: event.type === 'DataTransferred' ? 'transferred' : 'awaiting-approval' };
}

/** When each closed case of the person closed last: case-bound consents end then. */
function caseClosuresOf(facts: PersonAccessFacts): CaseClosures {
  return Object.fromEntries(
    [...facts.cases].flatMap(([caseId, file]) => (file.closedAt ? [[caseId, file.closedAt] as const] : [])),
  );
}

/**
 * Only to find the person; everything else is decided on the person's stream. A transfer requested a moment
 * ago may not be in the read model yet (its projection runs in a worker thread): then the lookup waits,
 * bounded, until the transfers read model holds every stored event, and looks once more.
 */
async function personOfTransfer(readStore: ReadStore, current: ReadModelsCurrent, transferId: string) {
  const located = await current.lookUp(transfersProjection.name, () =>
    readStore.get<TransferDoc>(TRANSFERS, transferId),
  );
  if (!located) throw new NotFoundError(`transfer ${transferId} not found`);
  return located.personId;
}

/**
 * Four eyes (product.md §3): a team lead other than the requester approves; the transfer is decided again
 * against the person's file of this moment — a withdrawal or restriction recorded in between refuses it.
 */
@CommandHandler(ApproveTransferCommand)
export class ApproveTransferHandler implements ICommandHandler<ApproveTransferCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  async execute({ envelope, transferId }: ApproveTransferCommand): Promise<TransferAnswer> {
    const personId = await personOfTransfer(this.readStore, this.current, transferId);
    // A restriction in between does not stop the approval here: the decision records the refusal.
    const { facts } = await this.access.requireForCommand(envelope.actor, personId, envelope.at, {
      whileRestricted: true,
    });
    const outcome = await this.files.execute(envelope, personId, {
      type: 'ApproveTransfer',
      data: {
        personId,
        transferId,
        approvedBy: envelope.actor.sub,
        roles: [envelope.actor.role],
        caseClosures: caseClosuresOf(facts),
        caseNoteProvenance: caseNoteProvenanceOf(facts),
        at: envelope.at,
      },
    });
    return answerOf(outcome.events);
  }
}

@CommandHandler(RejectTransferCommand)
export class RejectTransferHandler implements ICommandHandler<RejectTransferCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  async execute({ envelope, transferId, body }: RejectTransferCommand) {
    const personId = await personOfTransfer(this.readStore, this.current, transferId);
    await this.files.execute(envelope, personId, {
      type: 'RejectTransfer',
      data: {
        personId,
        transferId,
        rejectedBy: envelope.actor.sub,
        roles: [envelope.actor.role],
        reason: body.reason,
        at: envelope.at,
      },
    });
    return { transferId, status: 'rejected' as const };
  }
}

/** Receipt by the recipient agency (§ 67d SGB X: the transfer reached its addressee). */
@CommandHandler(AcknowledgeTransferCommand)
export class AcknowledgeTransferHandler implements ICommandHandler<AcknowledgeTransferCommand> {
  constructor(
    private readonly files: PersonFileRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  async execute({ envelope, transferId }: AcknowledgeTransferCommand) {
    const personId = await personOfTransfer(this.readStore, this.current, transferId);
    const outcome = await this.files.execute(envelope, personId, {
      type: 'AcknowledgeTransfer',
      data: {
        personId,
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
