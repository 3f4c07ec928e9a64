import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * The read-model documents behind the committee report (Sozialausschuss). They are small fact documents
 * with indexed dates, so a report for any period — quarter, year or from/to — is a handful of range
 * queries over documents, never a scan of events. None of them holds personal data: no names, no person
 * ids, no staff ids; only the statistical residue (municipality, year of birth band, nationality group)
 * and dates of the process. That residue is what keeps published figures stable after an erasure.
 */
export const COMMITTEE_COLLECTIONS = {
  residue: 'committee_residue',
  cases: 'committee_cases',
  actions: 'committee_actions',
  caseloadStaff: 'committee_caseload_staff',
  caseloadDays: 'committee_caseload_days',
  consents: 'committee_consents',
  transfers: 'committee_transfers',
  goals: 'committee_goals',
  contacts: 'committee_contacts',
  caseWork: 'committee_case_work',
  staff: 'committee_staff',
  referrals: 'committee_referrals',
} as const;

/** `activeUntil` of a case that is still open: sorts after every real date. */
export const STILL_OPEN = '9999-12-31';

/** Per person, only until the case copies it: deleted on erasure, the case documents keep their copy. */
export interface ResidueDoc {
  [key: string]: unknown;
  birthYearBand: string;
  nationalityGroup: string;
}

export interface CaseFactDoc {
  [key: string]: unknown;
  caseId: string;
  municipality: string;
  birthYearBand: string;
  nationalityGroup: string;
  openedOn: string;
  /** Periods in which the case was open; `to` null while open. Reopening adds one. */
  intervals: { from: string; to: string | null }[];
  activeUntil: string;
  closures: { on: string; reason: string }[];
  firstCounsellingOn?: string;
  daysToFirstCounselling?: number;
  /** Last applied revision of the case stream: a replayed event changes nothing. */
  revision: number;
}

export type ActionFactKind = 'achievement' | 'naturalisation-referral';

export interface ActionFactDoc {
  [key: string]: unknown;
  actionId: string;
  kind: ActionFactKind;
  on: string;
  municipality: string;
  achievementKind?: string;
}

export interface CaseloadStaffDoc {
  [key: string]: unknown;
  staffKey: string;
  caseIds: string[];
  limit: number;
  revision: number;
}

/** Active cases of one case manager on one day: at the end of the day and the peak during it. */
export interface CaseloadDayDoc {
  [key: string]: unknown;
  staffKey: string;
  day: string;
  endCount: number;
  peak: number;
}

export interface ConsentFactDoc {
  [key: string]: unknown;
  consentId: string;
  outcome: 'granted' | 'refused';
  recordedOn: string;
  validUntil?: string;
  withdrawnOn?: string;
}

export interface TransferFactDoc {
  [key: string]: unknown;
  transferId: string;
  outcome: 'transferred' | 'refused';
  on: string;
  toAgency: string;
  legalBasis: string;
  /** Reason codes without their detail (`consent-missing-category:health` → `consent-missing-category`). */
  reasons: string[];
}

/**
 * One goal of an Integrationsplan: its field of action, when it was first agreed (a plan update that
 * repeats the goal does not set it again) and its reviews on the attainment scale.
 */
export interface GoalFactDoc {
  [key: string]: unknown;
  goalId: string;
  caseId: string;
  fieldOfAction: string;
  setOn: string;
  reviews: { on: string; attainment: string; final: boolean }[];
  /** First and last review date, for range queries ('' before any review). */
  firstReviewedOn: string;
  lastReviewedOn: string;
}

export interface ContactFactDoc {
  [key: string]: unknown;
  contactId: string;
  on: string;
  channel: string;
  interpreter: boolean;
  durationMinutes: number;
  /** The case manager who recorded it, as a pseudonym (staffKey): the provider figures need it. */
  staffKey: string;
}

/**
 * Waiting and holding of one case: each stay on the waiting list (from the opening or a reopening to the
 * assignment, or to a closure while waiting) and who held the case since when (staff pseudonyms).
 */
export interface CaseWorkDoc {
  [key: string]: unknown;
  caseId: string;
  waits: { since: string; until: string | null; assigned: boolean; days?: number }[];
  holders: { staffKey: string; from: string }[];
  /** First day on the waiting list, and the last day of the last stay (STILL_OPEN while waiting). */
  waitingFrom: string;
  waitingUntil: string;
  revision: number;
}

/** A staff member as the committee figures need it: pseudonym, provider, FTE, Baustein, active dates. */
export interface StaffFactDoc {
  [key: string]: unknown;
  staffKey: string;
  provider: string;
  fte: number;
  baustein: number;
  activeFrom?: string;
  activeUntil?: string;
}

/** A referral (Verweisung) to an agency and the agency's feedback, dated. */
export interface ReferralFactDoc {
  [key: string]: unknown;
  referralId: string;
  agency: string;
  madeOn: string;
  feedback: { on: string; outcome: string }[];
  /** Date of the last feedback ('' without any), for range queries. */
  lastFeedbackOn: string;
}

const berlinDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Germany: a counselling at 00:30 local time belongs to that day, not to UTC's. */
export function germanDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso.slice(0, 10) : berlinDate.format(parsed);
}

/** The business date of an event: the action's own date, otherwise when it happened in the world. */
export function businessDate(event: Pick<RecordedEvent, 'type' | 'metadata'> & { data: object }): string {
  if (event.type === 'CaseActionRecorded' && 'actionDate' in event.data && typeof event.data.actionDate === 'string') {
    return germanDate(event.data.actionDate);
  }
  return germanDate(event.metadata.occurredAt);
}

/**
 * A staff pseudonym for the caseload documents: the committee collections never hold a caseworker id,
 * so even a read of the raw read model cannot show one person's caseload by name.
 */
export function staffKey(caseworkerId: string): string {
  return createHash('sha256').update(`kim-committee-caseload\u0000${caseworkerId}`).digest('hex').slice(0, 20);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
