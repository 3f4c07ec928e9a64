import { FINDINGS, type FindingDoc } from '../../../projections/findings.projection.js';
import type { ReadStore } from '../../read-store/read-store.port.js';
import {
  COMMITTEE_COLLECTIONS as C,
  type ActionFactDoc,
  type CaseFactDoc,
  type ConsentFactDoc,
  type TransferFactDoc,
} from '../committee-documents.js';
import { readAll } from '../read-all.js';
import type { DayRange } from './case-sets.js';

/**
 * The fact documents a report reads, fetched once: a handful of indexed range queries over the
 * committee read models (committee-documents.ts), never a scan of events. Round two adds the casework
 * facts (referrals, plans and goals, contacts, staff register) here and tables over them in the registry.
 */
export interface ReportFacts {
  /** The period the figures cover (up to its data cut). */
  range: DayRange;
  /** Cases open on at least one day of `caseRange` (which includes `range`). */
  cases: CaseFactDoc[];
  caseRange: DayRange;
  /** Cases whose first counselling lies in `range`. */
  firstCounselling: CaseFactDoc[];
  consents: { recorded: ConsentFactDoc[]; withdrawn: ConsentFactDoc[]; runningOut: ConsentFactDoc[] };
  transfers: TransferFactDoc[];
  actions: ActionFactDoc[];
  findings: FindingDoc[];
}

export async function loadReportFacts(
  store: ReadStore,
  range: DayRange,
  caseRange: DayRange = range,
): Promise<ReportFacts> {
  const within = { gte: range.from, lte: range.to };
  const [cases, counselledBefore, counselledAfter, recorded, withdrawn, runningOut, transfers, actions, findings] =
    await Promise.all([
      readAll<CaseFactDoc>(store, C.cases, { openedOn: { lte: caseRange.to }, activeUntil: { gte: caseRange.from } }),
      // Cases first counselled in the period are nearly all among those just read; only these few are not
      // (a counselling dated before the opening, or after the last closure), so the cases are read once.
      readAll<CaseFactDoc>(store, C.cases, { firstCounsellingOn: within, openedOn: { gt: caseRange.to } }),
      readAll<CaseFactDoc>(store, C.cases, { firstCounsellingOn: within, activeUntil: { lt: caseRange.from } }),
      readAll<ConsentFactDoc>(store, C.consents, { recordedOn: within }),
      readAll<ConsentFactDoc>(store, C.consents, { withdrawnOn: within }),
      readAll<ConsentFactDoc>(store, C.consents, { validUntil: within, outcome: 'granted' }),
      readAll<TransferFactDoc>(store, C.transfers, { on: within }),
      readAll<ActionFactDoc>(store, C.actions, { on: within }),
      readAll<FindingDoc>(store, FINDINGS, { recordedOn: within }),
    ]);
  const counselled = (c: CaseFactDoc) =>
    c.firstCounsellingOn !== undefined && c.firstCounsellingOn >= range.from && c.firstCounsellingOn <= range.to;
  return {
    range,
    cases,
    caseRange,
    firstCounselling: [...cases.filter(counselled), ...counselledBefore, ...counselledAfter],
    consents: { recorded, withdrawn, runningOut },
    transfers,
    actions,
    findings,
  };
}
