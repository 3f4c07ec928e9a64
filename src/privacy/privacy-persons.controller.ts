import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReportQueryDto } from '../audit/audit.dtos.js';
import type { SubjectAccessReport } from '../audit/subject-access.report.js';
import { subjectAccessHtml } from '../audit/subject-access.html.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import { ReadCtx, type ReadContext } from '../http/request-context.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { SubjectAccessReportQuery } from './subject-access-report.query.js';

/** The rights desk (Datenschutzkoordination): the privacy officer acts on data-subject requests. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/persons/:id')
export class PrivacyPersonsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
  ) {}

  /** Art. 15 DSGVO as JSON or a printable German page. */
  @ApiDoc({
    de: 'Auskunft nach Art. 15 DSGVO',
    en: 'Subject access report (Art. 15 GDPR)',
    ok: 'SubjectAccessReport',
    errors: [404],
  })
  @Get('report')
  @Roles('privacy_officer')
  @ApiProduces('application/json', 'text/html')
  async report(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Query() query: ReportQueryDto,
    @ReadCtx() reader: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const opened = await this.queries.execute(new SubjectAccessReportQuery(reader, personId));
    // Decrypted action notes sit beside the action's other fields, as the report always showed them.
    const report = {
      ...opened,
      cases: opened.cases.map((c) => ({
        ...c,
        actions: c.actions.map(({ personal, ...a }) => ({ ...a, ...(personal as object | undefined) })),
      })),
    } as unknown as SubjectAccessReport & { personalData: Record<string, unknown> };
    void reply.header('cache-control', 'no-store');
    if (query.format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return subjectAccessHtml(report, this.config.catalogue);
    }
    return report;
  }
}
