import type { PublishedValue } from './disclosure/suppression.js';
import type { PublishedPeriod } from './report-period.js';

/**
 * Reports as published: every count has passed the disclosure control (Cell Key Method, `<5`,
 * secondary suppression), so no renderer (JSON, CSV, HTML) ever sees a true count. Every code travels
 * with its German label.
 */
export interface Coded {
  code: string;
  label: string;
}

export interface PublishedRow extends Coded {
  values: PublishedValue[];
  total?: PublishedValue;
}

/** A column of a published table; `derived` marks values that are no counts (shares, FTE, cases per FTE). */
export interface PublishedColumn extends Coded {
  derived?: true;
}

export interface PublishedTable {
  /** Stable code of the table in the table registry (src/reports/tables/table-registry.ts). */
  code: string;
  title: string;
  /** Heading of the first column (what the rows are), e.g. "Kommune". */
  rowHeader: string;
  columns: PublishedColumn[];
  rows: PublishedRow[];
  /** Column totals (row "Insgesamt"), when published. */
  totals?: PublishedValue[];
  /** The grand total, when both row and column totals are published. */
  grandTotal?: PublishedValue;
  /** Label of the row-total column, when published. */
  rowTotalLabel?: string;
  /** What the values are when not counts of records: `fte`, full-time equivalents of staff. */
  measure?: 'fte';
  note?: string;
}

/** A single published count, e.g. a headline figure. */
export interface PublishedFigure extends Coded {
  value: PublishedValue;
}

/** How the figures were protected, stated in every report (JSON) and its legend (HTML, CSV). */
export interface DisclosureStatement {
  method: string;
  /** D: no published count differs from the true one by more than this. */
  maxDeviation: number;
  /** V: variance of the deviation for counts of at least D. */
  variance: number;
  smallCells: string;
  notes: string[];
}

export type { PublishedPeriod, PublishedValue };
