import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { DuplicateCheckQuery } from './duplicate-check.js';
import {
  DuplicateCheckQueryDto,
  ParticipationDto,
  ReasonDto,
  RegisterPersonDto,
  UpdatePersonDto,
} from './person.dtos.js';
import { KIM_CONFIG } from '../../kim-core.module.js';
import type { KimConfig } from '../../config/config.js';
import { participationLabel } from './participation.rules.js';
import { RecordParticipationCommand, WithdrawParticipationCommand } from './withdraw-participation.js';
import { UpdatePersonCommand } from './update-person.js';
import { ReadPersonQuery } from './read-person.js';
import { RegisterPersonCommand } from './register-person.js';

@ApiTags('persons')
@ApiBearerAuth()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  @ApiDoc({ de: 'Person erfassen', en: 'Register a person', status: 201, ok: 'PersonCreated' })
  @Post()
  @Roles('caseworker')
  register(@Body() body: RegisterPersonDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RegisterPersonCommand(envelope, body));
  }

  /** Only "exists — ask your team lead" or "none": need to know forbids showing whom (logged on a match). */
  @ApiDoc({ de: 'Dublettenprüfung vor der Erfassung', en: 'Duplicate check before registering', ok: 'DuplicateCheck' })
  @Get()
  @Roles('caseworker')
  duplicateCheck(@Query() query: DuplicateCheckQueryDto, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new DuplicateCheckQuery(reader, query.name, query.dateOfBirth));
  }

  @ApiDoc({ de: 'Person lesen (protokolliert)', en: 'Read a person (logged)', ok: 'Person', errors: [404, 410] })
  @Get(':id')
  @Roles('caseworker', 'privacy_officer')
  async read(@Param('id', new ParseUUIDPipe()) personId: string, @ReadCtx() reader: ReadContext) {
    const { personal, corrections, participationPersonal, ...person } = await this.queries.execute(
      new ReadPersonQuery(reader, personId),
    );
    // Rectifications (Art. 16) apply in order over the registered details; their history is in the Art. 15 report.
    const current = corrections.reduce<Record<string, unknown>>(
      (details, c) => ({ ...details, ...((c as { changes?: object } | undefined)?.changes ?? {}) }),
      { ...personal },
    );
    // The basis of the KI's own processing: its codes from the file, its evidence or reason from `personal`.
    const { participation: registered, ...details } = current;
    // A basis recorded later replaces the registration's evidence or reason.
    const later = (participationPersonal as { participation?: object } | undefined)?.participation;
    const participation = {
      ...person.participation,
      ...((later ?? registered) as object | undefined),
      label: participationLabel(person.participation, this.config.law.catalogue),
    };
    return { ...person, ...details, participation };
  }

  /**
   * A basis recorded after the registration (issue 14 item 5): for a person registered before the basis was
   * required, or after the participation consent was withdrawn — a new consent or a documented task.
   */
  @ApiDoc({
    de: 'Grundlage der Verarbeitung nachträglich erfassen',
    en: 'Record the basis of the KI’s own processing later',
    status: 201,
    ok: 'ParticipationRecorded',
    errors: [404, 409, 422],
  })
  @Post(':id/participation')
  @Roles('caseworker')
  recordParticipation(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: ParticipationDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new RecordParticipationCommand(envelope, personId, body));
  }

  /** Art. 7(3) DSGVO: the participation consent given at registration is withdrawn, for the future. */
  @ApiDoc({
    de: 'Teilnahme-Einwilligung widerrufen',
    en: 'Withdraw the participation consent',
    ok: 'ParticipationWithdrawn',
    errors: [404, 409, 422],
  })
  @Post(':id/participation/withdraw')
  @HttpCode(200)
  @Roles('caseworker', 'privacy_officer')
  withdrawParticipation(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: ReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new WithdrawParticipationCommand(envelope, personId, body.reason));
  }

  /** Art. 16 DSGVO: rectification with a reason; coded residence status and Rechtskreis; "disputed" marker. */
  @ApiDoc({
    de: 'Personendaten berichtigen oder ändern',
    en: 'Rectify or update person data',
    ok: 'PersonUpdated',
    errors: [404, 422],
  })
  @Patch(':id')
  @Roles('caseworker', 'privacy_officer')
  update(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: UpdatePersonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new UpdatePersonCommand(envelope, personId, body));
  }
}
