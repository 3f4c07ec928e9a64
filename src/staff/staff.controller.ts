import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CASELOADS, type CaseloadDoc } from '../../projections/caseload.projection.js';
import { STAFF, type StaffDoc } from '../../projections/staff.projection.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { Envelope } from '../http/request-context.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { readAll } from '../reports/read-all.js';
import { ValidationError } from '../shared/errors.js';
import { caseloadLimitOf } from './staff.decider.js';
import type { StaffProfile } from './staff.events.js';
import { StaffMemberDto } from './staff.dtos.js';
import { StaffRegister } from './staff.repository.js';

const CASEWORKER_ID = /^[\w.@-]{1,100}$/;

export class RecordStaffMemberCommand extends Command<StaffProfile & { caseloadLimit: number; changed: boolean }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly caseworkerId: string,
    readonly body: StaffMemberDto,
  ) {
    super();
  }
}

@CommandHandler(RecordStaffMemberCommand)
export class RecordStaffMemberHandler implements ICommandHandler<RecordStaffMemberCommand> {
  constructor(
    private readonly register: StaffRegister,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  async execute({ envelope, caseworkerId, body }: RecordStaffMemberCommand) {
    const outcome = await this.register.execute(envelope, caseworkerId, {
      type: 'RecordStaffMember',
      data: { caseworkerId, ...body, recordedBy: envelope.actor.sub, at: envelope.at },
    });
    const { profile } = (await this.register.load(caseworkerId)).state;
    if (!profile) throw new Error('staff member not recorded');
    return {
      ...profile,
      caseloadLimit: caseloadLimitOf(profile, this.config.catalogue.caseloadLimit),
      changed: outcome.events.length > 0,
    };
  }
}

/**
 * FTE and places per provider: since 2022 Kreis Mettmann places case management with the cities, the
 * welfare associations and the Ausländeramt besides the KI, and the state asks per provider.
 */
function byProvider(items: readonly (StaffDoc & { caseloadLimit: number; activeCases: number })[]) {
  const sums = new Map<string, { provider: string; fte: number; caseloadLimit: number; activeCases: number }>();
  for (const m of items) {
    const sum = sums.get(m.provider) ?? { provider: m.provider, fte: 0, caseloadLimit: 0, activeCases: 0 };
    sum.fte = Math.round((sum.fte + m.fte) * 1000) / 1000;
    sum.caseloadLimit += m.caseloadLimit;
    sum.activeCases += m.activeCases;
    sums.set(m.provider, sum);
  }
  return [...sums.values()].sort((a, b) => a.provider.localeCompare(b.provider));
}

/** Staff register (Personalübersicht): who carries cases, with which provider, FTE share and Baustein. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  @ApiDoc({ de: 'Personalverzeichnis', en: 'Staff register', ok: 'StaffRegister' })
  @Get()
  @Roles('team_lead')
  async list() {
    const [staff, caseloads] = await Promise.all([
      readAll<StaffDoc>(this.readStore, STAFF, {}),
      readAll<CaseloadDoc>(this.readStore, CASELOADS, {}),
    ]);
    const active = new Map(caseloads.map((c) => [c.caseworkerId, c.active]));
    const perPost = this.config.catalogue.caseloadLimit;
    const items = staff
      .sort((a, b) => a.caseworkerId.localeCompare(b.caseworkerId))
      .map((member) => {
        const caseloadLimit = caseloadLimitOf(member, perPost);
        const cases = active.get(member.caseworkerId) ?? 0;
        return { ...member, caseloadLimit, activeCases: cases, utilisation: caseloadLimit ? cases / caseloadLimit : 0 };
      });
    return { casesPerFullTimePost: perPost, items, byProvider: byProvider(items) };
  }

  @ApiDoc({
    de: 'Fallmanagerin oder Fallmanager im Personalverzeichnis eintragen',
    en: 'Record a case manager in the staff register',
    ok: 'StaffMember',
  })
  @Put(':caseworkerId')
  @Roles('team_lead')
  record(
    @Param('caseworkerId') caseworkerId: string,
    @Body() body: StaffMemberDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    if (!CASEWORKER_ID.test(caseworkerId)) {
      throw new ValidationError('caseworkerId must be a user id like cw-01', ['caseworkerId']);
    }
    return this.commands.execute(new RecordStaffMemberCommand(envelope, caseworkerId, body));
  }
}
