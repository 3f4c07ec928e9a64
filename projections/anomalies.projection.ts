import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { ProjectionContext, ProjectionDefinition } from './projection.js';

/**
 * Facts behind the DPO's anomaly view (product: reads without an assigned case, outside office hours,
 * bulk reads, statutory transfers, refused attempts). Reads are kept with their local weekday and minute
 * (Europe/Berlin), so office hours and the bulk threshold stay configuration applied when asked, and a
 * change of them needs no rebuild. Pseudonymous only: ids, roles, codes, counts.
 */
export type AnomalyFactKind = 'read' | 'statutory-transfer' | 'transfer-refused' | 'access-denied';

export interface AnomalyFact {
  [key: string]: unknown;
  factId: string;
  kind: AnomalyFactKind;
  eventId: string;
  eventType: string;
  position: string;
  /** Zero-padded position: sorts as text in every store. */
  seq: string;
  /** When it happened (the request's time), ISO-8601. */
  at: string;
  actorSub: string;
  actorRole: string;
  actorAgency: string;
  personIds: string[];
  personCount: number;
  /** Reads by a caseworker of persons with no case opened by or assigned to them at that moment. */
  withoutCase: boolean;
  personsWithoutCase: string[];
  /** 1 = Monday … 7 = Sunday, in Europe/Berlin. */
  localWeekday: number;
  /** Minutes after local midnight, in Europe/Berlin. */
  localMinute: number;
  details: Record<string, unknown>;
}

/** Who works on a person's cases: the caseworkers that opened or were assigned one. */
interface PersonCaseworkers {
  [key: string]: unknown;
  personId: string;
  caseworkers: string[];
}

export const ANOMALY_FACTS = 'anomaly_facts';
const CASEWORKERS = 'anomaly_person_caseworkers';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const BERLIN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function berlinClock(iso: string): { weekday: number; minute: number } {
  const parts = Object.fromEntries(BERLIN.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const putFact = (ctx: ProjectionContext, doc: AnomalyFact) => ctx.put(ANOMALY_FACTS, doc.factId, doc);

async function addCaseworker(ctx: ProjectionContext, personId: string, caseworker: string) {
  const doc = (await ctx.get<PersonCaseworkers>(CASEWORKERS, personId)) ?? { personId, caseworkers: [] };
  if (doc.caseworkers.includes(caseworker)) return;
  ctx.put(CASEWORKERS, personId, { personId, caseworkers: [...doc.caseworkers, caseworker] });
}

function fact(
  event: RecordedEvent,
  kind: AnomalyFactKind,
  personIds: string[],
  details: Record<string, unknown>,
): AnomalyFact {
  const m = event.metadata;
  const local = berlinClock(m.occurredAt);
  const seq = event.position.toString().padStart(20, '0');
  return {
    // One fact per event, keyed in log order: appended to the id index, not inserted at random places.
    factId: seq,
    kind,
    eventId: event.id,
    eventType: event.type,
    position: event.position.toString(),
    seq,
    at: m.occurredAt,
    actorSub: m.actor.sub,
    actorRole: m.actor.role,
    actorAgency: m.actor.agency,
    personIds,
    personCount: personIds.length,
    withoutCase: false,
    personsWithoutCase: [],
    localWeekday: local.weekday,
    localMinute: local.minute,
    details,
  };
}

export const anomaliesProjection: ProjectionDefinition = {
  name: 'anomalies',
  version: 2,
  collections: [
    {
      name: ANOMALY_FACTS,
      indexes: ['seq', 'kind', 'at', 'withoutCase', 'personCount', 'localWeekday', 'localMinute'],
    },
    { name: CASEWORKERS, indexes: [] },
  ],
  eventTypes: [
    'CaseOpened',
    'CaseAssigned',
    'PersonalDataAccessed',
    'DataTransferred',
    'TransferRefused',
    'AccessDenied',
  ],
  async apply(event, ctx) {
    const d = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'CaseOpened':
        return addCaseworker(ctx, String(d.personId), String(d.openedBy));
      case 'CaseAssigned':
        return addCaseworker(ctx, String(d.personId), String(d.caseworkerId));
      case 'PersonalDataAccessed': {
        const personIds = (d.personIds as string[]) ?? [];
        const doc = fact(event, 'read', personIds, {
          endpoint: d.endpoint,
          purpose: d.purpose,
          dataCategories: d.dataCategories,
        });
        if (event.metadata.actor.role === 'caseworker') {
          const sub = event.metadata.actor.sub;
          for (const personId of personIds) {
            const workers = await ctx.get<PersonCaseworkers>(CASEWORKERS, personId);
            if (!workers?.caseworkers.includes(sub)) doc.personsWithoutCase.push(personId);
          }
          doc.withoutCase = doc.personsWithoutCase.length > 0;
        }
        putFact(ctx, doc);
        return;
      }
      case 'DataTransferred':
        // Lawful, but a transfer without consent is shown to the DPO (§ 69, § 71 SGB X, § 87 AufenthG).
        if (d.legalBasis === 'consent') return;
        putFact(
          ctx,
          fact(event, 'statutory-transfer', [String(d.personId)], {
            transferId: d.transferId,
            toAgency: d.toAgency,
            legalBasis: d.legalBasis,
            dataCategories: d.dataCategories,
          }),
        );
        return;
      case 'TransferRefused': {
        const verdict = (d.verdict ?? {}) as { reasons?: string[] };
        putFact(
          ctx,
          fact(event, 'transfer-refused', [String(d.personId)], {
            transferId: d.transferId,
            toAgency: d.toAgency,
            legalBasis: d.legalBasis,
            reasons: verdict.reasons ?? [],
          }),
        );
        return;
      }
      case 'AccessDenied':
        putFact(
          ctx,
          fact(event, 'access-denied', (d.personIds as string[]) ?? [], {
            status: d.status,
            endpoint: d.endpoint,
            reason: d.reason,
          }),
        );
        return;
    }
  },
};
