import type { PublishedValue } from './suppression.js';
import type { ReportPeriod } from './report-period.js';

/**
 * The committee report as published: every count already passed small-cell suppression, so no
 * renderer (JSON, CSV, HTML) can ever see a withheld value.
 */
export interface PublishedTable {
  /** Stable key of the table, used by the CSV. */
  key: string;
  title: string;
  columns: { key: string; label: string }[];
  rows: { key: string; label: string; values: PublishedValue[]; total?: PublishedValue }[];
  /** Column totals (row "Insgesamt"), when published. */
  totals?: PublishedValue[];
  /** The grand total, when both row and column totals are published. */
  grandTotal?: PublishedValue;
  /** Label of the row-total column, when published. */
  rowTotalLabel?: string;
  note?: string;
}

export interface CaseloadFigures {
  /** Case managers who held at least one case in the period (not named, never listed one by one). */
  caseManagers: number;
  limit: number;
  /** Average active cases per case manager at the end of the period. */
  averageAtEnd: number | null;
  /** Highest number of active cases any case manager held on any day of the period. */
  maximumInPeriod: number | null;
  averageUtilisation: number | null;
  maximumUtilisation: number | null;
}

export interface PublishedFinding {
  topic: string;
  topicLabel: string;
  title: string;
  description: string;
  agencies: string[];
  municipalities: string[];
  caseCount: PublishedValue;
  recordedOn: string;
}

export interface TrendPoint {
  key: string;
  label: string;
  opened: PublishedValue;
  active: PublishedValue;
  closed: PublishedValue;
}

export interface CommitteeReport {
  title: string;
  period: ReportPeriod;
  generatedAt: string;
  headline: {
    opened: PublishedValue;
    activeInPeriod: PublishedValue;
    activeAtEnd: PublishedValue;
    closed: PublishedValue;
  };
  byMunicipality: PublishedTable;
  closuresByReason: PublishedTable;
  newCasesByNationalityGroup: PublishedTable;
  newCasesByBirthDecade: PublishedTable;
  caseload: CaseloadFigures;
  consents: PublishedTable;
  transfers: PublishedTable;
  refusedTransfers: PublishedTable;
  achievements: PublishedTable;
  naturalisationReferrals: PublishedValue;
  firstCounselling: { cases: PublishedValue; medianDays: number | null };
  trend: TrendPoint[];
  findings: PublishedFinding[];
  notes: string[];
}
