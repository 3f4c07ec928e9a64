import type { RecordOfProcessing } from './record-of-processing.js';

const escape = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
const labels = (v: { label: string }[] | string) => (typeof v === 'string' ? 'alle' : v.map((x) => x.label).join(', '));

/** The Art. 30 record as a printable German page (A4). */
export function recordOfProcessingHtml(r: RecordOfProcessing): string {
  const day = new Date(r.generatedAt).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' });
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>${escape(r.title)}</title>
<style>body{font-family:Arial,sans-serif;font-size:10.5pt;margin:2em}h2{font-size:12pt;border-bottom:1px solid #888}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}th{background:#eee}
@page{size:A4;margin:18mm 15mm}</style></head><body>
<h1>${escape(r.title)}</h1>
<p>Stand: ${escape(day)} (erzeugt aus der geltenden Konfiguration)</p>
<h2>1. Verantwortliche Stelle und Datenschutzbeauftragte/r</h2>
<p>${escape(`${r.controller.name}, ${r.controller.unit}, ${r.controller.address}, ${r.controller.email}`)}<br>
${escape(`${r.dataProtectionOfficer.name}, ${r.dataProtectionOfficer.address}, ${r.dataProtectionOfficer.email}`)}</p>
<h2>2. Verarbeitungstätigkeit und Zwecke</h2>
<p>${escape(r.activity)}</p>${list(r.purposes.map((p) => p.label))}
<h2>3. Betroffene Personen</h2>${list(r.dataSubjects)}
<h2>4. Datenkategorien</h2>${list(r.dataCategories.map((c) => `${c.label}${c.special ? ' (besondere Kategorie, Art. 9 DSGVO)' : ''}`))}
<h2>5. Empfänger</h2>${list(r.recipients.map((a) => `${a.label}${a.publicBody ? '' : ' (nicht-öffentliche Stelle)'}`))}
<p>Übermittlungen in Drittländer: ${escape(r.thirdCountryTransfers)}</p>
<p>Grundlage der eigenen Verarbeitung (je Person bei der Erfassung dokumentiert):</p>${list(r.ownProcessingBases.map((b) => `${b.label} – ${b.norm}`))}
<h2>6. Rechtsgrundlagen der Übermittlungen (${escape(r.senderRegime)})</h2>
<table><thead><tr><th>Grundlage</th><th>Vorschrift</th><th>Empfänger</th><th>Datenkategorien</th><th>Zweitfreigabe</th></tr></thead><tbody>
${r.legalBases.map((b) => `<tr><td>${escape(b.title)}</td><td>${escape(b.norm)}</td><td>${escape(labels(b.recipients))}</td><td>${escape(labels(b.dataCategories))}</td><td>${b.secondPersonApproval.required ? 'ja' : 'nein'}</td></tr>`).join('\n')}
</tbody></table>
<h2>7. Löschfristen</h2>
<p>${escape(r.retention.label)}: ${escape(r.retention.rule)}</p>
${r.retention.ownDuties.length ? list(r.retention.ownDuties.map((d) => `${d.label} (${d.norm}): ${d.years} Jahre`)) : '<p>Keine eigenen Aufbewahrungspflichten konfiguriert.</p>'}
<p>Zugriffsprotokolle: ${escape(r.accessLogRetentionMonths)} Monate.</p>
<h2>8. Rollen</h2>${list(r.roles.map((x) => x.label))}
<h2>9. Technische und organisatorische Maßnahmen (Art. 32 DSGVO)</h2>${list(r.measures)}
</body></html>
`;
}
