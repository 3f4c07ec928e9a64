import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { PersonFileRepository } from '../person-file/person-file.repository.js';
import { PersonAccess } from '../personal-data/person-access.js';
import { deterministicId } from '../shared/ids.js';
import { CaseRepository } from './case.repository.js';
import type { OpenCase } from './case.commands.js';
import type { OpenCaseDto } from './case.dtos.js';

export class OpenCaseCommand extends Command<{ caseId: string; revision: number }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: OpenCaseDto,
  ) {
    super();
  }
}

/**
 * Opens a case for a person: first the person's file records it (so need to know and "which cases does
 * this person have" are decided on the person's stream), then the case stream starts. A crash between
 * the two leaves a listed case without a stream — it grants nobody anything — and the retried command
 * (same Idempotency-Key, same ids) completes it.
 */
@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly persons: PersonFileRepository,
    private readonly cases: CaseRepository,
  ) {}

  async execute({ envelope, body }: OpenCaseCommand) {
    const { facts } = await this.access.requireForCommand(envelope.actor, body.personId, envelope.at);
    const closedCaseIds = [...facts.cases].filter(([, file]) => file.status === 'closed').map(([id]) => id);
    const caseId = deterministicId(envelope.commandId, 'case', body.personId);
    const open: OpenCase = {
      type: 'OpenCase',
      data: {
        caseId,
        personId: body.personId,
        municipality: body.municipality,
        openedBy: envelope.actor.sub,
        at: envelope.at,
      },
    };
    // The case's own rules (e.g. a municipality of the county) are checked before the person's file records it.
    this.cases.decider.decide(open, this.cases.decider.initialState());
    await this.persons.execute(envelope, body.personId, {
      type: 'OpenCaseForPerson',
      data: {
        personId: body.personId,
        caseId,
        openedBy: envelope.actor.sub,
        openedByRole: envelope.actor.role,
        closedCaseIds,
        ...(body.parallelCaseReason ? { parallelCaseReason: body.parallelCaseReason } : {}),
        at: envelope.at,
      },
    });
    const outcome = await this.cases.execute(envelope, caseId, open);
    return { caseId, revision: outcome.revision };
  }
}
