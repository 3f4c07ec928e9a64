import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FINDINGS, type FindingDoc } from '../../projections/findings.projection.js';
import type { CommandEnvelope } from '../event-sourcing/event-codec.js';
import { Roles } from '../auth/roles.decorator.js';
import { Envelope, User, type RequestUser } from '../http/request-context.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { readAll } from '../reports/read-all.js';
import { protectCount, published } from '../reports/suppression.js';
import { FindingsQueryDto, RecordFindingDto } from './finding.dtos.js';
import { FindingsService } from './findings.service.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

/** Structural findings ('generative Themen') for the steering group: anonymous by construction. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @ApiDoc({ de: 'Befund erfassen', en: 'Record a finding', status: 201, ok: 'FindingCreated', errors: [422] })
  @Post()
  @Roles('caseworker', 'team_lead')
  async record(@Body() body: RecordFindingDto, @Envelope() envelope: CommandEnvelope) {
    const { findingId } = await this.findings.record(envelope, {
      topic: body.topic,
      title: body.title,
      description: body.description,
      agencies: body.agencies,
      municipalities: body.municipalities,
      caseCount: body.caseCount,
    });
    return { findingId };
  }

  @ApiDoc({ de: 'Befunde auflisten', en: 'List findings', ok: 'Findings' })
  @Get()
  @Roles('caseworker', 'team_lead', 'committee')
  async list(@Query() query: FindingsQueryDto, @User() user: RequestUser) {
    const filter: Filter = {};
    if (query.from || query.to) {
      filter.recordedOn = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) };
    }
    if (query.topic) filter.topic = query.topic;
    const docs = await readAll<FindingDoc>(this.readStore, FINDINGS, filter);
    // The committee sees published figures only: a case count of 1 to 4 becomes `<5` (rule 6).
    const items = docs
      .sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))
      .map((d) => (user.role === 'committee' ? { ...d, caseCount: published(protectCount(d.caseCount)) } : d));
    return { items };
  }
}
