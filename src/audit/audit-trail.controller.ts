import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AUDIT_TRAIL, type AuditEntry } from '../../projections/audit-trail.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
import { Roles } from '../auth/roles.decorator.js';
import { ReadCtx, type ReadContext } from '../http/request-context.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { ValidationError } from '../shared/errors.js';
import { auditTrailCsv } from './audit-trail.csv.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { AuditTrailQueryDto, periodCondition } from './audit.dtos.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** An export larger than this must be narrowed by a filter (period, person, actor). */
const MAX_EXPORT_ROWS = 100_000;

/**
 * The data-protection audit trail for the DPO (product rule 6, Art. 5(2) DSGVO): every event about
 * personal data, in log order. The DPO's own reads are logged like everyone else's, before the answer.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/trail')
export class AuditTrailController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    private readonly current: ReadModelsCurrent,
  ) {}

  @ApiDoc({ de: 'Protokoll durchsuchen', en: 'Search the audit trail', ok: 'AuditTrailPage' })
  @Get()
  @Roles('dpo')
  @ApiProduces('application/json', 'text/csv')
  async trail(
    @Query() query: AuditTrailQueryDto,
    @ReadCtx() read: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const filter = trailFilter(query);
    await this.current.await();
    if (query.format === 'csv') {
      const entries = await this.everything(filter);
      await this.logRead(read, entries);
      const day = read.at.slice(0, 10);
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="protokoll-datenschutz-${day}.csv"`);
      return auditTrailCsv(entries, query.separator ?? ';');
    }
    const page = await this.readStore.find<AuditEntry>(AUDIT_TRAIL, {
      filter,
      sort: { field: 'seq', direction: 'asc' },
      limit: Number(query.limit ?? 100),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    await this.logRead(read, page.items);
    return { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** The same search with the filter in the body, so a person id need not stand in a URL (the console's way). */
  @ApiDoc({
    de: 'Protokoll durchsuchen, Filter im Body',
    en: 'Search the audit trail, filter in the body',
    ok: 'AuditTrailPage',
  })
  @Post('search')
  @HttpCode(200)
  @Roles('dpo')
  @ApiProduces('application/json', 'text/csv')
  search(
    @Body() body: AuditTrailQueryDto,
    @ReadCtx() read: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.trail(body, read, reply);
  }

  private async everything(filter: Filter): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.readStore.find<AuditEntry>(AUDIT_TRAIL, {
        filter,
        sort: { field: 'seq', direction: 'asc' },
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      if (all.length > MAX_EXPORT_ROWS) {
        throw new ValidationError(
          `the export would exceed ${MAX_EXPORT_ROWS} rows; narrow it by period, person or actor`,
          ['from', 'to'],
        );
      }
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** Rule 4 applies to the DPO too: every person shown in the trail is named in the access log. */
  private logRead(read: ReadContext, entries: readonly AuditEntry[]) {
    const personIds = entries.map((e) => e.personId).filter((id): id is string => id !== null);
    return this.accessLog.recordAccess({ ...read, personIds, dataCategories: ['audit-trail'] });
  }
}

function trailFilter(query: AuditTrailQueryDto): Filter {
  const filter: Filter = {};
  if (query.personId) filter.personId = query.personId;
  if (query.actor) filter.actorSub = query.actor;
  if (query.agency) filter.actorAgency = query.agency;
  if (query.action) filter.action = query.action;
  const period = periodCondition(query.from, query.to);
  if (period) filter.at = period;
  return filter;
}
