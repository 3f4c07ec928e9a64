import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { ListCaseReferralsQuery } from './list-referrals.js';
import { GiveReferralFeedbackCommand, MakeReferralCommand } from './referral-commands.js';
import { MakeReferralDto, ReferralFeedbackDto } from './referral.dtos.js';

/** Weitervermittlung: a referral cites a delivered transfer to the agency it names (issue 14). */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiDoc({
    de: 'Weitervermittlung erfassen (mit erfolgter Übermittlung)',
    en: 'Refer the person, citing a delivered transfer to the agency',
    status: 201,
    ok: 'ReferralMade',
    errors: [404, 409, 422],
  })
  @Post('cases/:id/referrals')
  @Roles('caseworker')
  refer(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: MakeReferralDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new MakeReferralCommand(envelope, caseId, body));
  }

  @ApiDoc({
    de: 'Weitervermittlungen eines Falls anzeigen (protokolliert)',
    en: 'List the referrals of a case (logged)',
    ok: 'ReferralList',
  })
  @Get('cases/:id/referrals')
  @Roles('caseworker', 'team_lead', 'privacy_officer')
  list(@Param('id', new ParseUUIDPipe()) caseId: string, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new ListCaseReferralsQuery(reader, caseId));
  }

  @ApiDoc({
    de: 'Rückmeldung zur Weitervermittlung geben',
    en: 'Give feedback on a referral (agency referred to)',
    ok: 'ReferralFeedbackGiven',
    errors: [403, 404, 422],
  })
  @Post('referrals/:id/feedback')
  @HttpCode(200)
  @Roles('agency_officer')
  feedback(
    @Param('id', new ParseUUIDPipe()) referralId: string,
    @Body() body: ReferralFeedbackDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new GiveReferralFeedbackCommand(envelope, referralId, body));
  }
}
