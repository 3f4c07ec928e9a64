/** German labels for codes the API sends; an unknown code is shown as it is. */
export const ROLE_LABELS: Record<string, string> = {
  dpo: 'Datenschutzbeauftragte/r',
  privacy_officer: 'Datenschutzkoordination',
  team_lead: 'Teamleitung',
  caseworker: 'Fallmanagement',
  agency_officer: 'Partnerbehörde',
  committee: 'Ausschuss',
  admin: 'Betrieb',
};

export const ACTION_LABELS: Record<string, string> = {
  access: 'Lesezugriff',
  'access-denied': 'Zugriff verweigert',
  'person-registered': 'Person erfasst',
  'person-restricted': 'Verarbeitung eingeschränkt',
  'restriction-lifted': 'Einschränkung aufgehoben',
  'person-erased': 'Person gelöscht',
  'consent-granted': 'Einwilligung erteilt',
  'consent-refused': 'Einwilligung abgelehnt',
  'consent-withdrawn': 'Einwilligung widerrufen',
  transfer: 'Datenübermittlung',
  'transfer-refused': 'Übermittlung verweigert',
  'transfer-acknowledged': 'Empfang bestätigt',
  'case-opened': 'Fall eröffnet',
  'case-assigned': 'Fall zugewiesen',
  'case-action': 'Fallaktivität',
  'case-closed': 'Fall abgeschlossen',
  'case-reopened': 'Fall wiedereröffnet',
};

export const ANOMALY_LABELS: Record<string, string> = {
  'read-without-case': 'Lesezugriff ohne zugewiesenen Fall',
  'read-outside-office-hours': 'Lesezugriff außerhalb der Dienstzeit',
  'bulk-read': 'Massenabruf',
  'statutory-transfer': 'Übermittlung auf gesetzlicher Grundlage',
  'transfer-refused': 'Verweigerte Übermittlung',
  'access-denied': 'Verweigerter Zugriff',
};

export const REQUEST_KIND_LABELS: Record<string, string> = {
  access: 'Auskunft (Art. 15)',
  rectification: 'Berichtigung (Art. 16)',
  erasure: 'Löschung (Art. 17)',
  restriction: 'Einschränkung (Art. 18)',
  objection: 'Widerspruch (Art. 21)',
};

export const CHANNEL_LABELS: Record<string, string> = {
  letter: 'Brief',
  email: 'E-Mail',
  'in-person': 'persönlich',
  phone: 'Telefon',
  online: 'Online-Formular',
};

export const STATUS_LABELS: Record<string, string> = {
  open: 'offen',
  received: 'eingegangen',
  'in-progress': 'in Bearbeitung',
  answered: 'beantwortet',
  closed: 'erledigt',
  rejected: 'abgelehnt',
  'awaiting-approval': 'wartet auf Freigabe',
  approved: 'freigegeben',
  erased: 'gelöscht',
  transferred: 'übermittelt',
  refused: 'verweigert',
  reviewed: 'geprüft',
};

export const label = (table: Record<string, string>, code: unknown): string =>
  typeof code === 'string' ? (table[code] ?? code) : code === null || code === undefined ? '–' : String(code);

const dateTime = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
});
const date = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' });

export function formatDateTime(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '–';
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : date.format(d);
}

export const formatNumber = (n: number, digits = 0) =>
  new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
