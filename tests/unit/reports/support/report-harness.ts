import { DEFAULT_CATALOGUE } from '../../../../src/config/catalogue.js';
import { buildCommitteeReport, type ReportDependencies } from '../../../../src/reports/committee-report.builder.js';
import type { CommitteeReport } from '../../../../src/reports/committee-report.model.js';
import { hmacRecordKeys } from '../../../../src/reports/disclosure/record-keys.js';
import type { PublishedTable } from '../../../../src/reports/report.model.js';
import { parsePeriod, publishable } from '../../../../src/reports/report-period.js';
import { caseSets } from '../../../../src/reports/tables/case-sets.js';
import { REPORT_TABLES } from '../../../../src/reports/tables/index.js';
import { loadReportFacts } from '../../../../src/reports/tables/report-facts.js';
import type { TableContext } from '../../../../src/reports/tables/table-registry.js';
import { fixedClock } from '../../../../src/shared/clock.js';
import type { Documents } from '../../../support/projection-harness.js';
import { ev, projectAll } from './committee-events.js';
import { memoryReadStore } from './memory-read-store.js';

/** A fixed test secret: tests see the same noise every run. */
export const TEST_KEYS = hmacRecordKeys(Buffer.alloc(32, 1));
export const TODAY = '2026-10-05T08:00:00Z';

export type Built = ReturnType<typeof ev.caseOpened>;
export const times = (n: number, make: (i: number) => Built[]) => Array.from({ length: n }, (_, i) => make(i)).flat();

export const deps = (docs: Documents, today = TODAY, extra: Partial<ReportDependencies> = {}): ReportDependencies => ({
  readStore: memoryReadStore(docs),
  catalogue: DEFAULT_CATALOGUE,
  clock: fixedClock(today),
  recordKeys: TEST_KEYS,
  ...extra,
});

export async function committeeReport(
  events: Built[] | Documents,
  period = '2026-Q3',
  today = TODAY,
  extra: Partial<ReportDependencies> = {},
): Promise<CommitteeReport> {
  const docs = events instanceof Map ? events : await projectAll(events);
  return buildCommitteeReport(deps(docs, today, extra), parsePeriod(period));
}

/** The true counts of a registry table or figure for a period: what the protection starts from. */
export async function trueCounts(events: Built[] | Documents, code: string, period = '2026-Q3', today = TODAY) {
  const docs = events instanceof Map ? events : await projectAll(events);
  const p = publishable(parsePeriod(period), today.slice(0, 10));
  const range = { from: p.from, to: p.dataUntil };
  const facts = await loadReportFacts(memoryReadStore(docs), range);
  const ctx: TableContext = {
    facts,
    cases: caseSets(facts.cases, range),
    keys: TEST_KEYS,
    catalogue: DEFAULT_CATALOGUE,
  };
  const entry = REPORT_TABLES.get(code)!;
  if (entry.kind === 'figure') return { figure: entry.count(ctx).count };
  if (entry.kind !== 'table') throw new Error(`${code} is not computed`);
  const table = entry.count(ctx);
  return {
    rows: table.rows.map((r) => r.code),
    columns: table.columns.map((c) => c.code),
    counts: table.cells.map((row) => row.map((c) => c.count)),
  };
}

export const tableOf = (report: CommitteeReport, code: string): PublishedTable =>
  report.sections.flatMap((s) => s.tables).find((t) => t.code === code)!;
export const rowOf = (t: PublishedTable, code: string) => t.rows.find((r) => r.code === code);
export const headlineOf = (report: CommitteeReport, code: string) =>
  report.headline.find((h) => h.code === code)!.value;

/** Whether a published value can stand for a true count under the protection (±D, 0 exact, `<5`, `x`). */
export function admits(published: unknown, truth: number, noise = 4): boolean {
  if (published === 'x') return true;
  if (published === '<5') return truth >= 1 && truth <= 4 + noise;
  if (published === 0) return truth === 0;
  return typeof published === 'number' && truth >= 1 && Math.abs(published - truth) <= noise;
}
