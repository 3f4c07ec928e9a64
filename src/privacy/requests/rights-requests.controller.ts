import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RIGHTS_REQUESTS, type RightsRequestDoc } from '../../../projections/rights-requests.projection.js';
import { ReadModelsCurrent } from '../../audit/read-models-current.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { CommandEnvelope } from '../../event-sourcing/event-codec.js';
import { Envelope, ReadCtx, type ReadContext } from '../../http/request-context.js';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { localDate } from '../../shared/calendar.js';
import {
  CloseRightsRequestCommand,
  ExtendRightsRequestCommand,
  RegisterRightsRequestCommand,
} from './rights-request-commands.js';
import {
  CloseRightsRequestDto,
  ExtendRightsRequestDto,
  RegisterRightsRequestDto,
  RightsRequestQueryDto,
} from './rights-requests.dtos.js';

/**
 * The register of data-subject requests (Art. 12 DSGVO, product section 3): the privacy officer
 * registers, extends and closes; the DPO reads. Overdue requests are computed against today.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/requests')
export class RightsRequestsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  @ApiDoc({
    de: 'Antrag einer betroffenen Person erfassen',
    en: 'Register a data-subject request',
    ok: 'RightsRequestCreated',
    errors: [404],
  })
  @Post()
  @Roles('privacy_officer')
  register(@Body() body: RegisterRightsRequestDto, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new RegisterRightsRequestCommand(envelope, body));
  }

  @ApiDoc({ de: 'Register der Betroffenenanträge', en: 'Register of data-subject requests', ok: 'RightsRequestPage' })
  @Get()
  @Roles('privacy_officer', 'dpo')
  async list(@Query() query: RightsRequestQueryDto, @ReadCtx() reader: ReadContext) {
    await this.current.await();
    const today = localDate(reader.at);
    const overdue = query.overdue === 'true';
    const filter = {
      ...(query.personId ? { personId: query.personId } : {}),
      ...(overdue ? { status: 'open' } : query.status ? { status: query.status } : {}),
    };
    const page = await this.readStore.find<RightsRequestDoc>(RIGHTS_REQUESTS, {
      filter,
      sort: { field: 'dueOn', direction: 'asc' },
      limit: query.limit ?? 100,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items = page.items
      .map((r) => ({ ...r, overdue: r.status === 'open' && r.dueOn < today }))
      .filter((r) => !overdue || r.overdue);
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Art. 12(3) S. 2 DSGVO: once, by up to two months, with the reason; within the first month. */
  @ApiDoc({ de: 'Frist verlängern', en: 'Extend the deadline', ok: 'RightsRequestState', errors: [409, 422] })
  @Post(':requestId/extend')
  @HttpCode(200)
  @Roles('privacy_officer')
  extend(
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: ExtendRightsRequestDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new ExtendRightsRequestCommand(envelope, requestId, body.months, body.reason));
  }

  @ApiDoc({ de: 'Antrag abschließen', en: 'Close a request', ok: 'RightsRequestState', errors: [409] })
  @Post(':requestId/close')
  @HttpCode(200)
  @Roles('privacy_officer')
  close(
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: CloseRightsRequestDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new CloseRightsRequestCommand(envelope, requestId, body.outcome));
  }
}
