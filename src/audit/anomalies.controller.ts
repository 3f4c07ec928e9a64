import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ANOMALY_FACTS, type AnomalyFact } from '../../projections/anomalies.projection.js';
import { ANOMALY_REVIEWS, type AnomalyReviewDoc } from '../../projections/dpo-registers.projection.js';
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
import { ANOMALIES_KINDS_DESCRIPTION, anomalyFilters } from './anomaly-filters.js';
import { ANOMALY_SETTINGS, formatMinutes, type AnomalySettings } from './anomaly-settings.js';
import { ReadModelsCurrent } from './read-models-current.js';
import { ANOMALY_KINDS, AnomaliesQueryDto, periodCondition, type AnomalyKind } from './audit.dtos.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

export interface Anomaly {
  kind: AnomalyKind;
  description: string;
  eventId: string;
  eventType: string;
  position: string;
  at: string;
  actor: { sub: string; role: string; agency: string };
  personIds: string[];
  details: Record<string, unknown>;
  /** The DPO's review with its note, and the breach it led to, if any. */
  review?: { note: string; reviewedBy: string; reviewedAt: string; breachId?: string };
}

export interface AnomaliesView {
  settings: Record<string, unknown>;
  counts: Partial<Record<AnomalyKind, number>>;
  anomalies: Anomaly[];
}

export class ReadAnomaliesQuery extends PersonalDataQuery<AnomaliesView> {
  constructor(
    reader: ReadContext,
    readonly query: AnomaliesQueryDto,
  ) {
    super(reader);
  }
}

/** Suspicious accesses, each with the event behind it, newest first per kind; the persons named are logged. */
@QueryHandler(ReadAnomaliesQuery)
export class ReadAnomaliesHandler extends GuardedQueryHandler<ReadAnomaliesQuery, AnomaliesView> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ANOMALY_SETTINGS) private readonly settings: AnomalySettings,
    private readonly current: ReadModelsCurrent,
  ) {
    super(gate);
  }

  protected read({ query }: ReadAnomaliesQuery): GuardedRead<AnomaliesView> {
    return {
      scope: {
        kind: 'pseudonymous',
        personsOf: (view) => (view as AnomaliesView).anomalies.flatMap((a) => a.personIds),
      },
      roles: ['dpo'],
      categories: ['audit-trail'],
      load: async () => {
        await this.current.await();
        const limit = Number(query.limit ?? 200);
        const period = periodCondition(query.from, query.to);
        const kinds = query.kind ? [query.kind] : [...ANOMALY_KINDS];
        const anomalies: Anomaly[] = [];
        const counts: Partial<Record<AnomalyKind, number>> = {};
        for (const kind of kinds) {
          const found = new Map<string, AnomalyFact>();
          let total = 0;
          for (const base of anomalyFilters(kind, this.settings)) {
            const filter: Filter = period ? { ...base, at: period } : base;
            total += await this.readStore.count(ANOMALY_FACTS, filter);
            const page = await this.readStore.find<AnomalyFact>(ANOMALY_FACTS, {
              filter,
              sort: { field: 'seq', direction: 'desc' },
              limit,
            });
            page.items.forEach((f) => found.set(f.factId, f));
          }
          counts[kind] = total;
          const newest = [...found.values()].sort((a, b) => b.seq.localeCompare(a.seq)).slice(0, limit);
          anomalies.push(...newest.map((f) => toAnomaly(kind, f)));
        }
        const reviews = await this.readStore.getMany<AnomalyReviewDoc>(
          ANOMALY_REVIEWS,
          anomalies.map((a) => a.eventId),
        );
        for (const a of anomalies) {
          const r = reviews.get(a.eventId);
          if (r)
            a.review = {
              note: r.note,
              reviewedBy: r.reviewedBy,
              reviewedAt: r.reviewedAt,
              ...(r.breachId ? { breachId: r.breachId } : {}),
            };
        }
        if (query.reviewed !== undefined) {
          const wanted = query.reviewed === 'true';
          anomalies.splice(0, anomalies.length, ...anomalies.filter((a) => (a.review !== undefined) === wanted));
        }
        anomalies.sort((a, b) =>
          BigInt(b.position) > BigInt(a.position)
            ? 1
            : BigInt(b.position) < BigInt(a.position)
              ? -1
              : a.kind.localeCompare(b.kind),
        );
        return {
          settings: {
            timeZone: 'Europe/Berlin',
            officeDays: this.settings.officeDays,
            officeHours: `${formatMinutes(this.settings.officeStart)}-${formatMinutes(this.settings.officeEnd)}`,
            bulkReadThreshold: this.settings.bulkReadThreshold,
          },
          counts,
          anomalies,
        };
      },
    };
  }
}

/** Suspicious accesses for the DPO (GET /audit/anomalies). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/anomalies')
export class AnomaliesController {
  constructor(private readonly queries: QueryBus) {}

  @ApiDoc({ de: 'Auffälligkeiten', en: 'Access anomalies', ok: 'Anomalies' })
  @Get()
  @Roles('dpo')
  anomalies(@Query() query: AnomaliesQueryDto, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new ReadAnomaliesQuery(reader, query));
  }
}

function toAnomaly(kind: AnomalyKind, f: AnomalyFact): Anomaly {
  return {
    kind,
    description: ANOMALIES_KINDS_DESCRIPTION[kind],
    eventId: f.eventId,
    eventType: f.eventType,
    position: f.position,
    at: f.at,
    actor: { sub: f.actorSub, role: f.actorRole, agency: f.actorAgency },
    personIds: kind === 'read-without-case' ? f.personsWithoutCase : f.personIds,
    details: f.details,
  };
}
