import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import { PERSONS, type PersonDoc } from '../../projections/persons.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import { CaseService } from '../application/case.service.js';
import type { CommandEnvelope } from '../application/event-codec.js';
import { PERSONAL_DATA_PROTECTOR, type PersonalDataProtector } from '../application/personal-data-protector.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope, IfMatch, ReadCtx, User, type ReadContext, type RequestUser } from '../http/request-context.js';
import { assertMaySeePerson } from '../need-to-know/need-to-know.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import { recentTimeline } from './case-timeline.query.js';
import { AssignCaseDto, CaseReadQueryDto, CloseCaseDto, OpenCaseDto, RecordActionDto } from './case.dtos.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

const TIMELINE_PAGE = 100;

/** Casemanagement (KIM Baustein 2). Commands that change a case accept `If-Match: "<revision>"`. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CaseService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PERSONAL_DATA_PROTECTOR) private readonly protector: PersonalDataProtector,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {}

  @ApiDoc({ de: 'Fall eröffnen', en: 'Open a case', status: 201, ok: 'CaseCreated', errors: [409, 422] })
  @Post()
  @Roles('caseworker', 'team_lead')
  async open(@Body() body: OpenCaseDto, @Envelope() envelope: CommandEnvelope, @User() user: RequestUser) {
    const person = await this.readStore.get<PersonDoc>(PERSONS, body.personId);
    if (!person) throw new NotFoundError(`person ${body.personId} not found`);
    if (person.erased) throw new RuleViolationError('person-erased');
    if (user.role === 'caseworker') assertMaySeePerson(user, person, body.personId);
    const caseId = deterministicId(envelope.commandId, 'case');
    const outcome = await this.cases.execute(envelope, {
      type: 'OpenCase',
      data: { caseId, personId: body.personId, municipality: body.municipality, openedBy: user.sub, at: envelope.at },
    });
    return { caseId, revision: outcome.revision };
  }

  @ApiDoc({
    de: 'Fall zuweisen (höchstens 1:80)',
    en: 'Assign a case (at most 1:80)',
    ok: 'CaseAssigned',
    errors: [409, 412, 422],
  })
  @Post(':id/assign')
  @HttpCode(200)
  @Roles('team_lead')
  async assign(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: AssignCaseDto,
    @Envelope() envelope: CommandEnvelope,
    @IfMatch() ifMatch?: number,
  ) {
    const outcome = await this.cases.assign(envelope, caseId, body.caseworkerId, ifMatch);
    return { caseId, caseworkerId: body.caseworkerId, revision: outcome.revision };
  }

  @ApiDoc({
    de: 'Fallaktivität erfassen',
    en: 'Record a case action',
    status: 201,
    ok: 'CaseActionRecorded',
    errors: [409, 412, 422],
  })
  @Post(':id/actions')
  @Roles('caseworker')
  async recordAction(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordActionDto,
    @Envelope() envelope: CommandEnvelope,
    @User() user: RequestUser,
    @IfMatch() ifMatch?: number,
  ) {
    await this.assertWorksOn(user, caseId);
    const actionId = deterministicId(envelope.commandId, 'action');
    const outcome = await this.cases.execute(
      envelope,
      {
        type: 'RecordCaseAction',
        data: {
          caseId,
          actionId,
          actionType: body.type,
          actionDate: body.occurredAt,
          summary: body.summary,
          agencies: body.agencies ?? [],
          ...(body.achievementKind ? { achievementKind: body.achievementKind } : {}),
          ...(body.evidence ? { evidence: body.evidence } : {}),
          recordedBy: user.sub,
          at: envelope.at,
        },
      },
      ifMatch,
    );
    return { actionId, revision: outcome.revision };
  }

  @ApiDoc({ de: 'Fall abschließen', en: 'Close a case', ok: 'CaseStatus', errors: [409, 412, 422] })
  @Post(':id/close')
  @HttpCode(200)
  @Roles('caseworker', 'team_lead')
  async close(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Body() body: CloseCaseDto,
    @Envelope() envelope: CommandEnvelope,
    @User() user: RequestUser,
    @IfMatch() ifMatch?: number,
  ) {
    if (user.role === 'caseworker') await this.assertWorksOn(user, caseId);
    const outcome = await this.cases.execute(
      envelope,
      { type: 'CloseCase', data: { caseId, reason: body.reason, closedBy: user.sub, at: envelope.at } },
      ifMatch,
    );
    return { caseId, status: 'closed', revision: outcome.revision };
  }

  @ApiDoc({ de: 'Fall wiedereröffnen', en: 'Reopen a case', ok: 'CaseStatus', errors: [409, 412, 422] })
  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('caseworker', 'team_lead')
  async reopen(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Envelope() envelope: CommandEnvelope,
    @User() user: RequestUser,
    @IfMatch() ifMatch?: number,
  ) {
    if (user.role === 'caseworker') await this.assertWorksOn(user, caseId);
    const outcome = await this.cases.execute(
      envelope,
      { type: 'ReopenCase', data: { caseId, reopenedBy: user.sub, at: envelope.at } },
      ifMatch,
    );
    return { caseId, status: 'open', revision: outcome.revision };
  }

  @ApiDoc({ de: 'Fall mit Verlauf lesen (protokolliert)', en: 'Read a case with its timeline (logged)', ok: 'Case' })
  @Get(':id')
  @Roles('caseworker', 'team_lead', 'dpo')
  async read(
    @Param('id', new ParseUUIDPipe()) caseId: string,
    @Query() query: CaseReadQueryDto,
    @ReadCtx() read: ReadContext,
  ) {
    const doc = await this.readStore.get<CaseDoc>(CASES, caseId);
    if (!doc) throw new NotFoundError(`case ${caseId} not found`);
    if (read.user.role === 'caseworker') await this.assertWorksOn(read.user, caseId, doc);
    // A case of some years holds hundreds of entries: the newest page first, older ones on request.
    const page = await recentTimeline(this.readStore, caseId, {
      limit: query.timelineLimit ? Number(query.timelineLimit) : TIMELINE_PAGE,
      ...(query.timelineBefore ? { before: query.timelineBefore } : {}),
    });
    const timeline = await Promise.all(
      page.entries.map(async ({ personal, caseId: _caseId, seq: _seq, ...entry }) =>
        personal === undefined
          ? entry
          : {
              ...entry,
              ...((await this.protector.decryptEventData({ personId: doc.personId, personal })).personal as object),
            },
      ),
    );
    await this.accessLog.recordAccess({ ...read, personIds: [doc.personId], dataCategories: ['case-notes'] });
    return { ...doc, timeline, ...(page.olderCursor ? { timelineOlderCursor: page.olderCursor } : {}) };
  }

  /** A caseworker works on a case assigned to them, or one they opened; the person must be visible too. */
  private async assertWorksOn(user: RequestUser, caseId: string, known?: CaseDoc) {
    const doc = known ?? (await this.readStore.get<CaseDoc>(CASES, caseId));
    if (!doc) throw new NotFoundError(`case ${caseId} not found`);
    if (doc.assignee !== user.sub && doc.openedBy !== user.sub)
      throw new ForbiddenError('this case is not assigned to you');
    assertMaySeePerson(user, await this.readStore.get<PersonDoc>(PERSONS, doc.personId), doc.personId);
  }
}
