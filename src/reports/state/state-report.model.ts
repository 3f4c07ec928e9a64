import type { DisclosureStatement, PublishedPeriod, PublishedTable, PublishedValue } from '../report.model.js';

/** The state figures of one year (Landesprogramm KIM) as published. */
export type StateFieldResult =
  | { code: string; label: string; figure: string; status: 'erfasst'; value: PublishedValue; note?: string }
  | { code: string; label: string; figure: string; status: 'erfasst'; table: PublishedTable; note?: string }
  | { code: string; label: string; figure: string; status: 'nicht erfasst'; needs: string; note?: string };

export interface StateReport {
  title: string;
  year: number;
  period: PublishedPeriod;
  generatedAt: string;
  fieldList: { source: string; basis: string; official: false };
  fields: StateFieldResult[];
  /** Fields reported as "nicht erfasst", with what they need: said once more, plainly. */
  notRecorded: string[];
  disclosure: DisclosureStatement;
}
