import type { CommitteeReport, CommitteeSection } from './committee-report.model.js';
import { germanNumber } from './labels-de.js';
import type { PublishedTable, PublishedValue } from './report.model.js';
import { germanDay } from './report-period.js';
import { REPORT_CSS } from './report-styles.js';
import { escapeHtml as e, horizontalBars, trendLines } from './svg-charts.js';

export interface HtmlOptions {
  /** Letterhead, e.g. the county and the office issuing the report. */
  issuer?: string;
  office?: string;
}

/** Counts are whole; shares, FTE and cases per FTE carry one decimal (12,5). */
const number = (v: number) => germanNumber(v, Number.isInteger(v) ? 0 : 1);
const cell = (v: PublishedValue) =>
  typeof v === 'number' ? `<td>${number(v)}</td>` : `<td class="withheld">${e(v)}</td>`;
const figure = (v: PublishedValue) => (typeof v === 'number' ? number(v) : v);
const optional = (v: number | null, digits = 0, unit = '') => (v === null ? '–' : `${germanNumber(v, digits)}${unit}`);

export function htmlTable(t: PublishedTable): string {
  const head = t.columns.map((c) => `<th scope="col">${e(c.label)}</th>`).join('');
  const rowTotal = t.rowTotalLabel ? `<th scope="col">${e(t.rowTotalLabel)}</th>` : '';
  const body = t.rows
    .map(
      (r) =>
        `<tr><th scope="row">${e(r.label)}</th>${r.values.map(cell).join('')}${r.total !== undefined ? cell(r.total) : ''}</tr>`,
    )
    .join('');
  const totals = t.totals
    ? `<tr class="total"><th scope="row">Insgesamt</th>${t.totals.map(cell).join('')}${t.grandTotal !== undefined ? cell(t.grandTotal) : ''}</tr>`
    : '';
  const empty =
    t.rows.length === 0 ? `<tr><td colspan="${t.columns.length + 2}">Keine Fälle im Zeitraum.</td></tr>` : '';
  return (
    `<table class="data" data-table="${e(t.code)}"><caption>${e(t.title)}</caption>` +
    `<thead><tr><th scope="col">${e(t.rowHeader)}</th>${head}${rowTotal}</tr></thead>` +
    `<tbody>${body}${empty}${totals}</tbody></table>${t.note ? `<p class="note">${e(t.note)}</p>` : ''}`
  );
}

const chart = (key: string, caption: string, svg: string) =>
  `<figure class="chart" data-chart="${key}"><figcaption>${e(caption)}</figcaption>${svg}</figure>`;

/** Charts drawn above particular tables, by table code. */
const CHARTS: Record<string, (t: PublishedTable) => string> = {
  'cases-by-municipality': (t) =>
    chart(
      'municipalities',
      'Betreute und neu aufgenommene Fälle je Kommune',
      horizontalBars(
        'Fälle je Kommune',
        t.rows.map((row) => ({ label: row.label, values: [row.values[1]!, row.values[0]!] })),
        [
          { label: 'im Zeitraum betreut', className: 's1' },
          { label: 'neu aufgenommen', className: 's2' },
        ],
      ),
    ),
  'transfers-by-agency-and-basis': (t) =>
    chart(
      'transfers',
      'Datenübermittlungen je empfangender Stelle',
      horizontalBars(
        'Übermittlungen je Stelle',
        t.rows.map((row) => ({ label: row.label, values: [row.total ?? 'x'] })),
        [{ label: 'Übermittlungen', className: 's1' }],
      ),
    ),
};

/** Tables shown side by side (short one-column lists). */
const PAIRED = new Set(['closures-by-reason', 'new-cases-by-birth-decade']);

function sectionBody(section: CommitteeSection): string {
  const parts: string[] = [];
  const tables = section.tables;
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i]!;
    const next = tables[i + 1];
    if (PAIRED.has(t.code) && next && PAIRED.has(next.code)) {
      parts.push(`<div class="two-col"><div>${htmlTable(t)}</div><div>${htmlTable(next)}</div></div>`);
      i++;
      continue;
    }
    parts.push(`${CHARTS[t.code]?.(t) ?? ''}${htmlTable(t)}`);
  }
  for (const f of section.figures)
    parts.push(`<p>${e(f.label)} im Zeitraum: <strong>${e(String(figure(f.value)))}</strong></p>`);
  if (section.notRecorded.length > 0) {
    parts.push(
      `<table class="data" data-table="not-recorded"><caption>Noch nicht erfasste Kennzahlen</caption>` +
        `<thead><tr><th scope="col">Kennzahl</th><th scope="col">Wert</th><th scope="col">Erforderlich</th></tr></thead><tbody>` +
        section.notRecorded
          .map(
            (n) =>
              `<tr><th scope="row">${e(n.title)}</th><td class="withheld">nicht erfasst</td><td>${e(n.needs)}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`,
    );
  }
  return parts.join('\n');
}

export function renderHtml(r: CommitteeReport, options: HtmlOptions = {}): string {
  const issuer = options.issuer ?? 'Kreis Mettmann';
  const office = options.office ?? 'Kommunales Integrationszentrum';
  const generated = new Date(r.generatedAt);
  const kpi = (v: PublishedValue | string, caption: string) =>
    `<div class="kpi"><div class="value">${e(typeof v === 'number' ? germanNumber(v) : v)}</div><div class="caption">${e(caption)}</div></div>`;
  const headline = (code: string) => r.headline.find((h) => h.code === code)!;
  const findings = r.findings.length
    ? r.findings
        .map(
          (f) =>
            `<div class="finding"><div class="head">${e(f.topic.label)}: ${e(f.title)}</div><p>${e(f.description)}</p>` +
            `<div class="meta">Betroffene Stellen: ${e(f.agencies.map((a) => a.label).join(', ') || '–')} · Kommunen: ${e(f.municipalities.join(', ') || '–')} · Fälle: ${e(String(figure(f.caseCount)))} · erfasst am ${germanDay(f.recordedOn)}</div></div>`,
        )
        .join('')
    : '<p>Im Berichtszeitraum wurden keine strukturellen Befunde erfasst.</p>';
  const sections = r.sections.filter((s) => s.tables.length + s.figures.length + s.notRecorded.length > 0);
  const [casesSection, ...otherSections] = sections;
  let number = 2;
  const numbered = (title: string, body: string, extra = '') =>
    `<section${extra}><h2>${number++}. ${e(title)}</h2>\n${body}\n</section>`;
  const period = r.period.complete
    ? `${germanDay(r.period.from)} bis ${germanDay(r.period.to)}`
    : `${germanDay(r.period.from)} bis ${germanDay(r.period.dataUntil)} (laufender Zeitraum: nur abgeschlossene Monate)`;

  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.title)} – ${e(r.period.label)}</title><style>${REPORT_CSS}</style></head>
<body><main class="page">
<header class="letterhead"><div class="issuer">${e(office)}<strong>${e(issuer)}</strong></div>
<div class="doc-type"><strong>Bericht für den Sozialausschuss</strong>Kommunales Integrationsmanagement (KIM)</div></header>
<h1>Kommunales Integrationsmanagement</h1>
<p class="subtitle">Berichtszeitraum: ${e(r.period.label)}</p>
<table class="meta"><tr><th>Zeitraum</th><td>${e(period)}</td></tr>
<tr><th>Stand</th><td>${generated.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' })} Uhr</td></tr>
<tr><th>Datengrundlage</th><td>Anonymisierte Kennzahlen, geschützt mit der Cell-Key-Methode und Geheimhaltung kleiner Fallzahlen</td></tr></table>

<section><h2>1. Überblick</h2><div class="kpis">
${kpi(headline('cases-opened').value, 'neu aufgenommene Fälle')}${kpi(headline('cases-active').value, 'im Zeitraum betreute Fälle')}
${kpi(headline('cases-active-at-end').value, `aktive Fälle am ${germanDay(r.period.dataUntil)}`)}${kpi(headline('cases-closed').value, 'abgeschlossene Fälle')}</div>
${chart(
  'trend',
  'Entwicklung der Fallzahlen je Quartal',
  trendLines(
    'Entwicklung der Fallzahlen je Quartal',
    r.trend.map((t) => ({ label: t.complete ? t.label : `${t.label}*`, values: [t.active, t.opened, t.closed] })),
    [
      { label: 'betreut', className: 's1' },
      { label: 'neu aufgenommen', className: 's2' },
      { label: 'abgeschlossen', className: 's3' },
    ],
  ),
)}${r.trend.some((t) => !t.complete) ? '<p class="note">* laufendes Quartal: nur abgeschlossene Monate.</p>' : ''}
</section>

${casesSection ? numbered(casesSection.title, sectionBody(casesSection)) : ''}

${numbered(
  'Fallmanagement und Betreuungsschlüssel',
  `<table class="data" data-table="caseload"><caption>Auslastung der Fallmanagerinnen und Fallmanager (Obergrenze 1:${germanNumber(r.caseload.limit)})</caption>
<thead><tr><th scope="col">Kennzahl</th><th scope="col">Wert</th></tr></thead><tbody>
<tr><th scope="row">Fallmanager/innen mit Fällen im Zeitraum</th><td>${germanNumber(r.caseload.caseManagers)}</td></tr>
<tr><th scope="row">Aktive Fälle am Ende des Zeitraums je Fallmanager/in</th><td>${optional(r.caseload.averageAtEnd, 1)}</td></tr>
<tr><th scope="row">Höchstzahl aktiver Fälle einer Fallmanagerin / eines Fallmanagers im Zeitraum</th><td>${optional(r.caseload.maximumInPeriod)}</td></tr>
<tr><th scope="row">Durchschnittliche Auslastung</th><td>${optional(r.caseload.averageUtilisation, 1, ' %')}</td></tr>
<tr><th scope="row">Höchste Auslastung</th><td>${optional(r.caseload.maximumUtilisation, 1, ' %')}</td></tr>
<tr><th scope="row">Fälle mit erster Beratung im Zeitraum</th>${cell(r.firstCounselling.cases)}</tr>
<tr><th scope="row">Median der Tage von der Fallaufnahme bis zur ersten Beratung</th><td>${optional(r.firstCounselling.medianDays)}</td></tr>
</tbody></table><p class="note">Werte werden nie für eine einzelne Person ausgewiesen; Durchschnitt und Höchstwert erst ab drei Fallmanagerinnen und Fallmanagern, der Median erst ab zehn Fällen.</p>`,
)}

${otherSections.map((s, i) => numbered(s.title, sectionBody(s), i === 0 ? ' class="break-before"' : '')).join('\n\n')}

${numbered(
  'Strukturelle Befunde (generative Themen)',
  `<p class="note">Anonymisierte Befunde der Fallmanagerinnen und Fallmanager für die Lenkungsgruppe; sie beschreiben Strukturen, keine Personen.</p>
${findings}`,
)}

<footer class="legend"><strong>Zeichenerklärung und Hinweise</strong><ul>
<li><b>&lt;5</b> – Fallzahl von 1 bis 4 (nach Überlagerung), aus Datenschutzgründen nicht genau ausgewiesen.</li>
<li><b>x</b> – Wert gesperrt, damit ein kleiner Wert nicht aus Summen errechnet werden kann.</li>
<li><b>–</b> – Angabe nicht möglich oder zu wenige Fälle.</li>
${[...r.disclosure.notes, ...r.notes].map((n) => `<li>${e(n)}</li>`).join('')}</ul></footer>
</main></body></html>
`;
}
