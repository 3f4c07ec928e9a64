import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { ListTransfersQuery } from './list-transfers.js';
import {
  AcknowledgeTransferCommand,
  ApproveTransferCommand,
  RejectTransferCommand,
  TransferDataCommand,
} from './transfer-commands.js';
import { RejectTransferDto, TransferDto, TransferQueryDto } from './transfer.dtos.js';

/** Datenübermittlung: decided by the legal-basis policy in the person's stream (rule 2). */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiDoc({ de: 'Daten übermitteln', en: 'Transfer data', status: 201, ok: 'TransferDone', errors: [409, 422] })
  @Post()
  @Roles('caseworker')
  transfer(@Body() body: TransferDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new TransferDataCommand(envelope, body));
  }

  @ApiDoc({
    de: 'Übermittlung freigeben (Vier-Augen-Prinzip)',
    en: 'Approve a transfer awaiting approval (four eyes)',
    ok: 'TransferDone',
    errors: [403, 404, 409, 422],
  })
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('team_lead')
  approve(@Param('id', new ParseUUIDPipe()) transferId: string, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new ApproveTransferCommand(envelope, transferId));
  }

  @ApiDoc({
    de: 'Übermittlung ablehnen (Vier-Augen-Prinzip)',
    en: 'Reject a transfer awaiting approval (four eyes)',
    ok: 'TransferRejected',
    errors: [403, 404, 409],
  })
  @Post(':id/reject')
  @HttpCode(200)
  @Roles('team_lead')
  reject(
    @Param('id', new ParseUUIDPipe()) transferId: string,
    @Body() body: RejectTransferDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new RejectTransferCommand(envelope, transferId, body));
  }

  @ApiDoc({ de: 'Empfang bestätigen', en: 'Acknowledge receipt', ok: 'TransferAcknowledged', errors: [404, 409, 422] })
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('agency_officer')
  acknowledge(@Param('id', new ParseUUIDPipe()) transferId: string, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AcknowledgeTransferCommand(envelope, transferId));
  }

  @ApiDoc({ de: 'Übermittlungen auflisten (protokolliert)', en: 'List transfers (logged)', ok: 'TransferPage' })
  @Get()
  @Roles('caseworker', 'team_lead', 'agency_officer', 'privacy_officer', 'dpo')
  list(@Query() query: TransferQueryDto, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new ListTransfersQuery(reader, query));
  }
}
