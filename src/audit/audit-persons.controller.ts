import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import type { CommandEnvelope } from '../application/event-codec.js';
import { PersonFileService } from '../application/person-file.service.js';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import { Envelope, ReadCtx, type ReadContext } from '../http/request-context.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { DpoReasonDto, ReportQueryDto } from './audit.dtos.js';
import { ErasureService } from './erasure.service.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { subjectAccessHtml } from './subject-access.html.js';
import { SubjectAccessService } from './subject-access.service.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Everything the subject access report discloses, for the access log. */
const REPORT_CATEGORIES = [
  'identity',
  'residence-status',
  'language-skills',
  'consents',
  'case-notes',
  'transfers',
  'audit-trail',
];

/** The data subject's rights, exercised by the DPO: access (Art. 15), erasure (17), restriction (18). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/persons/:id')
export class AuditPersonsController {
  constructor(
    private readonly reports: SubjectAccessService,
    private readonly erasure: ErasureService,
    private readonly personFiles: PersonFileService,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    private readonly current: ReadModelsCurrent,
  ) {}

  @ApiDoc({ de: 'Auskunft nach Art. 15 DSGVO', en: 'Subject access report (Art. 15 GDPR)', ok: 'SubjectAccessReport' })
  @Get('report')
  @Roles('dpo')
  @ApiProduces('application/json', 'text/html')
  async report(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Query() query: ReportQueryDto,
    @ReadCtx() read: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.current.await();
    const report = await this.reports.report(personId, read.at);
    await this.accessLog.recordAccess({ ...read, personIds: [personId], dataCategories: REPORT_CATEGORIES });
    if (query.format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
      return subjectAccessHtml(report, this.config.catalogue);
    }
    void reply.header('cache-control', 'no-store');
    return report;
  }

  /** Art. 17 DSGVO: 409 with the reason while a retention duty holds the file. */
  @ApiDoc({ de: 'Person löschen (Art. 17 DSGVO)', en: 'Erase a person (Art. 17 GDPR)', ok: 'Erasure', errors: [409] })
  @Post('erase')
  @HttpCode(200)
  @Roles('dpo')
  erase(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.erasure.erase(envelope, personId, body.reason);
  }

  /** Art. 18 DSGVO / § 84 SGB X: transfers are refused and only the DPO may read until lifted. */
  @ApiDoc({
    de: 'Verarbeitung einschränken (Art. 18 DSGVO)',
    en: 'Restrict processing (Art. 18 GDPR)',
    ok: 'Restriction',
    errors: [409, 422],
  })
  @Post('restrict')
  @HttpCode(200)
  @Roles('dpo')
  async restrict(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.personFiles.execute(envelope, personId, {
      type: 'RestrictPerson',
      data: { personId, reason: body.reason, restrictedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, restricted: true, at: envelope.at };
  }

  @ApiDoc({ de: 'Einschränkung aufheben', en: 'Lift a restriction', ok: 'Restriction', errors: [409, 422] })
  @Post('lift-restriction')
  @HttpCode(200)
  @Roles('dpo')
  async lift(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Body() body: DpoReasonDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    await this.personFiles.execute(envelope, personId, {
      type: 'LiftPersonRestriction',
      data: { personId, reason: body.reason, liftedBy: envelope.actor.sub, at: envelope.at },
    });
    return { personId, restricted: false, at: envelope.at };
  }
}
