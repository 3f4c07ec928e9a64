import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { PersonAccess } from '../personal-data/person-access.js';
import { RuleViolationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import { CaseRepository } from './case.repository.js';
import type { RecordActionDto } from './case.dtos.js';

export class RecordActionCommand extends Command<{ actionId: string; revision: number }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseId: string,
    readonly body: RecordActionDto,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

/** A counselling, referral, review … on a case the caseworker works on (rule 6). */
@CommandHandler(RecordActionCommand)
export class RecordActionHandler implements ICommandHandler<RecordActionCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly cases: CaseRepository,
  ) {}

  async execute({ envelope, caseId, body, ifMatch }: RecordActionCommand) {
    const { facts } = await this.access.requireCaseWork(envelope.actor, caseId, envelope.at);
    // Art. 7(3) DSGVO: no new notes once the participation consent is withdrawn, until a new basis is recorded.
    if (facts.person.participationWithdrawnAt) throw new RuleViolationError('participation-consent-withdrawn');
    // Issue 14: an action names an agency only when data lawfully went there (a delivered transfer);
    // a referral itself is POST /cases/{id}/referrals, citing that transfer.
    const delivered = new Set(facts.person.transfers.filter((t) => t.status === 'delivered').map((t) => t.toAgency));
    const without = (body.agencies ?? []).filter((agency) => !delivered.has(agency));
    if (without.length > 0) {
      throw new RuleViolationError(
        `no delivered transfer to ${without.join(', ')}`,
        without.map((agency) => `agency-without-transfer:${agency}`),
      );
    }
    const actionId = deterministicId(envelope.commandId, 'action', caseId);
    const outcome = await this.cases.execute(
      envelope,
      caseId,
      {
        type: 'RecordCaseAction',
        data: {
          caseId,
          actionId,
          actionType: body.type,
          actionDate: body.occurredAt,
          summary: body.summary,
          agencies: body.agencies ?? [],
          ...(body.achievementKind ? { achievementKind: body.achievementKind } : {}),
          ...(body.evidence ? { evidence: body.evidence } : {}),
          ...(body.provenance ? { provenance: body.provenance } : {}),
          recordedBy: envelope.actor.sub,
          at: envelope.at,
        },
      },
      {
        ...(ifMatch !== undefined ? { expectedRevision: ifMatch } : {}),
        // The action happened on its own date; the trail shows when it was recorded as well.
        occurredAt: (e) => (e.type === 'CaseActionRecorded' ? `${e.data.actionDate}T12:00:00.000Z` : undefined),
      },
    );
    const recorded = outcome.events.find((e) => e.type === 'CaseActionRecorded');
    return {
      actionId: recorded?.type === 'CaseActionRecorded' ? recorded.data.actionId : actionId,
      revision: outcome.revision,
    };
  }
}
