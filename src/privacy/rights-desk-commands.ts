import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErasureService } from '../audit/erasure.service.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import type { PersonFileCommand } from '../person-file/person-file.commands.js';
import { PersonFileRepository } from '../person-file/person-file.repository.js';
import { ForbiddenError } from '../shared/errors.js';

/**
 * The rights desk's commands (Art. 17, 18, 19, 21 DSGVO), one class per use case, each decided by the
 * person-file decider on the person's stream. Only the privacy officer sends them (the routes' roles);
 * the second pair of eyes of an erasure may be a team lead, and a notice is acknowledged by its agency.
 */
type ProtectionKind = 'RestrictPerson' | 'LiftPersonRestriction' | 'PlaceLitigationHold' | 'LiftLitigationHold';

export class ProtectPersonCommand extends Command<{ events: string[] }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly kind: ProtectionKind,
    readonly personId: string,
    readonly reason: string,
  ) {
    super();
  }
}

export class LodgeObjectionCommand extends Command<{ events: string[] }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly grounds: string,
    readonly requestId?: string,
  ) {
    super();
  }
}

export class RequestErasureCommand extends Command<{
  erasureId: string;
  personId: string;
  status: 'awaiting-approval';
}> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly reason: string,
    readonly requestId?: string,
  ) {
    super();
  }
}

export class DecideErasureCommand extends Command<Record<string, unknown>> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly erasureId: string,
    readonly decision: 'approve' | 'reject',
    readonly reason?: string,
  ) {
    super();
  }
}

export class AcknowledgeErasureNoticeCommand extends Command<{
  personId: string;
  agency: string;
  status: 'acknowledged';
}> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
  ) {
    super();
  }
}

function protection(
  kind: ProtectionKind,
  personId: string,
  reason: string,
  envelope: CommandEnvelope,
): PersonFileCommand {
  const by = envelope.actor.sub;
  const at = envelope.at;
  switch (kind) {
    case 'RestrictPerson':
      return { type: kind, data: { personId, reason, restrictedBy: by, at } };
    case 'LiftPersonRestriction':
      return { type: kind, data: { personId, reason, liftedBy: by, at } };
    default:
      return { type: kind, data: { personId, reason, by, at } };
  }
}

@CommandHandler(ProtectPersonCommand)
export class ProtectPersonHandler implements ICommandHandler<ProtectPersonCommand> {
  constructor(private readonly files: PersonFileRepository) {}

  async execute({ envelope, kind, personId, reason }: ProtectPersonCommand) {
    const outcome = await this.files.execute(envelope, personId, protection(kind, personId, reason, envelope));
    return { events: outcome.events.map((e) => e.type) };
  }
}

@CommandHandler(LodgeObjectionCommand)
export class LodgeObjectionHandler implements ICommandHandler<LodgeObjectionCommand> {
  constructor(private readonly files: PersonFileRepository) {}

  async execute({ envelope, personId, grounds, requestId }: LodgeObjectionCommand) {
    const outcome = await this.files.execute(envelope, personId, {
      type: 'LodgeObjection',
      data: { personId, grounds, lodgedBy: envelope.actor.sub, ...(requestId ? { requestId } : {}), at: envelope.at },
    });
    return { events: outcome.events.map((e) => e.type) };
  }
}

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand> {
  constructor(private readonly erasure: ErasureService) {}

  execute({ envelope, personId, reason, requestId }: RequestErasureCommand) {
    return this.erasure.request(envelope, personId, { reason, ...(requestId ? { requestId } : {}) });
  }
}

@CommandHandler(DecideErasureCommand)
export class DecideErasureHandler implements ICommandHandler<DecideErasureCommand> {
  constructor(private readonly erasure: ErasureService) {}

  execute({ envelope, erasureId, decision, reason }: DecideErasureCommand): Promise<Record<string, unknown>> {
    return decision === 'approve'
      ? this.erasure.approve(envelope, erasureId)
      : this.erasure.reject(envelope, erasureId, reason ?? '');
  }
}

@CommandHandler(AcknowledgeErasureNoticeCommand)
export class AcknowledgeErasureNoticeHandler implements ICommandHandler<AcknowledgeErasureNoticeCommand> {
  constructor(private readonly files: PersonFileRepository) {}

  async execute({ envelope, personId }: AcknowledgeErasureNoticeCommand) {
    const agency = envelope.actor.agency;
    if (!agency) throw new ForbiddenError('an agency officer’s token names no agency');
    await this.files.execute(envelope, personId, {
      type: 'AcknowledgeErasureNotice',
      data: { personId, agency, acknowledgedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, agency, status: 'acknowledged' as const };
  }
}

export const RIGHTS_DESK_HANDLERS = [
  ProtectPersonHandler,
  LodgeObjectionHandler,
  RequestErasureHandler,
  DecideErasureHandler,
  AcknowledgeErasureNoticeHandler,
];
