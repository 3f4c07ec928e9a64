import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, IfMatch } from '../../http/request-context.js';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { AgreePlanCommand, RecordContactCommand, ReviewGoalCommand } from './plan-handlers.js';
import { AgreePlanDto, RecordContactDto, ReviewGoalDto } from './plan.dtos.js';

/** Integrationsplan, goal reviews and contacts of a case (KIM Baustein 2, DGCC cycle). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class PlanController {
  constructor(private readonly commands: CommandBus) {}

  @ApiDoc({
    de: 'Integrationsplan mit Assessment und Zielen je Handlungsfeld vereinbaren',
    en: 'Agree the integration plan: assessment and goals per field of action',
    status: 201,
    ok: 'PlanRecorded',
    errors: [409, 412, 422],
  })
  @Post(':id/plan')
  @Roles('caseworker')
  agree(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: AgreePlanDto,
    @Envelope() envelope: CommandEnvelope,
    @IfMatch() ifMatch?: number,
  ) {
    return this.commands.execute(new AgreePlanCommand(envelope, caseId, body, ifMatch));
  }

  @ApiDoc({
    de: 'Zielerreichung bei Überprüfung oder Abschluss festhalten',
    en: 'Record the attainment of a goal at review or closure',
    ok: 'GoalReviewed',
    errors: [409, 412, 422],
  })
  @Post(':id/goals/:goalId/review')
  @HttpCode(200)
  @Roles('caseworker')
  review(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Param('goalId', new ParseUUIDPipe()) goalId: string,
    @Body() body: ReviewGoalDto,
    @Envelope() envelope: CommandEnvelope,
    @IfMatch() ifMatch?: number,
  ) {
    return this.commands.execute(new ReviewGoalCommand(envelope, caseId, goalId, body, ifMatch));
  }

  @ApiDoc({
    de: 'Kontakt mit Datum, Kontaktart, Dauer und Dolmetschung erfassen',
    en: 'Record a contact: date, channel, duration, interpreter',
    status: 201,
    ok: 'ContactRecorded',
    errors: [409, 412, 422],
  })
  @Post(':id/contacts')
  @Roles('caseworker')
  contact(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordContactDto,
    @Envelope() envelope: CommandEnvelope,
    @IfMatch() ifMatch?: number,
  ) {
    return this.commands.execute(new RecordContactCommand(envelope, caseId, body, ifMatch));
  }
}
