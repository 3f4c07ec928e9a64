import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { deterministicId } from '../../shared/ids.js';
import { PersonFileRepository } from '../person-file.repository.js';
import type { GrantConsentDto } from './consent.dtos.js';

export class GrantConsentCommand extends Command<{ consentId: string; refused?: true }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly body: GrantConsentDto,
  ) {
    super();
  }
}

export class WithdrawConsentCommand extends Command<{ consentId: string; status: 'withdrawn'; withdrawnAt: string }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly consentId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/** Records a consent or, with `refused`, the refusal with the scope that was asked for. */
@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, personId, body }: GrantConsentCommand) {
    await this.access.requireForCommand(envelope.actor, personId, envelope.at);
    const common = {
      personId,
      consentId: deterministicId(envelope.commandId, 'consent', personId),
      recipients: body.recipients,
      dataCategories: body.dataCategories,
      purposes: body.purposes,
      declaredBy: body.declaredBy ?? 'person',
      ...(body.representativeName ? { representativeName: body.representativeName } : {}),
      interpreterPresent: body.interpreterPresent ?? false,
      recordedBy: envelope.actor.sub,
      at: envelope.at,
    };
    const outcome = body.refused
      ? await this.files.execute(envelope, personId, { type: 'RefuseConsent', data: common })
      : await this.files.execute(envelope, personId, {
          type: 'GrantConsent',
          // The DTO requires these unless the consent is refused.
          data: {
            ...common,
            validUntil: body.validUntil!,
            mutual: body.mutual ?? false,
            evidence: body.evidence!,
            informed: body.informed!,
            interpreterPresent: body.informed!.interpreter,
            ...(body.caseId ? { caseId: body.caseId } : {}),
            ...(body.endsWhenCaseCloses !== undefined ? { endsWhenCaseCloses: body.endsWhenCaseCloses } : {}),
            ...(body.releases ? { releases: body.releases } : {}),
            ...(body.provenance ? { provenance: body.provenance } : {}),
          },
        });
    const event = outcome.events.find((e) => e.type === 'ConsentGranted' || e.type === 'ConsentRefused');
    if (event?.type === 'ConsentRefused') return { consentId: event.data.consentId, refused: true as const };
    return { consentId: event?.type === 'ConsentGranted' ? event.data.consentId : common.consentId };
  }
}

/** Art. 7(3) DSGVO: at any time, also while the person is restricted — it only narrows processing. */
@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
  ) {}

  async execute({ envelope, personId, consentId, reason }: WithdrawConsentCommand) {
    await this.access.requireForCommand(envelope.actor, personId, envelope.at, { whileRestricted: true });
    const outcome = await this.files.execute(envelope, personId, {
      type: 'WithdrawConsent',
      data: { personId, consentId, reason, withdrawnBy: envelope.actor.sub, at: envelope.at },
    });
    const withdrawn = outcome.events.find((e) => e.type === 'ConsentWithdrawn');
    if (withdrawn?.type !== 'ConsentWithdrawn') throw new Error('withdrawal produced no ConsentWithdrawn event');
    return {
      consentId: withdrawn.data.consentId,
      status: 'withdrawn' as const,
      withdrawnAt: withdrawn.data.withdrawnAt,
    };
  }
}
