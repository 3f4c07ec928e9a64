import type { CommitteeReport, PublishedTable } from './committee-report.model.js';
import type { PublishedValue } from './suppression.js';
import { csvNumber, csvText } from '../shared/csv.js';

/**
 * The report as CSV for spreadsheet users in German offices: UTF-8 with BOM (so Excel detects the
 * encoding), `;` as separator, CRLF line ends, one published figure per line in long format
 * (Abschnitt; Zeile; Spalte; Wert).
 */
const BOM = '\uFEFF';

/** Text defused against formulas (labels, finding titles typed by staff), numbers with a decimal comma. */
const field = (value: string | number) =>
  typeof value === 'number' ? csvNumber(value, ';', true) : csvText(value, ';');
const line = (...values: (string | number)[]) => values.map(field).join(';');
const shown = (v: PublishedValue | null) => (v === null ? '' : v);

function tableLines(table: PublishedTable): string[] {
  const lines: string[] = [];
  for (const row of table.rows) {
    row.values.forEach((v, j) => lines.push(line(table.title, row.label, table.columns[j]!.label, v)));
    if (row.total !== undefined)
      lines.push(line(table.title, row.label, table.rowTotalLabel ?? 'Insgesamt', row.total));
  }
  table.totals?.forEach((v, j) => lines.push(line(table.title, 'Insgesamt', table.columns[j]!.label, v)));
  if (table.grandTotal !== undefined) lines.push(line(table.title, 'Insgesamt', 'Insgesamt', table.grandTotal));
  return lines;
}

export function renderCsv(report: CommitteeReport): string {
  const r = report;
  const overview = 'Überblick';
  const lines = [
    line('Abschnitt', 'Zeile', 'Spalte', 'Wert'),
    line('Bericht', 'Zeitraum', `${r.period.from} bis ${r.period.to}`, r.period.label),
    line(overview, 'Neu aufgenommene Fälle', '', r.headline.opened),
    line(overview, 'Im Zeitraum betreute Fälle', '', r.headline.activeInPeriod),
    line(overview, 'Aktive Fälle am Ende des Zeitraums', '', r.headline.activeAtEnd),
    line(overview, 'Abgeschlossene Fälle', '', r.headline.closed),
    ...tableLines(r.byMunicipality),
    ...tableLines(r.closuresByReason),
    ...tableLines(r.newCasesByNationalityGroup),
    ...tableLines(r.newCasesByBirthDecade),
    line('Betreuungsschlüssel', 'Fallmanager/innen mit Fällen', '', r.caseload.caseManagers),
    line('Betreuungsschlüssel', 'Obergrenze je Fallmanager/in', '', r.caseload.limit),
    line('Betreuungsschlüssel', 'Durchschnitt aktive Fälle am Ende', '', shown(r.caseload.averageAtEnd)),
    line('Betreuungsschlüssel', 'Höchstwert aktive Fälle', '', shown(r.caseload.maximumInPeriod)),
    line('Betreuungsschlüssel', 'Durchschnittliche Auslastung (%)', '', shown(r.caseload.averageUtilisation)),
    line('Betreuungsschlüssel', 'Höchste Auslastung (%)', '', shown(r.caseload.maximumUtilisation)),
    ...tableLines(r.consents),
    ...tableLines(r.transfers),
    ...tableLines(r.refusedTransfers),
    ...tableLines(r.achievements),
    line('Baustein 3', 'Verweisungen an die Einbürgerungsbehörde', '', r.naturalisationReferrals),
    line('Erstberatung', 'Fälle mit erster Beratung im Zeitraum', '', r.firstCounselling.cases),
    line('Erstberatung', 'Median Tage bis zur ersten Beratung', '', shown(r.firstCounselling.medianDays)),
    ...r.trend.flatMap((t) => [
      line('Entwicklung', t.label, 'Neu aufgenommen', t.opened),
      line('Entwicklung', t.label, 'Betreut', t.active),
      line('Entwicklung', t.label, 'Abgeschlossen', t.closed),
    ]),
    ...r.findings.map((f) =>
      line(
        'Strukturelle Befunde',
        `${f.topicLabel}: ${f.title}`,
        [...f.agencies, ...f.municipalities].join(', '),
        f.caseCount,
      ),
    ),
  ];
  return BOM + lines.join('\r\n') + '\r\n';
}
