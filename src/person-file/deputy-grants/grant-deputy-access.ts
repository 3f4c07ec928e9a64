import { Body, Controller, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope } from '../../http/request-context.js';
import { PersonAccess } from '../../personal-data/person-access.js';
import { RuleViolationError, ValidationError } from '../../shared/errors.js';
import { deterministicId } from '../../shared/ids.js';
import { StaffRegister } from '../../staff/staff.repository.js';
import { PersonFileRepository } from '../person-file.repository.js';
import { DeputyGrantDto } from './deputy-grant.dtos.js';

export interface DeputyGrantAnswer {
  grantId: string;
  personId: string;
  caseId?: string;
  caseworkerId: string;
  until: string;
}

export class GrantDeputyAccessCommand extends Command<DeputyGrantAnswer> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly body: DeputyGrantDto,
  ) {
    super();
  }
}

/** Vertretung (rule 6): a team lead lets a registered caseworker work on a person or case until a date. */
@CommandHandler(GrantDeputyAccessCommand)
export class GrantDeputyAccessHandler implements ICommandHandler<GrantDeputyAccessCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly files: PersonFileRepository,
    private readonly staff: StaffRegister,
  ) {}

  async execute({ envelope, body }: GrantDeputyAccessCommand): Promise<DeputyGrantAnswer> {
    const personId = body.caseId ? (await this.access.caseFacts(body.caseId)).facts.personId : body.personId;
    if (!personId) throw new ValidationError('personId or caseId is required', ['personId']);
    if (body.personId && body.caseId && body.personId !== personId)
      throw new RuleViolationError('case-of-another-person');
    if (!(await this.staff.load(body.caseworkerId)).state.profile) {
      throw new RuleViolationError('caseworker-not-in-staff-register');
    }
    const grantId = deterministicId(envelope.commandId, 'deputy-grant', personId);
    const outcome = await this.files.execute(envelope, personId, {
      type: 'GrantDeputyAccess',
      data: {
        grantId,
        personId,
        ...(body.caseId ? { caseId: body.caseId } : {}),
        caseworkerId: body.caseworkerId,
        until: body.until,
        reason: body.reason,
        grantedBy: envelope.actor.sub,
        maxDays: this.access.settings.deputyGrantMaxDays,
        at: envelope.at,
      },
    });
    const granted = outcome.events.find((e) => e.type === 'DeputyAccessGranted');
    const data = granted?.type === 'DeputyAccessGranted' ? granted.data : undefined;
    return {
      grantId: data?.grantId ?? grantId,
      personId,
      ...(body.caseId ? { caseId: body.caseId } : {}),
      caseworkerId: data?.caseworkerId ?? body.caseworkerId,
      until: data?.until ?? body.until,
    };
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('deputy-grants')
export class DeputyGrantsController {
  constructor(private readonly commands: CommandBus) {}

  @ApiDoc({
    de: 'Vertretung befristet gewähren',
    en: 'Grant time-limited deputy access',
    status: 201,
    ok: 'DeputyGrant',
    errors: [404, 422],
  })
  @Post()
  @Roles('team_lead')
  grant(@Body() body: DeputyGrantDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new GrantDeputyAccessCommand(envelope, body));
  }
}
