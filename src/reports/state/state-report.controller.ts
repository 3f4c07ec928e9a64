import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiDoc } from '../../openapi/api-doc.decorator.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { KimConfig } from '../../config/config.js';
import type { Stores } from '../../config/stores.js';
import { CLOCK, KIM_CONFIG, STORES } from '../../kim-core.module.js';
import type { Clock } from '../../shared/clock.js';
import { countyRecordKeys } from '../disclosure/county-record-keys.js';
import { REPORT_TABLES } from '../tables/index.js';
import { loadStateFields, type StateFieldList } from './state-fields.js';
import { buildStateReport } from './state-report.builder.js';
import { StateReportQueryDto } from './state-report.query.dto.js';
import { renderStateCsv } from './render-state.js';

/**
 * Kennzahlen für das Land (Landesprogramm KIM, Verwendungsnachweis / Datenbank KIM): protected
 * aggregates per year, for the head of case management who submits them. No personal data, so no
 * access-log entry (rule 4).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class StateReportController {
  /** Read at start: a wrong KIM_STATE_FIELDS_FILE stops the service with one line naming it. */
  private readonly fields: StateFieldList = loadStateFields(process.env, REPORT_TABLES);

  constructor(
    @Inject(STORES) private readonly stores: Stores,
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiDoc({ de: 'Kennzahlen für das Land', en: 'Figures for the state', ok: 'StateReport' })
  @Get('state')
  @Roles('team_lead')
  async state(@Query() query: StateReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = query.format ?? 'csv';
    const recordKeys = await countyRecordKeys({
      keyStore: this.stores.keyStore,
      dataDir: this.config.dataDir,
      clock: this.clock,
      ...(this.config.masterKey ? { masterKey: this.config.masterKey } : {}),
    });
    const report = await buildStateReport(
      { readStore: this.stores.readStore, catalogue: this.config.catalogue, clock: this.clock, recordKeys },
      Number(query.year),
      this.fields,
    );
    void reply.header('cache-control', 'no-store');
    if (format === 'json') return report;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kim-land-${report.year}.csv"`);
    return renderStateCsv(report);
  }
}
