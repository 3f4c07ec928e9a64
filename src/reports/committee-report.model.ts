import type {
  DisclosureStatement,
  PublishedFigure,
  PublishedPeriod,
  PublishedTable,
  PublishedValue,
} from './report.model.js';

/** The committee report (Bericht für den Sozialausschuss) as published. */
export interface CaseloadFigures {
  /** Case managers who held at least one case in the period (not named, never listed one by one). */
  caseManagers: number;
  limit: number;
  /** Active cases at the end of the period (published, protected) per case manager. */
  averageAtEnd: number | null;
  /** Highest number of active cases any case manager held on any day of the period. */
  maximumInPeriod: number | null;
  averageUtilisation: number | null;
  maximumUtilisation: number | null;
}

export interface PublishedFinding {
  code: string;
  topic: { code: string; label: string };
  title: string;
  description: string;
  agencies: { code: string; label: string }[];
  municipalities: string[];
  caseCount: PublishedValue;
  recordedOn: string;
}

export interface TrendPoint {
  code: string;
  label: string;
  /** False for a quarter still under way: it covers its completed months only. */
  complete: boolean;
  opened: PublishedValue;
  active: PublishedValue;
  closed: PublishedValue;
}

/** A figure the committee should see but whose data are not recorded yet (round two). */
export interface NotRecordedFigure {
  code: string;
  title: string;
  value: 'nicht erfasst';
  needs: string;
}

export interface CommitteeSection {
  code: string;
  title: string;
  tables: PublishedTable[];
  figures: PublishedFigure[];
  notRecorded: NotRecordedFigure[];
}

export interface CommitteeReport {
  title: string;
  period: PublishedPeriod;
  generatedAt: string;
  headline: PublishedFigure[];
  sections: CommitteeSection[];
  caseload: CaseloadFigures;
  firstCounselling: { cases: PublishedValue; medianDays: number | null };
  trend: TrendPoint[];
  findings: PublishedFinding[];
  disclosure: DisclosureStatement;
  notes: string[];
}
