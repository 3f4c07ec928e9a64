import type { CaseFactDoc } from './committee-documents.js';
import type { ReportPeriod } from './report-period.js';

/** Figures about cases for one period, computed from the case fact documents. */
export const wasActiveIn = (doc: CaseFactDoc, from: string, to: string) =>
  doc.intervals.some((i) => i.from <= to && (i.to === null || i.to >= from));

export const wasActiveOn = (doc: CaseFactDoc, day: string) => wasActiveIn(doc, day, day);

export const openedIn = (doc: CaseFactDoc, p: Pick<ReportPeriod, 'from' | 'to'>) =>
  doc.openedOn >= p.from && doc.openedOn <= p.to;

export const closuresIn = (doc: CaseFactDoc, p: Pick<ReportPeriod, 'from' | 'to'>) =>
  doc.closures.filter((c) => c.on >= p.from && c.on <= p.to);

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The median of whole days; the mean of the two middle values for an even count. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
