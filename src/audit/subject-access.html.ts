import type { CatalogueV2 } from '../catalogue/catalogue.js';
import { GENDERS, RESIDENCE_STATUSES } from '../catalogue/person-codes.js';
import type { ControllerInfo } from '../privacy/art15/controller-info.js';
import { FIXED_TEXTS, type ReportLanguage } from '../privacy/art15/fixed-texts.js';
import type { SubjectAccessReport } from './subject-access.report.js';

const escape = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const locale = (lang: ReportLanguage) => (lang === 'de' ? 'de-DE' : 'en-GB');
/** Calendar dates (YYYY-MM-DD) and instants, in the German calendar, written as the reader expects. */
const dayOf = (lang: ReportLanguage) => (iso?: string | null) => {
  if (!iso) return '–';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return date.toLocaleDateString(locale(lang), {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
};
const timeOf = (lang: ReportLanguage) => (iso?: string | null) =>
  iso
    ? new Date(iso).toLocaleString(locale(lang), { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' })
    : '–';

const PERSONAL_LABELS: Record<ReportLanguage, Record<string, string>> = {
  de: {
    givenName: 'Vorname',
    familyName: 'Familienname',
    dateOfBirth: 'Geburtsdatum',
    nationality: 'Staatsangehörigkeit',
    languages: 'Sprachen',
    residenceStatus: 'Aufenthaltsstatus (Angabe bei Erfassung)',
    gender: 'Geschlecht',
    contact: 'Kontaktdaten',
    participation: 'Nachweis oder Begründung der Verarbeitungsgrundlage',
  },
  en: {
    givenName: 'Given name',
    familyName: 'Family name',
    dateOfBirth: 'Date of birth',
    nationality: 'Nationality',
    languages: 'Languages',
    residenceStatus: 'Residence status (as registered)',
    gender: 'Gender',
    contact: 'Contact data',
    participation: 'Evidence or reason of the processing basis',
  },
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

const TRANSFER_STATUS_LABELS: Record<ReportLanguage, Record<string, string>> = {
  de: {
    refused: 'abgelehnt',
    rejected: 'bei der Freigabe abgelehnt',
    'awaiting-approval': 'wartet auf Freigabe (Vier-Augen-Prinzip)',
  },
  en: {
    refused: 'refused',
    rejected: 'rejected at approval',
    'awaiting-approval': 'awaiting approval (four eyes)',
  },
};

/** Every code the report shows, as its label from the catalogue (German, or English where the catalogue has it). */
function labels(catalogue: CatalogueV2, lang: ReportLanguage) {
  const pick = (entries: { code: string; label: string; labelEn?: string }[], code: string) => {
    const entry = entries.find((e) => e.code === code);
    return entry ? (lang === 'en' && entry.labelEn ? entry.labelEn : entry.label) : code;
  };
  return {
    agency: (code: string) => pick(catalogue.agencies, code),
    category: (code: string) => pick(catalogue.dataCategories, code),
    categories: (codes: string[]) => codes.map((c) => pick(catalogue.dataCategories, c)).join(', '),
    purpose: (code: string | null) =>
      code === null
        ? '–'
        : code === 'case-management'
          ? lang === 'de'
            ? 'Casemanagement'
            : 'case management'
          : pick(catalogue.purposes, code),
    role: (code: string) => pick(catalogue.roles, code),
    reason: (code: string) => pick(catalogue.reasons, code),
    basis: (code: string) => (code === 'consent' ? (lang === 'de' ? 'Einwilligung' : 'consent') : code),
  };
}

/** Provenance tags as a reader reads them: "Label (anvertraut von …)". */
function provenanceText(marks: unknown, lang: ReportLanguage): string {
  if (!Array.isArray(marks) || marks.length === 0) return '';
  const by = lang === 'de' ? 'anvertraut von' : 'entrusted by';
  const shown = (marks as { label: { de: string; en: string }; entrustedBy?: string }[]).map(
    (m) => `${lang === 'de' ? m.label.de : m.label.en}${m.entrustedBy ? ` (${by} ${m.entrustedBy})` : ''}`,
  );
  return ` [${lang === 'de' ? 'Herkunft' : 'Provenance'}: ${shown.join('; ')}]`;
}

function personalValue(key: string, value: unknown): string {
  if (key === 'gender' && typeof value === 'string') return GENDERS[value as keyof typeof GENDERS] ?? value;
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return Object.values(value).join(', ');
  return String(value ?? '');
}

/**
 * The printable Art. 15 report v2 (issue 15 item 7): controller and DPO, data with their history,
 * purposes, recipients, retention, source, rights and the complaint authority; labels from the catalogue,
 * dates as the reader writes them, staff by role and agency. Every value escaped; A4 print layout.
 */
export function subjectAccessHtml(
  report: SubjectAccessReport,
  catalogue: CatalogueV2,
  info: ControllerInfo,
  lang: ReportLanguage = 'de',
): string {
  const t = FIXED_TEXTS[lang];
  const day = dayOf(lang);
  const time = timeOf(lang);
  const l = labels(catalogue, lang);
  const personal = report.personalData as Record<string, unknown>;
  const personalSection =
    personal.erased === true
      ? `<p class="erased">${escape(t.erased)} ${escape(day(report.status.erasedAt))}</p>`
      : table(
          [lang === 'de' ? 'Angabe' : 'Item', lang === 'de' ? 'Inhalt' : 'Value'],
          Object.entries(personal).map(([k, v]) => [
            PERSONAL_LABELS[lang][k] ?? k,
            k === 'dateOfBirth' && typeof v === 'string' ? day(v) : personalValue(k, v),
          ]),
          t.none,
        );
  const retention = report.retention;
  const retentionRule =
    retention.basis === 'no-case'
      ? t.retentionNoCase(retention.monthsWithoutCase)
      : retention.basis === 'case-open'
        ? `${t.retentionClosed(retention.yearsAfterLastClosure)}; ${t.retentionOpen}`
        : t.retentionClosed(retention.yearsAfterLastClosure);
  const corrections = report.corrections as ({ changes?: Record<string, unknown>; reason?: string } | undefined)[];
  const sourceLabel = { registration: t.sourceRegistration, consent: t.sourceConsent, casework: t.sourceCasework };
  const de = lang === 'de';
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escape(t.title)} – ${escape(report.personId)}</title><style>${STYLE}</style></head>
<body>
<h1>${escape(t.title)}</h1>
<p class="meta">${escape(info.controller.unit)} · ${de ? 'Personen-ID' : 'Person id'} ${escape(report.personId)} · ${escape(t.generatedAt)} ${escape(time(report.generatedAt))}</p>
<p>${escape(t.intro)}</p>
<h2>1. ${escape(t.sections.controller)}</h2>
${table(
  ['', ''],
  [
    [
      t.controllerLabel,
      `${info.controller.name}, ${info.controller.unit}, ${info.controller.address}, ${info.controller.email}`,
    ],
    [t.dpoLabel, `${info.dpo.name}, ${info.dpo.address}, ${info.dpo.email}`],
  ],
  t.none,
)}
<h2>2. ${escape(t.sections.data)}</h2>
<p class="meta">${de ? 'Erfasst am' : 'Registered on'} ${escape(day(report.status.registeredAt))} · ${escape(report.status.municipality)}${report.status.restricted ? (de ? ' · Verarbeitung eingeschränkt (Art. 18 DSGVO)' : ' · processing restricted (Art. 18 GDPR)') : ''}</p>
${personalSection}
${table(
  [de ? 'Seit' : 'Since', de ? 'Aufenthaltsstatus' : 'Residence status', de ? 'Gültig bis' : 'Valid until'],
  report.residence.map((r) => [
    day(r.at),
    RESIDENCE_STATUSES[r.status as keyof typeof RESIDENCE_STATUSES] ?? r.status,
    day(r.validUntil),
  ]),
  de ? 'Kein kodierter Aufenthaltsstatus erfasst.' : 'No coded residence status recorded.',
)}
<h2>3. ${escape(t.sections.rectifications)}</h2>
${table(
  [
    de ? 'Datum' : 'Date',
    de ? 'Art' : 'Kind',
    de ? 'Angaben' : 'Items',
    de ? 'Neuer Wert' : 'New value',
    de ? 'Grund' : 'Reason',
    de ? 'Durch (Rolle, Stelle)' : 'By (role, body)',
  ],
  report.rectifications.map((r, i) => {
    const correction =
      r.kind === 'rectified'
        ? corrections[report.rectifications.slice(0, i).filter((x) => x.kind === 'rectified').length]
        : undefined;
    return [
      day(r.at),
      r.kind === 'rectified' ? (de ? 'berichtigt' : 'rectified') : de ? 'bestritten' : 'disputed',
      r.fields.map((f) => PERSONAL_LABELS[lang][f] ?? f).join(', '),
      correction?.changes
        ? Object.entries(correction.changes)
            .map(([k, v]) => `${PERSONAL_LABELS[lang][k] ?? k}: ${personalValue(k, v)}`)
            .join('; ')
        : '–',
      correction?.reason ?? '–',
      `${l.role(r.role)}, ${l.agency(r.agency)}`,
    ];
  }),
  t.none,
)}
<h2>4. ${escape(t.sections.purposes)}</h2>
${table(
  [de ? 'Zweck' : 'Purpose', de ? 'Grundlage' : 'Basis'],
  report.purposes.map((p) => [l.purpose(p.purpose), p.sources.join(', ')]),
  t.none,
)}
<p>${escape(de ? 'Grundlage der Verarbeitung durch das KI' : 'Basis of the KI’s own processing')}: ${escape(de ? report.participation.label.de : report.participation.label.en)}${report.participation.norm ? ` (${escape(report.participation.norm)})` : ''}${report.participation.withdrawnAt ? escape(de ? ` – Einwilligung widerrufen am ${day(report.participation.withdrawnAt)}` : ` – consent withdrawn on ${day(report.participation.withdrawnAt)}`) : ''}</p>
<h2>5. ${escape(t.sections.cases)}</h2>
${table(
  [
    de ? 'Fall' : 'Case',
    'Status',
    de ? 'Eröffnet' : 'Opened',
    de ? 'Abgeschlossen' : 'Closed',
    de ? 'Maßnahmen' : 'Actions',
  ],
  report.cases.map((c) => [
    c.caseId,
    STATUS_LABELS[c.status] ?? c.status,
    day(c.openedAt),
    day(c.closedAt),
    c.actions
      .map(
        (a) =>
          `${day(String(a.actionDate))}: ${String(a.actionType)}${a.summary ? ` – ${String(a.summary)}` : ''}${provenanceText(a.provenance, lang)}`,
      )
      .join(' | '),
  ]),
  t.none,
)}
<h2>6. ${escape(t.sections.consents)}</h2>
${table(
  [
    de ? 'Einwilligung' : 'Consent',
    'Status',
    de ? 'Empfänger' : 'Recipients',
    de ? 'Datenkategorien' : 'Data categories',
    de ? 'Zwecke' : 'Purposes',
    de ? 'Gültig' : 'Valid',
    de ? 'Verlauf' : 'History',
  ],
  report.consents.map((c) => [
    `${c.consentId}${provenanceText(c.provenance, lang)}`,
    STATUS_LABELS[c.status] ?? c.status,
    c.recipients.map(l.agency).join(', '),
    l.categories(c.dataCategories),
    c.purposes.map(l.purpose).join(', '),
    `${day(c.validFrom)} – ${day(c.validUntil)}`,
    c.history.map((h) => `${day(h.at)} ${h.event}`).join('; '),
  ]),
  t.none,
)}
<h2>7. ${escape(t.sections.recipients)}</h2>
${table(
  [
    de ? 'Datum' : 'Date',
    de ? 'Empfänger' : 'Recipient',
    de ? 'Rechtsgrundlage' : 'Legal basis',
    de ? 'Datenkategorien' : 'Data categories',
    de ? 'Zweck' : 'Purpose',
    de ? 'Empfang bestätigt' : 'Receipt confirmed',
  ],
  report.recipients.map((r) => [
    time(r.at),
    l.agency(r.toAgency),
    r.rechtsgrundlage,
    l.categories(r.dataCategories),
    l.purpose(r.purpose),
    day(r.acknowledgedAt),
  ]),
  t.none,
)}
${report.status.recipientsNotifiedOfErasure?.length ? `<p>${de ? 'Über die Löschung informiert (Art. 19 DSGVO)' : 'Told of the erasure (Art. 19 GDPR)'}: ${escape(report.status.recipientsNotifiedOfErasure.map(l.agency).join(', '))}</p>` : ''}
<h2>8. ${escape(t.sections.refusedTransfers)}</h2>
${table(
  [
    de ? 'Datum' : 'Date',
    de ? 'Empfänger' : 'Recipient',
    de ? 'Rechtsgrundlage' : 'Legal basis',
    de ? 'Stand' : 'Status',
    de ? 'Datenkategorien' : 'Data categories',
    de ? 'Nicht erfüllte Bedingungen' : 'Conditions not met',
  ],
  report.refusedTransfers.map((r) => [
    time(r.at),
    l.agency(r.toAgency),
    r.rechtsgrundlage,
    TRANSFER_STATUS_LABELS[lang][r.status] ?? r.status,
    l.categories(r.dataCategories),
    r.nichtErfuellt.length > 0 ? r.nichtErfuellt.join('; ') : r.reasons.map(l.reason).join('; '),
  ]),
  t.none,
)}
<h2>9. ${escape(t.sections.accesses)}</h2>
<p class="meta">${escape(t.staffNote)}</p>
${table(
  [
    de ? 'Zeitpunkt' : 'Time',
    de ? 'Rolle' : 'Role',
    de ? 'Stelle' : 'Body',
    de ? 'Zweck' : 'Purpose',
    de ? 'Daten' : 'Data',
  ],
  report.accesses.map((a) => [
    time(a.at),
    l.role(a.role),
    l.agency(a.agency),
    l.purpose(a.purpose),
    l.categories(a.dataCategories),
  ]),
  t.none,
)}
<h2>10. ${escape(t.sections.refusedAccesses)}</h2>
${table(
  [de ? 'Zeitpunkt' : 'Time', de ? 'Rolle' : 'Role', de ? 'Stelle' : 'Body'],
  report.refusedAccesses.map((a) => [time(a.at), l.role(a.role), l.agency(a.agency)]),
  t.none,
)}
<h2>11. ${escape(t.sections.retention)}</h2>
${table(
  [de ? 'Aktenart' : 'Record class', de ? 'Frist' : 'Period', t.keptUntil],
  [[retention.label, retentionRule, retention.keptUntil ? day(retention.keptUntil) : '–']],
  t.none,
)}
<h2>12. ${escape(t.sections.sources)}</h2>
${table(
  [de ? 'Herkunft' : 'Source', de ? 'Seit' : 'Since'],
  report.sources.map((s) => [sourceLabel[s.source], day(s.at)]),
  t.none,
)}
<h2>13. ${escape(t.sections.rights)}</h2>
${table(
  [de ? 'Vorschrift' : 'Provision', de ? 'Recht' : 'Right'],
  t.rights.map((r) => [r.article, r.text]),
  t.none,
)}
<p>${de ? 'Ihre Anliegen richten Sie an die verantwortliche Stelle oder die Datenschutzbeauftragte (Abschnitt 1).' : 'Address your requests to the controller or the data protection officer (section 1).'}</p>
<h2>14. ${escape(t.sections.complaint)}</h2>
<p>${escape(t.complaint)}<br>${escape(info.complaintAuthority.name)}, ${escape(info.complaintAuthority.address)}, ${escape(info.complaintAuthority.email)}, ${escape(info.complaintAuthority.web)}</p>
</body></html>
`;
}
