import { FINDINGS, type FindingDoc } from '../../../projections/findings.projection.js';
import type { ReadStore } from '../../read-store/read-store.port.js';
import {
  COMMITTEE_COLLECTIONS as C,
  type ActionFactDoc,
  type CaseFactDoc,
  type CaseWorkDoc,
  type ConsentFactDoc,
  type ContactFactDoc,
  type GoalFactDoc,
  type ReferralFactDoc,
  type StaffFactDoc,
  type TransferFactDoc,
} from '../committee-documents.js';
import { readAll } from '../read-all.js';
import { wasActiveIn, type DayRange } from './case-sets.js';

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
  casework: CaseworkFacts;
}

/** The casework facts of a period (committee-casework and committee-referrals projections). */
export interface CaseworkFacts {
  /** Goals first agreed in the period. */
  goalsSet: GoalFactDoc[];
  /** Goals with at least one review in the period. */
  goalsReviewed: GoalFactDoc[];
  contacts: ContactFactDoc[];
  /** Cases with a stay on the waiting list that overlaps the period. */
  waits: CaseWorkDoc[];
  /** Waiting and holders of the cases active in the period, by case id. */
  work: Map<string, CaseWorkDoc>;
  /** The staff register under pseudonyms. */
  staff: StaffFactDoc[];
  referralsMade: ReferralFactDoc[];
  /** Referrals with feedback in the period. */
  referralsAnswered: ReferralFactDoc[];
}

/** Ids per query for `getMany`: well below SQLite's limit on bound parameters. */
const CHUNK = 500;

async function caseWorkOf(store: ReadStore, caseIds: string[]): Promise<Map<string, CaseWorkDoc>> {
  const work = new Map<string, CaseWorkDoc>();
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const part = await store.getMany<CaseWorkDoc>(C.caseWork, caseIds.slice(i, i + CHUNK));
    for (const [id, doc] of part) work.set(id, doc);
  }
  return work;
}

async function loadCaseworkFacts(store: ReadStore, range: DayRange, cases: CaseFactDoc[]): Promise<CaseworkFacts> {
  const within = { gte: range.from, lte: range.to };
  const [goalsSet, goalsReviewed, contacts, waits, staff, referralsMade, answered, work] = await Promise.all([
    readAll<GoalFactDoc>(store, C.goals, { setOn: within }),
    readAll<GoalFactDoc>(store, C.goals, { lastReviewedOn: { gte: range.from }, firstReviewedOn: { lte: range.to } }),
    readAll<ContactFactDoc>(store, C.contacts, { on: within }),
    readAll<CaseWorkDoc>(store, C.caseWork, { waitingFrom: { lte: range.to }, waitingUntil: { gte: range.from } }),
    readAll<StaffFactDoc>(store, C.staff),
    readAll<ReferralFactDoc>(store, C.referrals, { madeOn: within }),
    readAll<ReferralFactDoc>(store, C.referrals, { lastFeedbackOn: { gte: range.from } }),
    caseWorkOf(
      store,
      cases.filter((c) => wasActiveIn(c, range.from, range.to)).map((c) => c.caseId),
    ),
  ]);
  return {
    goalsSet,
    goalsReviewed: goalsReviewed.filter((g) => g.reviews.some((r) => r.on >= range.from && r.on <= range.to)),
    contacts,
    waits,
    work,
    staff,
    referralsMade,
    referralsAnswered: answered.filter((r) => r.feedback.some((f) => f.on >= range.from && f.on <= range.to)),
  };
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
  const casework = await loadCaseworkFacts(store, range, cases);
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
    casework,
  };
}
