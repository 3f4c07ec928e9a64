import type { CommitteeReport, PublishedTable } from './committee-report.model.js';
import { germanNumber } from './labels-de.js';
import { germanDay } from './report-period.js';
import { REPORT_CSS } from './report-styles.js';
import type { PublishedValue } from './suppression.js';
import { escapeHtml as e, horizontalBars, trendLines } from './svg-charts.js';

export interface HtmlOptions {
  /** Letterhead, e.g. the county and the office issuing the report. */
  issuer?: string;
  office?: string;
}

const cell = (v: PublishedValue) =>
  typeof v === 'number' ? `<td>${germanNumber(v)}</td>` : `<td class="withheld">${e(v)}</td>`;
const figure = (v: PublishedValue) => (typeof v === 'number' ? germanNumber(v) : v);
const optional = (v: number | null, digits = 0, unit = '') => (v === null ? '–' : `${germanNumber(v, digits)}${unit}`);

function table(t: PublishedTable, firstColumn: string): string {
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
    `<table class="data" data-table="${e(t.key)}"><caption>${e(t.title)}</caption>` +
    `<thead><tr><th scope="col">${e(firstColumn)}</th>${head}${rowTotal}</tr></thead>` +
    `<tbody>${body}${empty}${totals}</tbody></table>${t.note ? `<p class="note">${e(t.note)}</p>` : ''}`
  );
}

const chart = (key: string, caption: string, svg: string) =>
  `<figure class="chart" data-chart="${key}"><figcaption>${e(caption)}</figcaption>${svg}</figure>`;

export function renderHtml(r: CommitteeReport, options: HtmlOptions = {}): string {
  const issuer = options.issuer ?? 'Kreis Mettmann';
  const office = options.office ?? 'Kommunales Integrationszentrum';
  const generated = new Date(r.generatedAt);
  const kpi = (v: PublishedValue | string, caption: string) =>
    `<div class="kpi"><div class="value">${e(typeof v === 'number' ? germanNumber(v) : v)}</div><div class="caption">${e(caption)}</div></div>`;
  const agencyBars = r.transfers.rows.map((row) => ({ label: row.label, values: [row.total ?? 'x'] }));
  const findings = r.findings.length
    ? r.findings
        .map(
          (f) =>
            `<div class="finding"><div class="head">${e(f.topicLabel)}: ${e(f.title)}</div><p>${e(f.description)}</p>` +
            `<div class="meta">Betroffene Stellen: ${e(f.agencies.join(', ') || '–')} · Kommunen: ${e(f.municipalities.join(', ') || '–')} · Fälle: ${e(String(figure(f.caseCount)))} · erfasst am ${germanDay(f.recordedOn)}</div></div>`,
        )
        .join('')
    : '<p>Im Berichtszeitraum wurden keine strukturellen Befunde erfasst.</p>';

  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.title)} – ${e(r.period.label)}</title><style>${REPORT_CSS}</style></head>
<body><main class="page">
<header class="letterhead"><div class="issuer">${e(office)}<strong>${e(issuer)}</strong></div>
<div class="doc-type"><strong>Bericht für den Sozialausschuss</strong>Kommunales Integrationsmanagement (KIM)</div></header>
<h1>Kommunales Integrationsmanagement</h1>
<p class="subtitle">Berichtszeitraum: ${e(r.period.label)}</p>
<table class="meta"><tr><th>Zeitraum</th><td>${germanDay(r.period.from)} bis ${germanDay(r.period.to)}</td></tr>
<tr><th>Stand</th><td>${generated.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' })} Uhr</td></tr>
<tr><th>Datengrundlage</th><td>Anonymisierte Kennzahlen, Geheimhaltung kleiner Fallzahlen</td></tr></table>

<section><h2>1. Überblick</h2><div class="kpis">
${kpi(r.headline.opened, 'neu aufgenommene Fälle')}${kpi(r.headline.activeInPeriod, 'im Zeitraum betreute Fälle')}
${kpi(r.headline.activeAtEnd, `aktive Fälle am ${germanDay(r.period.to)}`)}${kpi(r.headline.closed, 'abgeschlossene Fälle')}</div>
${chart(
  'trend',
  'Entwicklung der Fallzahlen je Quartal',
  trendLines(
    'Entwicklung der Fallzahlen je Quartal',
    r.trend.map((t) => ({ label: t.label, values: [t.active, t.opened, t.closed] })),
    [
      { label: 'betreut', className: 's1' },
      { label: 'neu aufgenommen', className: 's2' },
      { label: 'abgeschlossen', className: 's3' },
    ],
  ),
)}
</section>

<section><h2>2. Fälle nach Kommune</h2>
${chart(
  'municipalities',
  'Betreute und neu aufgenommene Fälle je Kommune',
  horizontalBars(
    'Fälle je Kommune',
    r.byMunicipality.rows.map((row) => ({ label: row.label, values: [row.values[1]!, row.values[0]!] })),
    [
      { label: 'im Zeitraum betreut', className: 's1' },
      { label: 'neu aufgenommen', className: 's2' },
    ],
  ),
)}
${table(r.byMunicipality, 'Kommune')}
<div class="two-col"><div>${table(r.closuresByReason, 'Grund')}</div><div>${table(r.newCasesByBirthDecade, 'Geburtsjahrzehnt')}</div></div>
${table(r.newCasesByNationalityGroup, 'Staatsangehörigkeitsgruppe')}
</section>

<section><h2>3. Fallmanagement und Betreuungsschlüssel</h2>
<table class="data" data-table="caseload"><caption>Auslastung der Fallmanagerinnen und Fallmanager (Obergrenze 1:${r.caseload.limit})</caption>
<thead><tr><th scope="col">Kennzahl</th><th scope="col">Wert</th></tr></thead><tbody>
<tr><th scope="row">Fallmanager/innen mit Fällen im Zeitraum</th><td>${germanNumber(r.caseload.caseManagers)}</td></tr>
<tr><th scope="row">Durchschnittlich aktive Fälle je Fallmanager/in am Ende des Zeitraums</th><td>${optional(r.caseload.averageAtEnd, 1)}</td></tr>
<tr><th scope="row">Höchstzahl aktiver Fälle einer Fallmanagerin / eines Fallmanagers im Zeitraum</th><td>${optional(r.caseload.maximumInPeriod)}</td></tr>
<tr><th scope="row">Durchschnittliche Auslastung</th><td>${optional(r.caseload.averageUtilisation, 1, ' %')}</td></tr>
<tr><th scope="row">Höchste Auslastung</th><td>${optional(r.caseload.maximumUtilisation, 1, ' %')}</td></tr>
<tr><th scope="row">Fälle mit erster Beratung im Zeitraum</th>${cell(r.firstCounselling.cases)}</tr>
<tr><th scope="row">Median der Tage von der Fallaufnahme bis zur ersten Beratung</th><td>${optional(r.firstCounselling.medianDays, r.firstCounselling.medianDays !== null && r.firstCounselling.medianDays % 1 ? 1 : 0)}</td></tr>
</tbody></table><p class="note">Werte werden nie für eine einzelne Person ausgewiesen; Durchschnitt und Höchstwert erst ab drei Fallmanagerinnen und Fallmanagern, der Median erst ab fünf Fällen.</p>
</section>

<section class="break-before"><h2>4. Einwilligungen und Datenübermittlungen</h2>
${table(r.consents, 'Vorgang')}
${chart('transfers', 'Datenübermittlungen je empfangender Stelle', horizontalBars('Übermittlungen je Stelle', agencyBars, [{ label: 'Übermittlungen', className: 's1' }]))}
${table(r.transfers, 'Empfangende Stelle')}
${table(r.refusedTransfers, 'Grund der Ablehnung')}
</section>

<section><h2>5. Baustein 3: Besondere Integrationsleistungen und Einbürgerung</h2>
${table(r.achievements, 'Art der Leistung')}
<p>Verweisungen an die Einbürgerungsbehörde im Zeitraum: <strong>${e(String(figure(r.naturalisationReferrals)))}</strong></p>
</section>

<section><h2>6. Strukturelle Befunde (generative Themen)</h2>
<p class="note">Anonymisierte Befunde der Fallmanagerinnen und Fallmanager für die Lenkungsgruppe; sie beschreiben Strukturen, keine Personen.</p>
${findings}
</section>

<footer class="legend"><strong>Zeichenerklärung und Hinweise</strong><ul>
<li><b>&lt;5</b> – Fallzahl von 1 bis 4, aus Datenschutzgründen nicht genau ausgewiesen.</li>
<li><b>x</b> – Wert gesperrt, damit ein kleiner Wert nicht aus Summen errechnet werden kann.</li>
<li><b>–</b> – Angabe nicht möglich oder zu wenige Fälle.</li>
${r.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></footer>
</main></body></html>
`;
}
