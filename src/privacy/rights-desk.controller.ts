import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AcknowledgeErasureNoticeCommand,
  DecideErasureCommand,
  LodgeObjectionCommand,
  ProtectPersonCommand,
  RequestErasureCommand,
} from './rights-desk-commands.js';
import {
  ERASURE_NOTICES,
  ERASURE_REVIEWS,
  ERASURES,
  type ErasureReviewDoc,
  type ErasureDoc,
  type ErasureNoticeDoc,
} from '../../projections/erasures.projection.js';
import { DpoReasonDto } from '../audit/audit.dtos.js';
import { ReadModelsCurrent } from '../audit/read-models-current.js';
import { Roles } from '../auth/roles.decorator.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { Envelope } from '../http/request-context.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ObjectionDto } from '../person-file/registration/person.dtos.js';
import {
  ErasureListQueryDto,
  ErasureNoticeQueryDto,
  ErasureReviewQueryDto,
  ErasureRejectionDto,
  ErasureRequestDto,
} from './rights-desk.dtos.js';

/**
 * The rights desk (product v2): the privacy officer executes restriction and erasure; the DPO only
 * reads the queues (Art. 38(6) DSGVO: no decisions about processing). Erasure takes two people.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class RightsDeskController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {}

  /** Art. 18 DSGVO / § 84 SGB X: storage only, for every role, until lifted. */
  @ApiDoc({
    de: 'Verarbeitung einschränken (Art. 18 DSGVO)',
    en: 'Restrict processing (Art. 18 GDPR)',
    ok: 'Restriction',
    errors: [409, 422],
  })
  @Post('persons/:id/restrict')
  @HttpCode(200)
  @Roles('privacy_officer')
  async restrict(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.commands.execute(new ProtectPersonCommand(envelope, 'RestrictPerson', personId, body.reason));
    return { personId, restricted: true, at: envelope.at };
  }

  @ApiDoc({ de: 'Einschränkung aufheben', en: 'Lift a restriction', ok: 'Restriction', errors: [409, 422] })
  @Post('persons/:id/lift-restriction')
  @HttpCode(200)
  @Roles('privacy_officer')
  async lift(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.commands.execute(new ProtectPersonCommand(envelope, 'LiftPersonRestriction', personId, body.reason));
    return { personId, restricted: false, at: envelope.at };
  }

  /** Art. 21 DSGVO: the objection restricts processing at once; an erasure review is raised. */
  @ApiDoc({
    de: 'Widerspruch erfassen (Art. 21 DSGVO)',
    en: 'Record an objection (Art. 21 GDPR)',
    ok: 'Objection',
    errors: [422],
  })
  @Post('persons/:id/objection')
  @HttpCode(200)
  @Roles('privacy_officer')
  async objection(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: ObjectionDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const { events } = await this.commands.execute(
      new LodgeObjectionCommand(envelope, personId, body.grounds, body.requestId),
    );
    return { personId, restricted: true, recorded: events };
  }

  /** Art. 17(3)(e) DSGVO: legal claims hold the file against erasure until lifted. */
  @ApiDoc({
    de: 'Aufbewahrung wegen Rechtsstreits anordnen',
    en: 'Place a litigation hold',
    ok: 'LitigationHold',
    errors: [409, 422],
  })
  @Post('persons/:id/litigation-hold')
  @HttpCode(200)
  @Roles('privacy_officer')
  placeHold(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.litigationHold('PlaceLitigationHold', personId, body.reason, envelope);
  }

  @ApiDoc({
    de: 'Aufbewahrung wegen Rechtsstreits aufheben',
    en: 'Lift a litigation hold',
    ok: 'LitigationHold',
    errors: [409, 422],
  })
  @Post('persons/:id/lift-litigation-hold')
  @HttpCode(200)
  @Roles('privacy_officer')
  liftHold(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.litigationHold('LiftLitigationHold', personId, body.reason, envelope);
  }

  private async litigationHold(
    type: 'PlaceLitigationHold' | 'LiftLitigationHold',
    personId: string,
    reason: string,
    envelope: CommandEnvelope,
  ) {
    await this.commands.execute(new ProtectPersonCommand(envelope, type, personId, reason));
    return { personId, litigationHold: type === 'PlaceLitigationHold', at: envelope.at };
  }

  /** Art. 17 DSGVO, first pair of eyes: 202 awaiting approval, or 409 with the holds that stand against it. */
  @ApiDoc({
    de: 'Löschung beantragen (Art. 17 DSGVO)',
    en: 'Request an erasure (Art. 17 GDPR)',
    ok: 'ErasureRequest',
    status: 202,
    errors: [409, 422],
  })
  @Post('persons/:id/erasure')
  @HttpCode(202)
  @Roles('privacy_officer')
  requestErasure(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: ErasureRequestDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new RequestErasureCommand(envelope, personId, body.reason, body.requestId));
  }

  /** Second pair of eyes: another privacy officer or a team lead; executes the erasure. */
  @ApiDoc({
    de: 'Löschung freigeben und ausführen',
    en: 'Approve and execute an erasure',
    ok: 'ErasureDecision',
    errors: [409, 422],
  })
  @Post('erasures/:erasureId/approve')
  @HttpCode(200)
  @Roles('privacy_officer', 'team_lead')
  approveErasure(@Param('erasureId', new ParseUUIDPipe()) erasureId: string, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new DecideErasureCommand(envelope, erasureId, 'approve'));
  }

  @ApiDoc({ de: 'Löschung ablehnen', en: 'Reject an erasure', ok: 'ErasureDecision', errors: [409, 422] })
  @Post('erasures/:erasureId/reject')
  @HttpCode(200)
  @Roles('privacy_officer', 'team_lead')
  rejectErasure(
    @Param('erasureId', new ParseUUIDPipe()) erasureId: string,
    @Body() body: ErasureRejectionDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new DecideErasureCommand(envelope, erasureId, 'reject', body.reason));
  }

  /** The approvals queue and its history (pseudonymous: ids, staff ids, dates). */
  @ApiDoc({ de: 'Löschanträge auflisten', en: 'List erasure requests', ok: 'ErasureRecordPage' })
  @Get('erasures')
  @Roles('privacy_officer', 'team_lead', 'dpo')
  async erasures(@Query() query: ErasureListQueryDto) {
    await this.current.await();
    const page = await this.readStore.find<ErasureDoc>(ERASURES, {
      ...(query.status ? { filter: { status: query.status } } : {}),
      sort: { field: 'requestedAt', direction: 'desc' },
      limit: query.limit ?? 100,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Art. 19 DSGVO: each recipient of an erased person's data, and whether it confirmed the notice. */
  @ApiDoc({
    de: 'Mitteilungen an Empfänger nach Art. 19 DSGVO',
    en: 'Erasure notices to recipients (Art. 19 GDPR)',
    ok: 'ErasureNoticePage',
  })
  @Get('erasure-notices')
  @Roles('privacy_officer', 'dpo')
  async notices(@Query() query: ErasureNoticeQueryDto) {
    await this.current.await();
    const page = await this.readStore.find<ErasureNoticeDoc>(ERASURE_NOTICES, {
      ...(query.status ? { filter: { status: query.status } } : {}),
      sort: { field: 'createdAt', direction: 'desc' },
      limit: query.limit ?? 100,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Erasure reviews raised by a withdrawn consent or the end of participation (Art. 17(1)(a), (b) DSGVO). */
  @ApiDoc({ de: 'Offene Löschprüfungen', en: 'Erasure reviews', ok: 'ErasureReviewPage' })
  @Get('erasure-reviews')
  @Roles('privacy_officer', 'dpo')
  async reviews(@Query() query: ErasureReviewQueryDto) {
    await this.current.await();
    const page = await this.readStore.find<ErasureReviewDoc>(ERASURE_REVIEWS, {
      filter: { status: query.status ?? 'open' },
      sort: { field: 'raisedAt', direction: 'asc' },
      limit: query.limit ?? 100,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** The recipient agency confirms it was told of the erasure (and erased its copy where it must). */
  @ApiDoc({
    de: 'Löschmitteilung bestätigen',
    en: 'Acknowledge an erasure notice',
    ok: 'ErasureNoticeReceipt',
    errors: [409],
  })
  @Post('persons/:id/erasure-notice/acknowledge')
  @HttpCode(200)
  @Roles('agency_officer')
  async acknowledgeNotice(@Param('id', new ParseUUIDPipe()) personId: string, @Envelope() envelope: CommandEnvelope) {
    return this.commands.execute(new AcknowledgeErasureNoticeCommand(envelope, personId));
  }
}
