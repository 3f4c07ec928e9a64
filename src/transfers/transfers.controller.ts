import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { TRANSFERS, type TransferDoc } from '../../projections/transfers.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import type { CommandEnvelope } from '../application/event-codec.js';
import { PersonFileService } from '../application/person-file.service.js';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../application/personal-data-protector.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope, ReadCtx, User, type ReadContext, type RequestUser } from '../http/request-context.js';
import { assertMaySeePerson } from '../need-to-know/need-to-know.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import type { DataTransferred, TransferRefused } from './transfer.events.js';
import { TransferDto, TransferQueryDto } from './transfer.dtos.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Datenübermittlung: decided by the legal-basis policy in the person's stream (rule 2). */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(
    private readonly personFiles: PersonFileService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_PROTECTOR) private readonly protector: PersonalDataProtector,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  @ApiDoc({ de: 'Daten übermitteln', en: 'Transfer data', status: 201, ok: 'TransferDone', errors: [409, 422] })
  @Post()
  @Roles('caseworker')
  async transfer(@Body() body: TransferDto, @Envelope() envelope: CommandEnvelope, @User() user: RequestUser) {
    assertMaySeePerson(user, await this.readStore.get<PersonDoc>(PERSONS, body.personId), body.personId);
    const transferId = deterministicId(envelope.commandId, 'transfer');
    const outcome = await this.personFiles.execute(envelope, body.personId, {
      type: 'TransferData',
      data: { ...body, transferId, fromAgency: user.agency, requestedBy: user.sub, at: envelope.at },
    });
    const event = outcome.events.find((e) => e.type === 'DataTransferred' || e.type === 'TransferRefused') as
      | DataTransferred
      | TransferRefused
      | undefined;
    if (!event) throw new Error('transfer decision produced no transfer event');
    const { personal: _personal, ...transfer } = event.data;
    if (event.type === 'TransferRefused') {
      // The refusal is already recorded; the caller learns every reason (422).
      throw new RuleViolationError(`transfer refused: ${transfer.verdict.reasons.join(', ')}`, transfer.verdict.reasons);
    }
    return { ...transfer, status: 'transferred', at: envelope.at };
  }

  @ApiDoc({ de: 'Empfang bestätigen', en: 'Acknowledge receipt', ok: 'TransferAcknowledged', errors: [409, 422] })
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('agency_officer')
  async acknowledge(@Param('id', new ParseUUIDPipe()) transferId: string, @Envelope() envelope: CommandEnvelope, @User() user: RequestUser) {
    const transfer = await this.readStore.get<TransferDoc>(TRANSFERS, transferId);
    if (!transfer) throw new NotFoundError(`transfer ${transferId} not found`);
    if (transfer.toAgency !== user.agency) throw new ForbiddenError('this transfer is addressed to another agency');
    await this.personFiles.execute(envelope, transfer.personId, {
      type: 'AcknowledgeTransfer',
      data: { personId: transfer.personId, transferId, agency: user.agency, acknowledgedBy: user.sub, at: envelope.at },
    });
    return { transferId, acknowledgedAt: envelope.at };
  }

  @ApiDoc({ de: 'Übermittlungen auflisten (protokolliert)', en: 'List transfers (logged)', ok: 'TransferPage' })
  @Get()
  @Roles('caseworker', 'agency_officer', 'dpo')
  async list(@Query() query: TransferQueryDto, @ReadCtx() read: ReadContext) {
    const filter: Filter = {};
    if (query.personId) filter.personId = query.personId;
    if (query.agency) filter.toAgency = query.agency;
    if (query.from || query.to) filter.at = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: `${query.to}T24` } : {}) };
    if (read.user.role === 'agency_officer') {
      if (query.agency && query.agency !== read.user.agency) throw new ForbiddenError('agency officers see only transfers to their own agency');
      filter.toAgency = read.user.agency;
    }
    if (read.user.role === 'caseworker') {
      if (query.personId) assertMaySeePerson(read.user, await this.readStore.get<PersonDoc>(PERSONS, query.personId), query.personId);
      else filter.personId = { in: await this.visiblePersonIds(read.user) };
    }
    const page = await this.readStore.find<TransferDoc>(TRANSFERS, {
      filter,
      sort: { field: 'at', direction: 'desc' },
      limit: Math.min(Number(query.limit ?? 50), 200),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items = await Promise.all(
      page.items.map(async ({ personal, ...t }) => ({
        ...t,
        justification: (await this.protector.decryptEventData({ personId: t.personId, personal })).personal,
      })),
    );
    // Bulk access is logged with every person shown, so "who saw person X" stays complete (rule 4).
    await this.accessLog.recordAccess({ ...read, personIds: items.map((t) => t.personId), dataCategories: ['transfers'] });
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  private async visiblePersonIds(user: RequestUser): Promise<string[]> {
    const [assigned, registered] = await Promise.all([
      this.readStore.find<PersonDoc>(PERSONS, { filter: { caseworkers: { contains: user.sub } }, limit: 1000 }),
      this.readStore.find<PersonDoc>(PERSONS, { filter: { registeredBy: user.sub }, limit: 1000 }),
    ]);
    return [...new Set([...assigned.items, ...registered.items].filter((p) => !p.restricted).map((p) => p.personId))];
  }
}
