import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import { CLOCK, KIM_CONFIG } from '../kim-core.module.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { buildCommitteeReport } from './committee-report.builder.js';
import { CommitteeReportQueryDto } from './committee-report.query.dto.js';
import { CONTENT_TYPES, renderReport, reportFileName } from './render-report.js';
import { parsePeriod } from './report-period.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/**
 * Bericht für den Sozialausschuss (KIM Baustein 1): anonymised aggregates only, small counts suppressed,
 * so no access-log entry is written — the response holds no data about a person (rule 4 and 6).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class CommitteeReportController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiDoc({ de: 'Bericht für den Sozialausschuss', en: 'Committee report', ok: 'CommitteeReport' })
  @Get('committee')
  @Roles('committee', 'team_lead')
  async committee(@Query() query: CommitteeReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const period = parsePeriod(query.period);
    const format = query.format ?? 'json';
    const report = await buildCommitteeReport(
      { readStore: this.readStore, catalogue: this.config.catalogue, clock: this.clock },
      period,
    );
    void reply.header('content-type', CONTENT_TYPES[format]).header('cache-control', 'no-store');
    if (format === 'csv') {
      void reply.header('content-disposition', `attachment; filename="${reportFileName(report, format)}"`);
    }
    return format === 'json' ? report : renderReport(report, format);
  }
}
