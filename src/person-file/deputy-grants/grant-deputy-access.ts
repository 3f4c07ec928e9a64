import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  DEPUTY_GRANTS,
  deputyGrantsProjection,
  type DeputyGrantDoc,
} from '../../../projections/deputy-grants.projection.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { readAll } from '../../reports/read-all.js';
import { localDate } from '../../shared/calendar.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
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
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  /** The Vertretungen in force today (until inclusive), soonest end first; the reasons stay sealed. */
  @ApiDoc({ de: 'Geltende Vertretungen', en: 'Deputy grants in force', ok: 'DeputyGrantList' })
  @Get()
  @Roles('team_lead')
  async inForce(@ReadCtx() reader: ReadContext) {
    await this.current.await(2000, [deputyGrantsProjection.name]);
    const today = localDate(reader.at);
    const grants = await readAll<DeputyGrantDoc>(this.readStore, DEPUTY_GRANTS, { until: { gte: today } });
    const items = grants.sort((a, b) => a.until.localeCompare(b.until) || a.grantId.localeCompare(b.grantId));
    return { items };
  }

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
