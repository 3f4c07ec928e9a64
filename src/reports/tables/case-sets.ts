import type { CaseFactDoc } from '../committee-documents.js';

/** A span of whole days, both ends inclusive (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

export const wasActiveIn = (doc: CaseFactDoc, from: string, to: string) =>
  doc.intervals.some((i) => i.from <= to && (i.to === null || i.to >= from));

export const wasActiveOn = (doc: CaseFactDoc, day: string) => wasActiveIn(doc, day, day);

export const openedIn = (doc: CaseFactDoc, r: DayRange) => doc.openedOn >= r.from && doc.openedOn <= r.to;

export interface Closure {
  doc: CaseFactDoc;
  on: string;
  reason: string;
}

/** The cases of one period, each list computed once and shared by every table that counts them. */
export interface CaseSets {
  range: DayRange;
  /** Open on at least one day of the period. */
  active: CaseFactDoc[];
  opened: CaseFactDoc[];
  activeAtEnd: CaseFactDoc[];
  /** A case closed twice in the period (after a reopening) has two closures. */
  closures: Closure[];
}

export function caseSets(cases: readonly CaseFactDoc[], range: DayRange): CaseSets {
  const active: CaseFactDoc[] = [];
  const opened: CaseFactDoc[] = [];
  const activeAtEnd: CaseFactDoc[] = [];
  const closures: Closure[] = [];
  for (const doc of cases) {
    if (!wasActiveIn(doc, range.from, range.to)) continue;
    active.push(doc);
    if (openedIn(doc, range)) opened.push(doc);
    if (wasActiveOn(doc, range.to)) activeAtEnd.push(doc);
    for (const c of doc.closures) if (c.on >= range.from && c.on <= range.to) closures.push({ doc, ...c });
  }
  return { range, active, opened, activeAtEnd, closures };
}

/** The median of whole days; the mean of the two middle values for an even count. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
