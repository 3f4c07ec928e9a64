import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ANOMALY_FACTS, type AnomalyFact } from '../../projections/anomalies.projection.js';
import { ACCESS_LOG, type AccessLog } from '../access/access-log.js';
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
}

/** Suspicious accesses for the DPO, each with the event behind it, newest first per kind. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/anomalies')
export class AnomaliesController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
    @Inject(ANOMALY_SETTINGS) private readonly settings: AnomalySettings,
    private readonly current: ReadModelsCurrent,
  ) {}

  @ApiDoc({ de: 'Auffälligkeiten', en: 'Access anomalies', ok: 'Anomalies' })
  @Get()
  @Roles('dpo')
  async anomalies(@Query() query: AnomaliesQueryDto, @ReadCtx() read: ReadContext) {
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
    anomalies.sort((a, b) =>
      BigInt(b.position) > BigInt(a.position)
        ? 1
        : BigInt(b.position) < BigInt(a.position)
          ? -1
          : a.kind.localeCompare(b.kind),
    );
    // The view names persons (pseudonymously): the DPO's look at it is logged like any other read.
    await this.accessLog.recordAccess({
      ...read,
      personIds: anomalies.flatMap((a) => a.personIds),
      dataCategories: ['audit-trail'],
    });
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
