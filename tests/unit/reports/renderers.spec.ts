import { DEFAULT_CATALOGUE } from '../../../src/config/catalogue.js';
import { buildCommitteeReport } from '../../../src/reports/committee-report.builder.js';
import type { CommitteeReport } from '../../../src/reports/committee-report.model.js';
import { renderCsv } from '../../../src/reports/render-csv.js';
import { renderHtml } from '../../../src/reports/render-html.js';
import { renderJson } from '../../../src/reports/render-json.js';
import { parsePeriod } from '../../../src/reports/report-period.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { projectAll } from './support/committee-events.js';
import { countyScenario } from './support/county-scenario.js';
import { memoryReadStore } from './support/memory-read-store.js';

let report: CommitteeReport;
beforeAll(async () => {
  const docs = await projectAll(countyScenario());
  report = await buildCommitteeReport(
    { readStore: memoryReadStore(docs), catalogue: DEFAULT_CATALOGUE, clock: fixedClock('2026-10-05T08:00:00Z') },
    parsePeriod('2026-Q3'),
  );
});

describe('committee report renderers', () => {
  describe('as CSV', () => {
    it('starts with a UTF-8 BOM, separates with semicolons and keeps umlauts', () => {
      const csv = renderCsv(report);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv.split('\r\n')[0]).toBe('\uFEFFAbschnitt;Zeile;Spalte;Wert');
      expect(csv).toContain('Fälle nach Kommune;Wülfrath;');
      expect(
        csv
          .split('\r\n')
          .filter(Boolean)
          .every((line) => line.split(';').length >= 4),
      ).toBe(true);
    });

    it('quotes a field holding the separator', () => {
      const csv = renderCsv({ ...report, period: { ...report.period, label: 'a;b' } });
      expect(csv).toContain('"a;b"');
    });

    it('defuses a text cell that would start a formula, also after blanks (issue 13)', () => {
      const label = '  =HYPERLINK("http://evil.example","Q3")';
      const csv = renderCsv({ ...report, period: { ...report.period, label } });
      const row = csv.split('\r\n').find((line) => line.startsWith('Bericht;Zeitraum'))!;
      expect(row.split(';').at(-1)).toMatch(/^"' {2}=HYPERLINK/);
      expect(csv).not.toMatch(/(^|;)"?\s*=/m);
    });
  });

  describe('as JSON and CSV', () => {
    it('publishes only values of 0 or at least 5, or the symbols <5 and x', () => {
      const numbers =
        JSON.stringify(report.byMunicipality) + JSON.stringify(report.transfers) + JSON.stringify(report.trend);
      const values = [...numbers.matchAll(/"(?:values|totals)":\[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(','));
      expect(values.length).toBeGreaterThan(20);
      for (const v of values) expect(v === '"<5"' || v === '"x"' || Number(v) === 0 || Number(v) >= 5).toBe(true);
      expect(renderJson(report)).toContain('"<5"');
    });
  });

  describe('as HTML', () => {
    it('is a German document with inline SVG charts and an A4 print stylesheet', () => {
      const html = renderHtml(report);
      expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="de">/);
      expect(html.match(/<figure class="chart" data-chart="(municipalities|trend|transfers)">/g)).toHaveLength(3);
      expect(html.match(/<svg /g)!.length).toBe(3);
      expect(html).toContain('@media print');
      expect(html).toMatch(/@page \{ size: A4/);
      expect(html).toContain('Fälle nach Kommune');
      expect(html).not.toMatch(/<script/i);
    });

    it('escapes text from findings', () => {
      const html = renderHtml({
        ...report,
        findings: [{ ...report.findings[0]!, title: '<b>Wartezeit</b> & mehr' }],
      });
      expect(html).toContain('&lt;b&gt;Wartezeit&lt;/b&gt; &amp; mehr');
    });
  });
});
