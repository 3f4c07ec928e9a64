import { germanDate } from '../committee-documents.js';
import type { ReportDependencies } from '../committee-report.builder.js';
import { createProtection, disclosureStatement, publishFigure } from '../disclosure/protection.js';
import { memoisedForOneReport } from '../disclosure/record-keys.js';
import { publishable, yearPeriod } from '../report-period.js';
import { caseSets } from '../tables/case-sets.js';
import { REPORT_TABLES } from '../tables/index.js';
import { loadReportFacts } from '../tables/report-facts.js';
import { publishEntry, type TableContext } from '../tables/table-registry.js';
import type { StateFieldList } from './state-fields.js';
import type { StateFieldResult, StateReport } from './state-report.model.js';

/**
 * The state figures for a year, field by field from the configured list, under the same disclosure
 * control as the committee report (same record keys, same parameters: a figure both reports show is
 * published identically in both). A field without recorded data says so and shows no number.
 */
export async function buildStateReport(
  deps: ReportDependencies,
  year: number,
  fieldList: StateFieldList,
): Promise<StateReport> {
  const registry = deps.registry ?? REPORT_TABLES;
  const period = publishable(yearPeriod(year), germanDate(deps.clock.now().toISOString()));
  const range = { from: period.from, to: period.dataUntil };
  const facts = await loadReportFacts(deps.readStore, range);
  const protection = createProtection(deps.recordKeys, deps.observe);
  const ctx: TableContext = {
    facts,
    cases: caseSets(facts.cases, range),
    keys: memoisedForOneReport(deps.recordKeys),
    catalogue: deps.catalogue,
  };
  const fields = fieldList.fields.map((field): StateFieldResult => {
    const entry = registry.get(field.figure);
    const base = {
      code: field.code,
      label: field.label,
      figure: field.figure,
      ...(field.note ? { note: field.note } : {}),
    };
    switch (entry?.kind) {
      case 'figure':
        return { ...base, status: 'erfasst', value: publishFigure(protection, entry.count(ctx)) };
      case 'table':
      case 'computed':
        return { ...base, status: 'erfasst', table: publishEntry(entry, ctx, protection, field.label) };
      case 'not-recorded':
        return { ...base, status: 'nicht erfasst', needs: entry.needs };
      case undefined:
        return { ...base, status: 'nicht erfasst', needs: 'Kennzahl in dieser Version nicht vorhanden' };
    }
  });
  return {
    title: `Kommunales Integrationsmanagement – Kennzahlen für das Land, Berichtsjahr ${year}`,
    year,
    period,
    generatedAt: deps.clock.now().toISOString(),
    fieldList: { source: fieldList.source, basis: fieldList.basis, official: false },
    fields,
    notRecorded: fields.flatMap((f) =>
      f.status === 'nicht erfasst' ? [`${f.label}: nicht erfasst – ${f.needs}`] : [],
    ),
    disclosure: disclosureStatement(protection),
  };
}
