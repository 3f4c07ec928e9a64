import type { Catalogue } from '../config/catalogue.js';
import type { SubjectAccessReport } from './subject-access.report.js';

const escape = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const day = (iso?: string | null) =>
  iso ? new Date(iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' }) : '–';
const time = (iso?: string | null) =>
  iso
    ? new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' })
    : '–';

const PERSONAL_LABELS: Record<string, string> = {
  givenName: 'Vorname',
  familyName: 'Familienname',
  dateOfBirth: 'Geburtsdatum',
  nationality: 'Staatsangehörigkeit',
  languages: 'Sprachen',
  residenceStatus: 'Aufenthaltsstatus',
};

const STATUS_LABELS: Record<string, string> = {
  active: 'wirksam',
  withdrawn: 'widerrufen',
  expired: 'abgelaufen',
  refused: 'verweigert',
  'not-yet-valid': 'noch nicht wirksam',
  open: 'offen',
  closed: 'abgeschlossen',
};

function table(headings: string[], rows: unknown[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escape(empty)}</p>`;
  const head = headings.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
  body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 2em; }
  h1 { font-size: 16pt; margin-bottom: 0.2em; } h2 { font-size: 12.5pt; margin-top: 1.6em; border-bottom: 1px solid #888; }
  table { border-collapse: collapse; width: 100%; margin: 0.4em 0; } th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
  th { background: #eee; } .meta { color: #444; } .empty { font-style: italic; color: #555; }
  .erased { border: 2px solid #a00; padding: 0.5em; }
  @page { size: A4; margin: 18mm 15mm 20mm 15mm; }
  @media print { body { margin: 0; font-size: 9.5pt; } h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } }
`;

/** A printable German page of the Art. 15 report: every value escaped, A4 print layout. */
const TRANSFER_STATUS_LABELS: Record<string, string> = {
  refused: 'abgelehnt',
  rejected: 'bei der Freigabe abgelehnt',
  'awaiting-approval': 'wartet auf Freigabe (Vier-Augen-Prinzip)',
};

export function subjectAccessHtml(report: SubjectAccessReport, catalogue: Catalogue): string {
  const agency = (code: string) => catalogue.agencies.find((a) => a.code === code)?.label ?? code;
  const category = (code: string) => catalogue.dataCategories.find((c) => c.code === code)?.label ?? code;
  const categories = (codes: string[]) => codes.map(category).join(', ');
  const personal = report.personalData as Record<string, unknown>;
  const personalSection =
    personal.erased === true
      ? `<p class="erased">Die personenbezogenen Daten wurden am ${escape(day(report.status.erasedAt))} gelöscht (Art. 17 DSGVO). Es sind nur pseudonyme Protokolleinträge erhalten.</p>`
      : table(
          ['Angabe', 'Inhalt'],
          Object.entries(personal).map(([k, v]) => [PERSONAL_LABELS[k] ?? k, Array.isArray(v) ? v.join(', ') : v]),
          'Keine Angaben gespeichert.',
        );
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Auskunft nach Art. 15 DSGVO – ${escape(report.personId)}</title><style>${STYLE}</style></head>
<body>
<h1>Auskunft nach Art. 15 DSGVO</h1>
<p class="meta">Kommunales Integrationsmanagement · Personen-ID ${escape(report.personId)} · erstellt am ${escape(time(report.generatedAt))}</p>
<p class="meta">Erfasst am ${escape(day(report.status.registeredAt))} in ${escape(report.status.municipality)}${report.status.restricted ? ' · Verarbeitung eingeschränkt (Art. 18 DSGVO)' : ''}${report.status.erased ? ' · gelöscht' : ''}</p>
<h2>1. Gespeicherte Daten</h2>
${personalSection}
<h2>2. Zwecke der Verarbeitung</h2>
${table(
  ['Zweck', 'Grundlage'],
  report.purposes.map((p) => [p.purpose, p.sources.join(', ')]),
  'Keine Zwecke erfasst.',
)}
<h2>3. Fälle im Casemanagement</h2>
${table(
  ['Fall', 'Status', 'Eröffnet', 'Abgeschlossen', 'Maßnahmen'],
  report.cases.map((c) => [
    c.caseId,
    STATUS_LABELS[c.status] ?? c.status,
    day(c.openedAt),
    day(c.closedAt),
    c.actions.map((a) => `${a.actionDate}: ${a.actionType}${a.summary ? ` – ${a.summary}` : ''}`).join(' | '),
  ]),
  'Keine Fälle.',
)}
<h2>4. Einwilligungen</h2>
${table(
  ['Einwilligung', 'Status', 'Empfänger', 'Datenkategorien', 'Zwecke', 'Gültig', 'Verlauf'],
  report.consents.map((c) => [
    c.consentId,
    STATUS_LABELS[c.status] ?? c.status,
    c.recipients.map(agency).join(', '),
    categories(c.dataCategories),
    c.purposes.join(', '),
    `${day(c.validFrom)} bis ${day(c.validUntil)}`,
    c.history.map((h) => `${day(h.at)} ${h.event}`).join('; '),
  ]),
  'Keine Einwilligungen erfasst.',
)}
<h2>5. Empfänger (Datenübermittlungen)</h2>
${table(
  ['Datum', 'Empfänger', 'Rechtsgrundlage', 'Datenkategorien', 'Zweck', 'Empfang bestätigt'],
  report.recipients.map((t) => [
    time(t.at),
    agency(t.toAgency),
    t.rechtsgrundlage,
    categories(t.dataCategories),
    t.purpose,
    day(t.acknowledgedAt),
  ]),
  'Keine Übermittlungen.',
)}
<h2>6. Abgelehnte und nicht erfolgte Übermittlungen</h2>
${table(
  ['Datum', 'Empfänger', 'Rechtsgrundlage', 'Stand', 'Datenkategorien', 'Nicht erfüllte Bedingungen'],
  report.refusedTransfers.map((t) => [
    time(t.at),
    agency(t.toAgency),
    t.rechtsgrundlage,
    TRANSFER_STATUS_LABELS[t.status] ?? t.status,
    categories(t.dataCategories),
    t.nichtErfuellt.length > 0 ? t.nichtErfuellt.join('; ') : t.reasons.join(', '),
  ]),
  'Keine abgelehnten Übermittlungen.',
)}
<h2>7. Zugriffe auf die Daten</h2>
${table(
  ['Zeitpunkt', 'Kennung', 'Rolle', 'Behörde', 'Zweck', 'Daten'],
  report.accesses.map((a) => [time(a.at), a.actor, a.role, agency(a.agency), a.purpose, categories(a.dataCategories)]),
  'Keine Zugriffe protokolliert.',
)}
<h2>8. Abgewiesene Zugriffsversuche</h2>
${table(
  ['Zeitpunkt', 'Kennung', 'Rolle', 'Behörde'],
  report.refusedAccesses.map((a) => [time(a.at), a.actor, a.role, agency(a.agency)]),
  'Keine.',
)}
<h2>9. Speicherdauer</h2>
${table(
  ['Fall', 'Aktenart', 'Aufbewahrung bis'],
  report.retention.map((r) => [
    r.caseId,
    r.recordClasses.map((k) => `${k.label} (${k.years} Jahre)`).join(', '),
    r.keepUntil ? day(r.keepUntil) : 'Fall offen',
  ]),
  'Keine Fälle; Löschung nach der Löschfrist ab Erfassung.',
)}
</body></html>
`;
}
