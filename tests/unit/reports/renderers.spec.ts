import type { CommitteeReport } from '../../../src/reports/committee-report.model.js';
import { renderCsv } from '../../../src/reports/render-csv.js';
import { renderHtml } from '../../../src/reports/render-html.js';
import { renderJson } from '../../../src/reports/render-json.js';
import { projectAll } from './support/committee-events.js';
import { countyScenario } from './support/county-scenario.js';
import { committeeReport } from './support/report-harness.js';

let report: CommitteeReport;
beforeAll(async () => {
  report = await committeeReport(await projectAll(countyScenario()), '2026-Q3');
});

/** Every code the JSON carries beside a label (rows, columns, agencies, topics) that is not itself German text. */
function codesOf(r: CommitteeReport): string[] {
  const codes = new Set<string>();
  JSON.stringify(r, (_key, value: unknown) => {
    if (value && typeof value === 'object' && 'code' in value && 'label' in value) {
      const { code, label } = value as { code: string; label: string };
      if (code !== label) codes.add(code);
    }
    return value;
  });
  return [...codes].filter((c) => /[a-z]-[a-z]|^[A-Z_]{4,}$|^[a-z]+$/.test(c) && !/^\d/.test(c));
}

const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');

describe('committee report renderers', () => {
  describe('as CSV for Excel', () => {
    const csv = () => renderCsv(report);

    it('starts with a UTF-8 BOM and German headers, separates with semicolons and keeps umlauts', () => {
      expect(csv().charCodeAt(0)).toBe(0xfeff);
      expect(csv().split('\r\n')[0]).toBe('\uFEFFAbschnitt;Tabelle;Zeile;Spalte;Wert');
      expect(csv()).toContain(';Fälle nach Kommune;Wülfrath;');
      expect(
        csv()
          .split('\r\n')
          .filter(Boolean)
          .every((line) => line.replace(/"[^"]*"/g, '').split(';').length === 5),
      ).toBe(true);
    });

    it('writes decimals with a comma and dates as TT.MM.JJJJ', () => {
      const withDecimal = renderCsv({ ...report, caseload: { ...report.caseload, averageAtEnd: 12.5 } });
      expect(withDecimal).toContain('Aktive Fälle am Ende je Fallmanager/in;;12,5');
      expect(csv()).toContain('01.07.2026 bis 30.09.2026');
      expect(csv()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    });

    it('quotes a field holding the separator', () => {
      expect(renderCsv({ ...report, period: { ...report.period, label: 'a;b' } })).toContain('"a;b"');
    });

    it('defuses a text cell that would start a formula, also after blanks (issue 13)', () => {
      const label = '  =HYPERLINK("http://evil.example","Q3")';
      const csv = renderCsv({ ...report, period: { ...report.period, label } });
      const row = csv.split('\r\n').find((line) => line.startsWith('Bericht;Zeitraum'))!;
      expect(row.split(';')[2]).toMatch(/^"' {2}=HYPERLINK/);
      expect(csv).not.toMatch(/(^|;)"?\s*=/m);
    });
  });

  describe('in German throughout', () => {
    it('shows labels, never codes, in CSV and HTML — legacy agencies as not specified', () => {
      const codes = codesOf(report);
      expect(codes).toEqual(expect.arrayContaining(['SOZIALAMT', 'WOHLFAHRTSVERBAND', 'goals-achieved', 'consent']));
      const csv = renderCsv(report);
      const html = visibleText(renderHtml(report));
      for (const code of codes) {
        const word = new RegExp(`(^|[^\\p{L}-])${code.replace(/[.*+?^${}()|[\]\\§]/g, '\\$&')}($|[^\\p{L}-])`, 'u');
        expect({ code, csv: word.test(csv), html: word.test(html) }).toEqual({ code, csv: false, html: false });
      }
      expect(csv).toContain('Wohlfahrtsverband, nicht näher bezeichnet');
      expect(html).toContain('Sozialamt, nicht näher bezeichnet');
    });

    it('puts the label beside the code in JSON', () => {
      const json = JSON.parse(renderJson(report)) as CommitteeReport;
      const t = json.sections[0]!.tables[0]!;
      expect(t.rows[0]).toEqual(expect.objectContaining({ code: expect.any(String), label: expect.any(String) }));
      expect(t.columns).toEqual([
        { code: 'opened', label: 'Neu aufgenommen' },
        { code: 'active', label: 'Im Zeitraum betreut' },
        { code: 'closed', label: 'Abgeschlossen' },
      ]);
    });
  });

  describe('as JSON', () => {
    it('publishes only counts of 0 or at least 5, or the symbols <5 and x', () => {
      const json = JSON.parse(renderJson(report)) as CommitteeReport;
      // Shares, FTE and cases per FTE are no counts: columns marked `derived`, tables measured in FTE.
      const tables = json.sections.flatMap((s) => s.tables).filter((t) => t.measure === undefined);
      const values = tables.flatMap((t) =>
        [...t.rows.map((r) => r.values), t.totals ?? []].flatMap((line) =>
          line.filter((_, j) => !t.columns[j]?.derived),
        ),
      );
      expect(values.length).toBeGreaterThan(20);
      for (const v of values)
        expect(v === '<5' || v === 'x' || v === 0 || (typeof v === 'number' && v >= 5)).toBe(true);
      expect(renderJson(report)).toContain('"<5"');
    });

    it('states the disclosure control and its parameters', () => {
      expect(report.disclosure).toEqual(expect.objectContaining({ maxDeviation: 4, variance: 2, smallCells: '<5' }));
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
      expect(html).toContain('2. Fälle nach Kommune');
      expect(html).toContain('Cell-Key-Methode');
      expect(html).not.toMatch(/<script/i);
    });

    it('writes numbers and dates the German way', () => {
      const html = renderHtml({ ...report, caseload: { ...report.caseload, averageAtEnd: 1234.5 } });
      expect(html).toContain('1.234,5');
      expect(visibleText(html)).toContain('01.07.2026 bis 30.09.2026');
    });

    it('escapes text from findings', () => {
      const html = renderHtml({ ...report, findings: [{ ...report.findings[0]!, title: '<b>Wartezeit</b> & mehr' }] });
      expect(html).toContain('&lt;b&gt;Wartezeit&lt;/b&gt; &amp; mehr');
    });
  });
});
