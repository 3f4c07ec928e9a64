import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCommitteeReport } from '../../../../src/reports/committee-report.builder.js';
import { parsePeriod } from '../../../../src/reports/report-period.js';
import { renderStateCsv } from '../../../../src/reports/state/render-state.js';
import { DEFAULT_STATE_FIELDS, loadStateFields } from '../../../../src/reports/state/state-fields.js';
import { buildStateReport } from '../../../../src/reports/state/state-report.builder.js';
import type { StateReport } from '../../../../src/reports/state/state-report.model.js';
import { REPORT_TABLES } from '../../../../src/reports/tables/index.js';
import { projectAll } from '../support/committee-events.js';
import { countyScenario } from '../support/county-scenario.js';
import { deps, headlineOf } from '../support/report-harness.js';

const TODAY = '2026-12-02T09:00:00Z';
let report: StateReport;
let docs: Awaited<ReturnType<typeof projectAll>>;
beforeAll(async () => {
  docs = await projectAll(countyScenario());
  report = await buildStateReport(deps(docs, TODAY), 2025, loadStateFields({}, REPORT_TABLES));
});

const field = (code: string) => report.fields.find((f) => f.code === code)!;

describe('state figures (Landesprogramm KIM)', () => {
  it('says plainly that the field list is our reading, not the official catalogue', () => {
    expect(report.fieldList.official).toBe(false);
    expect(report.fieldList.basis).toMatch(/NICHT der amtliche Feldkatalog/);
    expect(renderStateCsv(report)).toContain('NICHT der amtliche Feldkatalog');
  });

  it('reports every default field, the ones without recorded data as "nicht erfasst" and without a number', () => {
    expect(report.fields.map((f) => f.code)).toEqual(DEFAULT_STATE_FIELDS.map((f) => f.code));
    const missing = report.fields.filter((f) => f.status === 'nicht erfasst').map((f) => f.figure);
    expect(missing.sort()).toEqual(
      [
        'participants-by-gender',
        'participants-by-residence-status-group',
        'participants-by-legal-regime',
        'participants-by-access-route',
      ].sort(),
    );
    for (const f of report.fields.filter((x) => x.status === 'nicht erfasst')) {
      expect(f).not.toHaveProperty('value');
      expect(f).not.toHaveProperty('table');
    }
    expect(report.notRecorded).toHaveLength(4);
  });

  it('publishes a figure both reports show identically in both (same records, same protection)', async () => {
    const committee = await buildCommitteeReport(deps(docs, TODAY), parsePeriod('2025'));
    const participants = field('teilnehmende');
    expect(participants.status === 'erfasst' && 'value' in participants && participants.value).toBe(
      headlineOf(committee, 'cases-active'),
    );
  });

  it('gives age groups as five-year birth cohorts with the ages they span at the end of the year', () => {
    const ages = field('teilnehmende-altersgruppe');
    expect(ages.status).toBe('erfasst');
    const labels = 'table' in ages ? ages.table.rows.map((r) => r.label) : [];
    expect(labels).toContain('1990–1994 (31–35 Jahre)');
  });

  it('is a CSV a clerk opens in Excel: BOM, semicolons, German headers, "nicht erfasst" spelled out', () => {
    const csv = renderStateCsv(report);
    expect(csv.startsWith('\uFEFFFeld;Bezeichnung;Ausprägung;Spalte;Wert;Hinweis\r\n')).toBe(true);
    expect(csv).toContain(
      'teilnehmende-geschlecht;Teilnehmende nach Geschlecht;;;nicht erfasst;Noch nicht erfasst: Geschlecht',
    );
    expect(csv).toContain('Berichtsjahr;;;2025;');
  });

  it('covers the completed months of a year under way', async () => {
    const running = await buildStateReport(deps(docs, TODAY), 2026, loadStateFields({}, REPORT_TABLES));
    expect(running.period).toEqual(expect.objectContaining({ dataUntil: '2026-11-30', complete: false }));
    expect(renderStateCsv(running)).toContain('nur abgeschlossene Monate bis 30.11.2026');
  });

  describe('a field list from KIM_STATE_FIELDS_FILE', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kim-state-fields-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (content: unknown) => {
      const file = join(dir, `${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };

    it('replaces the default list', async () => {
      const file = write({
        basis: 'Feldliste des Landes, Stand 2026',
        fields: [
          { code: 'TN_GESAMT', label: 'Teilnehmende gesamt', figure: 'cases-active' },
          { code: 'TN_GESCHLECHT', label: 'Geschlecht', figure: 'participants-by-gender' },
        ],
      });
      const list = loadStateFields({ KIM_STATE_FIELDS_FILE: file }, REPORT_TABLES);
      const custom = await buildStateReport(deps(docs, TODAY), 2025, list);
      expect(custom.fields.map((f) => [f.code, f.status])).toEqual([
        ['TN_GESAMT', 'erfasst'],
        ['TN_GESCHLECHT', 'nicht erfasst'],
      ]);
      expect(custom.fieldList).toEqual({ source: file, basis: 'Feldliste des Landes, Stand 2026', official: false });
    });

    it('is refused with one line naming the problem', () => {
      const unknown = write({ fields: [{ code: 'X', label: 'X', figure: 'shoe-sizes' }] });
      expect(() => loadStateFields({ KIM_STATE_FIELDS_FILE: unknown }, REPORT_TABLES)).toThrow(
        /KIM_STATE_FIELDS_FILE: fields\[0\] "X" names unknown figure "shoe-sizes"/,
      );
      expect(() => loadStateFields({ KIM_STATE_FIELDS_FILE: write({ fields: [] }) }, REPORT_TABLES)).toThrow(
        /non-empty list "fields"/,
      );
    });
  });
});
