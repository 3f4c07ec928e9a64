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
