import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AUDIT_TRAIL, type AuditEntry } from '../../projections/audit-trail.projection.js';
import { QueryBus, QueryHandler } from '@nestjs/cqrs';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../personal-data/personal-data-gate.js';
import { Roles } from '../auth/roles.decorator.js';
import { ReadCtx, type ReadContext } from '../http/request-context.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { ValidationError } from '../shared/errors.js';
import { auditTrailCsv } from './audit-trail.csv.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { AuditTrailQueryDto, periodCondition } from './audit.dtos.js';

/** An export larger than this must be narrowed by a filter (period, person, actor). */
const MAX_EXPORT_ROWS = 100_000;

export type TrailAnswer = { entries: AuditEntry[]; nextCursor?: string };

export class ReadAuditTrailQuery extends PersonalDataQuery<TrailAnswer> {
  constructor(
    reader: ReadContext,
    readonly query: AuditTrailQueryDto,
  ) {
    super(reader);
  }
}

/**
 * The data-protection audit trail for the DPO (Art. 5(2) DSGVO): every event about personal data, in log
 * order. Pseudonymous; the DPO's own look at it is logged like every read, with each person it names.
 */
@QueryHandler(ReadAuditTrailQuery)
export class ReadAuditTrailHandler extends GuardedQueryHandler<ReadAuditTrailQuery, TrailAnswer> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly current: ReadModelsCurrent,
  ) {
    super(gate);
  }

  protected read({ query }: ReadAuditTrailQuery): GuardedRead<TrailAnswer> {
    return {
      scope: {
        kind: 'pseudonymous',
        personsOf: (answer) =>
          (answer as TrailAnswer).entries.map((e) => e.personId).filter((id): id is string => id !== null),
      },
      roles: ['dpo'],
      categories: ['audit-trail'],
      load: async () => {
        const filter = trailFilter(query);
        await this.current.await();
        if (query.format === 'csv') return { entries: await this.everything(filter) };
        const page = await this.readStore.find<AuditEntry>(AUDIT_TRAIL, {
          filter,
          sort: { field: 'seq', direction: 'asc' },
          limit: Number(query.limit ?? 100),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return { entries: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      },
    };
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
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/trail')
export class AuditTrailController {
  constructor(private readonly queries: QueryBus) {}

  @ApiDoc({ de: 'Protokoll durchsuchen', en: 'Search the audit trail', ok: 'AuditTrailPage' })
  @Get()
  @Roles('dpo')
  @ApiProduces('application/json', 'text/csv')
  trail(
    @Query() query: AuditTrailQueryDto,
    @ReadCtx() reader: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(query, reader, reply);
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
    @ReadCtx() reader: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(body, reader, reply);
  }

  private async answer(query: AuditTrailQueryDto, reader: ReadContext, reply: FastifyReply) {
    const { entries, nextCursor } = await this.queries.execute(new ReadAuditTrailQuery(reader, query));
    if (query.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="protokoll-datenschutz-${reader.at.slice(0, 10)}.csv"`);
      return auditTrailCsv(entries as AuditEntry[], query.separator ?? ';');
    }
    return { items: entries, ...(nextCursor ? { nextCursor } : {}) };
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
