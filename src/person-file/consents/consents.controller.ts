import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { ReasonDto } from '../registration/person.dtos.js';
import { GrantConsentDto } from './consent.dtos.js';
import { GrantConsentCommand, WithdrawConsentCommand } from './consent-commands.js';
import { ListConsentsQuery } from './list-consents.js';

/** Einwilligungen: record, refuse, withdraw, list with status (§ 67b SGB X, Art. 7 DSGVO). */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('persons/:personId/consents')
export class ConsentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiDoc({
    de: 'Einwilligung erfassen',
    en: 'Record a consent',
    status: 201,
    ok: 'ConsentCreated',
    errors: [409, 422],
  })
  @Post()
  @Roles('caseworker')
  grant(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() body: GrantConsentDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new GrantConsentCommand(envelope, personId, body));
  }

  @ApiDoc({ de: 'Einwilligung widerrufen', en: 'Withdraw a consent', ok: 'ConsentWithdrawn', errors: [409] })
  @Post(':consentId/withdraw')
  @HttpCode(200)
  @Roles('caseworker')
  withdraw(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
    @Body() body: ReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new WithdrawConsentCommand(envelope, personId, consentId, body.reason));
  }

  @ApiDoc({ de: 'Einwilligungen einer Person (protokolliert)', en: 'Consents of a person (logged)', ok: 'ConsentList' })
  @Get()
  @Roles('caseworker', 'privacy_officer')
  list(@Param('personId', new ParseUUIDPipe()) personId: string, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new ListConsentsQuery(reader, personId));
  }
}
