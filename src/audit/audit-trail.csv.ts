import type { AuditEntry } from '../../projections/audit-trail.projection.js';
import { csvText } from '../shared/csv.js';

/** Column headings in German: the export is opened by the DPO's office in Excel. */
const COLUMNS: { heading: string; value: (e: AuditEntry) => string }[] = [
  { heading: 'Zeitpunkt (Ortszeit)', value: (e) => berlinTime(e.at) },
  { heading: 'Zeitpunkt (UTC, ISO 8601)', value: (e) => e.at },
  { heading: 'Vorgang', value: (e) => e.action },
  { heading: 'Ereignistyp', value: (e) => e.eventType },
  { heading: 'Personen-ID', value: (e) => e.personId ?? '' },
  { heading: 'Handelnde Person (Kennung)', value: (e) => e.actorSub },
  { heading: 'Rolle', value: (e) => e.actorRole },
  { heading: 'Behörde', value: (e) => e.actorAgency },
  { heading: 'Zweck', value: (e) => e.purpose ?? '' },
  { heading: 'Rechtsgrundlage', value: (e) => e.legalBasis ?? '' },
  { heading: 'Korrelations-ID', value: (e) => e.correlationId },
  { heading: 'Position im Ereignisprotokoll', value: (e) => e.position },
  { heading: 'Einzelheiten', value: (e) => (Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '') },
];

const berlinTime = (iso: string) =>
  new Date(iso).toLocaleString('de-DE', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** One field, defused and quoted (see csvText): a reason typed into the system never becomes a formula. */
const field = (raw: string, separator: string): string => csvText(raw, separator);

/** UTF-8 with BOM and CRLF line ends: what Excel needs to show umlauts and rows correctly. */
export function auditTrailCsv(entries: readonly AuditEntry[], separator: ';' | ','): string {
  const lines = [COLUMNS.map((c) => field(c.heading, separator)).join(separator)];
  for (const entry of entries) lines.push(COLUMNS.map((c) => field(c.value(entry), separator)).join(separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
