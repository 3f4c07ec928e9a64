import type { CaseAssigned, CaseOpened } from '../src/case-management/case.events.js';
import type { DataTransferred, TransferRefused } from '../src/person-file/person-file.events.js';
import type { AccessEvent } from '../src/personal-data/access.events.js';
import type { ProjectionContext, ProjectionDefinition, Recorded } from './projection.js';

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
  /**
   * Reads by a caseworker of persons with no case of theirs at that moment: none assigned to them, nor
   * one they opened that nobody has been assigned to yet. A reassignment ends it (product rule 6).
   */
  withoutCase: boolean;
  personsWithoutCase: string[];
  /** 1 = Monday … 7 = Sunday, in Europe/Berlin. */
  localWeekday: number;
  /** Minutes after local midnight, in Europe/Berlin. */
  localMinute: number;
  details: Record<string, unknown>;
}

/** Who works on each of a person's cases now: the assignee, or the opener until someone is assigned. */
interface PersonCaseworkers {
  [key: string]: unknown;
  personId: string;
  /** caseId → caseworker. */
  cases: Record<string, string>;
  /** Zero-padded position of the last case event that changed it: events up to here are in already. */
  seq: string;
}

export const ANOMALY_FACTS = 'anomaly_facts';

/** Grounds of need to know that do not rest on a case, yet are the normal order of work. */
const LEGITIMATE_WITHOUT_CASE = new Set(['registered-no-case-assigned', 'duplicate-check']);
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

const seqOf = (event: { position: bigint }) => event.position.toString().padStart(20, '0');

const putFact = (ctx: ProjectionContext, doc: AnomalyFact) => ctx.put(ANOMALY_FACTS, doc.factId, doc);

async function setCaseworker(ctx: ProjectionContext, event: Recorded<CaseOpened | CaseAssigned>, caseworker: string) {
  const { personId, caseId } = event.data;
  const seq = seqOf(event);
  const doc = (await ctx.get<PersonCaseworkers>(CASEWORKERS, personId)) ?? { personId, cases: {}, seq: '' };
  // Replayed: a later state must not be rewound to an earlier one.
  if (doc.seq >= seq || doc.cases[caseId] === caseworker) return;
  ctx.put(CASEWORKERS, personId, { personId, cases: { ...doc.cases, [caseId]: caseworker }, seq });
}

type AnomalyEvent = CaseOpened | CaseAssigned | AccessEvent | DataTransferred | TransferRefused;

function fact(
  event: Recorded<AnomalyEvent>,
  kind: AnomalyFactKind,
  personIds: string[],
  details: Record<string, unknown>,
): AnomalyFact {
  const m = event.metadata;
  const local = berlinClock(m.occurredAt);
  const seq = seqOf(event);
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

export const anomaliesProjection: ProjectionDefinition<AnomalyEvent> = {
  name: 'anomalies',
  // 3: a reassignment ends the previous caseworker's case (the list used to only grow, issue 12).
  // 4: a read on the registrar's ground, or a duplicate check, is the normal order of work (issue 15).
  version: 4,
  collections: [
    {
      name: ANOMALY_FACTS,
      indexes: ['seq', 'kind', 'at', 'withoutCase', 'personCount', 'localWeekday', 'localMinute', 'eventId'],
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
    switch (event.type) {
      case 'CaseOpened':
        return setCaseworker(ctx, event, event.data.openedBy);
      case 'CaseAssigned':
        return setCaseworker(ctx, event, event.data.caseworkerId);
      case 'PersonalDataAccessed': {
        const d = event.data;
        const personIds = d.personIds ?? [];
        const doc = fact(event, 'read', personIds, {
          endpoint: d.endpoint,
          purpose: d.purpose,
          dataCategories: d.dataCategories,
        });
        if (event.metadata.actor.role === 'caseworker') {
          const sub = event.metadata.actor.sub;
          for (const personId of personIds) {
            // The registering caseworker keeps access until a case is assigned (rule 6): the gate named that
            // ground; reading then, or checking for a duplicate, is the normal order of work, not an anomaly.
            if (LEGITIMATE_WITHOUT_CASE.has(d.grounds?.[personId] ?? '')) continue;
            const workers = await ctx.get<PersonCaseworkers>(CASEWORKERS, personId);
            // A case event later than this read is in already: the read is a replay, and its fact, taken
            // at the moment of the read, stays as it was written.
            if (workers && workers.seq > doc.seq) return;
            if (!Object.values(workers?.cases ?? {}).includes(sub)) doc.personsWithoutCase.push(personId);
          }
          doc.withoutCase = doc.personsWithoutCase.length > 0;
        }
        putFact(ctx, doc);
        return;
      }
      case 'DataTransferred': {
        const d = event.data;
        // Lawful, but a transfer without consent is shown to the DPO (§ 69, § 71 SGB X, § 87 AufenthG).
        if (d.legalBasis === 'consent') return;
        putFact(
          ctx,
          fact(event, 'statutory-transfer', [d.personId], {
            transferId: d.transferId,
            toAgency: d.toAgency,
            legalBasis: d.legalBasis,
            dataCategories: d.dataCategories,
          }),
        );
        return;
      }
      case 'TransferRefused': {
        const d = event.data;
        putFact(
          ctx,
          fact(event, 'transfer-refused', [d.personId], {
            transferId: d.transferId,
            toAgency: d.toAgency,
            legalBasis: d.legalBasis,
            reasons: d.verdict?.reasons ?? [],
          }),
        );
        return;
      }
      case 'AccessDenied':
        putFact(
          ctx,
          fact(event, 'access-denied', event.data.personIds ?? [], {
            status: event.data.status,
            endpoint: event.data.endpoint,
            reason: event.data.reason,
          }),
        );
        return;
    }
  },
};
