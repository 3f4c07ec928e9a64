import { csvDocument, csvLine } from '../render-csv.js';
import { germanDay } from '../report-period.js';
import type { StateReport } from './state-report.model.js';

/** The state figures as CSV a clerk opens in Excel: BOM, `;`, German headers, decimal comma. */
export function renderStateCsv(r: StateReport): string {
  const meta = (label: string, value: string | number) => csvLine('Bericht', label, '', '', value, '');
  const lines = [
    csvLine('Feld', 'Bezeichnung', 'Ausprägung', 'Spalte', 'Wert', 'Hinweis'),
    meta('Titel', r.title),
    meta('Berichtsjahr', r.year),
    meta('Zeitraum', `${germanDay(r.period.from)} bis ${germanDay(r.period.dataUntil)}`),
    ...(r.period.complete
      ? []
      : [meta('Stand', `laufendes Jahr: nur abgeschlossene Monate bis ${germanDay(r.period.dataUntil)}`)]),
    meta('Feldliste', r.fieldList.basis),
    meta('Quelle der Feldliste', r.fieldList.source),
  ];
  for (const f of r.fields) {
    const note = f.note ?? '';
    if (f.status === 'nicht erfasst') {
      lines.push(csvLine(f.code, f.label, '', '', 'nicht erfasst', `Noch nicht erfasst: ${f.needs}`));
    } else if ('value' in f) {
      lines.push(csvLine(f.code, f.label, 'Insgesamt', '', f.value, note));
    } else {
      const t = f.table;
      const tableNote = [note, t.note ?? ''].filter(Boolean).join(' ');
      for (const row of t.rows) {
        row.values.forEach((v, j) =>
          lines.push(csvLine(f.code, f.label, row.label, t.columns[j]!.label, v, tableNote)),
        );
        if (row.total !== undefined) lines.push(csvLine(f.code, f.label, row.label, 'Insgesamt', row.total, tableNote));
      }
      t.totals?.forEach((v, j) => lines.push(csvLine(f.code, f.label, 'Insgesamt', t.columns[j]!.label, v, tableNote)));
    }
  }
  for (const n of r.disclosure.notes) lines.push(csvLine('Hinweis', '', '', '', '', n));
  return csvDocument(lines);
}

export const renderStateJson = (r: StateReport) => `${JSON.stringify(r, null, 2)}\n`;
