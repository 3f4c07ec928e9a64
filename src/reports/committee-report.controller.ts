import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import type { Stores } from '../config/stores.js';
import { CLOCK, KIM_CONFIG, STORES } from '../kim-core.module.js';
import type { Clock } from '../shared/clock.js';
import { buildCommitteeReport } from './committee-report.builder.js';
import { CommitteeReportQueryDto } from './committee-report.query.dto.js';
import { countyRecordKeys } from './disclosure/county-record-keys.js';
import { CONTENT_TYPES, renderReport, reportFileName } from './render-report.js';
import { parsePeriod } from './report-period.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/**
 * Bericht für den Sozialausschuss (KIM Baustein 1): anonymised aggregates only, every count protected
 * (Cell Key Method, `<5`, secondary suppression), so no access-log entry is written — the response holds
 * no data about a person (rule 4 and 6).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class CommitteeReportController {
  constructor(
    @Inject(STORES) private readonly stores: Stores,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiDoc({ de: 'Bericht für den Sozialausschuss', en: 'Committee report', ok: 'CommitteeReport' })
  @Get('committee')
  @Roles('committee', 'team_lead')
  async committee(@Query() query: CommitteeReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const period = parsePeriod(query.period);
    const format = query.format ?? 'json';
    const recordKeys = await countyRecordKeys({
      keyStore: this.stores.keyStore,
      dataDir: this.config.dataDir,
      clock: this.clock,
      ...(this.config.masterKey ? { masterKey: this.config.masterKey } : {}),
    });
    const report = await buildCommitteeReport(
      { readStore: this.stores.readStore, catalogue: this.config.catalogue, clock: this.clock, recordKeys },
      period,
    );
    void reply.header('content-type', CONTENT_TYPES[format]).header('cache-control', 'no-store');
    if (format === 'csv') {
      void reply.header('content-disposition', `attachment; filename="${reportFileName(report, format)}"`);
    }
    return format === 'json' ? report : renderReport(report, format);
  }
}
