import type { CommitteeReport } from './committee-report.model.js';
import type { PublishedTable, PublishedValue } from './report.model.js';
import { germanDay } from './report-period.js';
import { csvNumber, csvText } from '../shared/csv.js';

/**
 * CSV for spreadsheet users in German offices: UTF-8 with BOM (so Excel detects the encoding), `;` as
 * separator, decimal comma, German dates (TT.MM.JJJJ), CRLF line ends, German headers, one published
 * figure per line in long format.
 */
export const BOM = '\uFEFF';

/** Text defused against formulas (labels, finding titles typed by staff); numbers with a decimal comma. */
export function csvField(value: string | number): string {
  return typeof value === 'number' ? csvNumber(value, ';', true) : csvText(value, ';');
}

export const csvLine = (...values: (string | number)[]) => values.map(csvField).join(';');

export const csvDocument = (lines: string[]) => BOM + lines.join('\r\n') + '\r\n';

const shown = (v: PublishedValue | null) => (v === null ? '–' : v);

export function tableLines(table: PublishedTable, section: string): string[] {
  const lines: string[] = [];
  const line = (row: string, column: string, value: PublishedValue) =>
    lines.push(csvLine(section, table.title, row, column, value));
  for (const row of table.rows) {
    row.values.forEach((v, j) => line(row.label, table.columns[j]!.label, v));
    if (row.total !== undefined) line(row.label, table.rowTotalLabel ?? 'Insgesamt', row.total);
  }
  table.totals?.forEach((v, j) => line('Insgesamt', table.columns[j]!.label, v));
  if (table.grandTotal !== undefined) line('Insgesamt', 'Insgesamt', table.grandTotal);
  return lines;
}

export function renderCsv(report: CommitteeReport): string {
  const r = report;
  const overview = 'Überblick';
  const caseload = 'Fallmanagement und Betreuungsschlüssel';
  const lines = [
    csvLine('Abschnitt', 'Tabelle', 'Zeile', 'Spalte', 'Wert'),
    csvLine(
      'Bericht',
      'Zeitraum',
      r.period.label,
      `${germanDay(r.period.from)} bis ${germanDay(r.period.dataUntil)}`,
      r.period.code,
    ),
    ...(r.period.complete
      ? []
      : [
          csvLine(
            'Bericht',
            'Zeitraum',
            'Stand',
            'laufender Zeitraum, nur abgeschlossene Monate',
            germanDay(r.period.dataUntil),
          ),
        ]),
    ...r.headline.map((f) => csvLine(overview, 'Kennzahlen', f.label, '', f.value)),
    ...r.sections.flatMap((s) => [
      ...s.tables.flatMap((t) => tableLines(t, s.title)),
      ...s.figures.map((f) => csvLine(s.title, 'Kennzahlen', f.label, '', f.value)),
      ...s.notRecorded.map((n) => csvLine(s.title, n.title, 'nicht erfasst', n.needs, n.value)),
    ]),
    csvLine(caseload, 'Betreuungsschlüssel', 'Fallmanager/innen mit Fällen', '', r.caseload.caseManagers),
    csvLine(caseload, 'Betreuungsschlüssel', 'Obergrenze je Fallmanager/in', '', r.caseload.limit),
    csvLine(
      caseload,
      'Betreuungsschlüssel',
      'Aktive Fälle am Ende je Fallmanager/in',
      '',
      shown(r.caseload.averageAtEnd),
    ),
    csvLine(caseload, 'Betreuungsschlüssel', 'Höchstwert aktiver Fälle', '', shown(r.caseload.maximumInPeriod)),
    csvLine(
      caseload,
      'Betreuungsschlüssel',
      'Durchschnittliche Auslastung (%)',
      '',
      shown(r.caseload.averageUtilisation),
    ),
    csvLine(caseload, 'Betreuungsschlüssel', 'Höchste Auslastung (%)', '', shown(r.caseload.maximumUtilisation)),
    csvLine(caseload, 'Erstberatung', 'Fälle mit erster Beratung im Zeitraum', '', r.firstCounselling.cases),
    csvLine(caseload, 'Erstberatung', 'Median Tage bis zur ersten Beratung', '', shown(r.firstCounselling.medianDays)),
    ...r.trend.flatMap((t) => [
      csvLine(
        'Entwicklung je Quartal',
        t.complete ? t.label : `${t.label} (bis Stand)`,
        'Neu aufgenommen',
        '',
        t.opened,
      ),
      csvLine('Entwicklung je Quartal', t.complete ? t.label : `${t.label} (bis Stand)`, 'Betreut', '', t.active),
      csvLine('Entwicklung je Quartal', t.complete ? t.label : `${t.label} (bis Stand)`, 'Abgeschlossen', '', t.closed),
    ]),
    ...r.findings.map((f) =>
      csvLine(
        'Strukturelle Befunde',
        `${f.topic.label}: ${f.title}`,
        [...f.agencies.map((a) => a.label), ...f.municipalities].join(', '),
        `erfasst am ${germanDay(f.recordedOn)}`,
        f.caseCount,
      ),
    ),
    ...[...r.disclosure.notes, ...r.notes].map((n) => csvLine('Hinweise', '', n, '', '')),
  ];
  return csvDocument(lines);
}
