import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { CallTally } from './demo-api.js';

/**
 * What the demo wrote, counted from the event store itself rather than from the loader's intentions: the
 * figures on screen are the ones a committee report or an audit would find.
 */
export interface DemoCounts {
  persons: number;
  casesOpened: number;
  casesActive: number;
  casesClosed: number;
  reopenings: number;
  caseActions: number;
  baustein3: number;
  consentsGranted: number;
  consentsRefused: number;
  withdrawals: number;
  transfersAllowed: number;
  transfersRefused: number;
  acknowledgements: number;
  erasures: number;
  /** Erasures refused under a retention duty end in a restriction (Art. 18 DSGVO). */
  restrictions: number;
  accessEvents: number;
  /** Casework (issue 16): plans, goal reviews, contacts, documents, cases that waited for a case manager. */
  plans: number;
  goalReviews: number;
  goalsAttained: number;
  contacts: number;
  documents: number;
  casesWaited: number;
  eventsWritten: number;
  /** Highest number of slots any case manager held at any moment. */
  maxCaseload: number;
  caseworkers: number;
}

export interface DemoSummary extends DemoCounts {
  seed: number;
  scale: number;
  from: string;
  until: string;
  calls: CallTally;
  erasureRoute: boolean;
  erasuresSkipped: number;
  seconds: number;
}

export async function countEvents(store: EventStore, onEvent?: (event: RecordedEvent) => void): Promise<DemoCounts> {
  const types = new Map<string, number>();
  const slots = new Map<string, number>();
  let maxCaseload = 0;
  let baustein3 = 0;
  let goalsAttained = 0;
  let casesWaited = 0;
  let after: bigint | undefined;
  for (;;) {
    const batch = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: 5000 });
    if (batch.length === 0) break;
    for (const e of batch) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      onEvent?.(e);
      if (e.type === 'CaseloadSlotTaken' || e.type === 'CaseloadSlotReleased') {
        const cw = String(e.data.caseworkerId);
        const held = (slots.get(cw) ?? 0) + (e.type === 'CaseloadSlotTaken' ? 1 : -1);
        slots.set(cw, held);
        maxCaseload = Math.max(maxCaseload, held);
      }
      if (e.type === 'CaseActionRecorded' && e.data.actionType === 'special-integration-achievement') baustein3++;
      if (e.type === 'GoalReviewed' && e.data.final === true && e.data.attainment === 'attained') goalsAttained++;
      if (e.type === 'CaseAssigned' && typeof e.data.waitedDays === 'number' && e.data.waitedDays > 0) casesWaited++;
    }
    after = batch[batch.length - 1]!.position;
  }
  const n = (type: string) => types.get(type) ?? 0;
  return {
    persons: n('PersonRegistered'),
    casesOpened: n('CaseOpened'),
    casesActive: n('CaseOpened') + n('CaseReopened') - n('CaseClosed'),
    casesClosed: n('CaseClosed') - n('CaseReopened'),
    reopenings: n('CaseReopened'),
    caseActions: n('CaseActionRecorded'),
    baustein3,
    consentsGranted: n('ConsentGranted'),
    consentsRefused: n('ConsentRefused'),
    withdrawals: n('ConsentWithdrawn'),
    transfersAllowed: n('DataTransferred'),
    transfersRefused: n('TransferRefused'),
    acknowledgements: n('TransferAcknowledged'),
    erasures: n('PersonErased'),
    restrictions: n('PersonRestricted'),
    accessEvents: n('PersonalDataAccessed'),
    plans: n('IntegrationPlanAgreed'),
    goalReviews: n('GoalReviewed'),
    goalsAttained,
    contacts: n('ContactRecorded'),
    documents: n('DocumentStored'),
    casesWaited,
    eventsWritten: [...types.values()].reduce((a, b) => a + b, 0),
    maxCaseload,
    caseworkers: slots.size,
  };
}

/** The table printed at the end of `kim demo`. */
export function formatSummary(s: DemoSummary): string {
  const rows: [string, string | number][] = [
    ['history', `${s.from} … ${s.until} (seed ${s.seed}, scale ${s.scale})`],
    ['persons registered', s.persons],
    [
      'cases active / closed',
      `${s.casesActive} / ${s.casesClosed}  (opened ${s.casesOpened}, reopened ${s.reopenings})`,
    ],
    ['case managers, max caseload', `${s.caseworkers}, ${s.maxCaseload} (limit 80)`],
    ['case actions (Baustein 3)', `${s.caseActions} (${s.baustein3})`],
    ['plans, goal reviews (attained)', `${s.plans}, ${s.goalReviews} (${s.goalsAttained})`],
    ['contacts, documents', `${s.contacts}, ${s.documents}`],
    ['cases that waited for a case manager', s.casesWaited],
    ['consents granted / refused', `${s.consentsGranted} / ${s.consentsRefused}`],
    ['consents withdrawn', s.withdrawals],
    [
      'transfers allowed / refused',
      `${s.transfersAllowed} / ${s.transfersRefused}  (acknowledged ${s.acknowledgements})`,
    ],
    [
      'erasures, restrictions',
      s.erasureRoute
        ? `${s.erasures}, ${s.restrictions} (erasure refused under a retention duty)`
        : `${s.erasures} (no erasure route yet: ${s.erasuresSkipped} skipped)`,
    ],
    ['access log entries', s.accessEvents],
    ['events written', s.eventsWritten],
    [
      'HTTP calls',
      `${s.calls.calls}  ${Object.entries(s.calls.byStatus)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}`,
    ],
    ['unexpected answers, 5xx', `${s.calls.unexpected}, ${s.calls.serverErrors}`],
    ['time taken', `${s.seconds.toFixed(1)} s (${Math.round(s.eventsWritten / Math.max(s.seconds, 0.001))} events/s)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
