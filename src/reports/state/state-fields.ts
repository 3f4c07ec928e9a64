import { readFileSync } from 'node:fs';
import type { TableRegistry } from '../tables/table-registry.js';

/**
 * The field list of the state figures (Landesprogramm KIM, MKJFGFI NRW, § 9 TIntG NRW: Datenbank KIM and
 * Verwendungsnachweis). The state's exact field catalogue is not public, so the list is configuration:
 * a JSON file named by KIM_STATE_FIELDS_FILE, else the default below — OUR READING of the programme's
 * reporting, not the official catalogue. Each field names a table or figure of the report registry;
 * fields whose data the ledger does not record yet are reported as "nicht erfasst".
 */
export interface StateField {
  /** Code of the field in the export. */
  code: string;
  /** German label of the field. */
  label: string;
  /** Code of a table or figure in the report registry. */
  figure: string;
  note?: string;
}

export interface StateFieldList {
  /** Where the list comes from: the file's path, or "Standard". */
  source: string;
  /** What the list is, stated in every export. */
  basis: string;
  fields: StateField[];
}

export const DEFAULT_BASIS =
  'Feldliste nach unserer Lesart der Berichtspflichten im Landesprogramm KIM (MKJFGFI NRW, § 9 TIntG NRW; ' +
  'Datenbank KIM / Verwendungsnachweis). NICHT der amtliche Feldkatalog des Landes, der nicht veröffentlicht ist; ' +
  'vor der Übermittlung mit den Vorgaben des Landes abgleichen.';

export const DEFAULT_STATE_FIELDS: StateField[] = [
  { code: 'teilnehmende', label: 'Teilnehmende im Casemanagement im Berichtsjahr', figure: 'cases-active' },
  { code: 'teilnehmende-neu', label: 'Neu aufgenommene Teilnehmende', figure: 'cases-opened' },
  {
    code: 'teilnehmende-jahresende',
    label: 'Teilnehmende am Ende des Berichtszeitraums',
    figure: 'cases-active-at-end',
  },
  { code: 'teilnahmen-beendet', label: 'Beendete Teilnahmen', figure: 'cases-closed' },
  { code: 'teilnehmende-geschlecht', label: 'Teilnehmende nach Geschlecht', figure: 'participants-by-gender' },
  { code: 'teilnehmende-altersgruppe', label: 'Teilnehmende nach Altersgruppe', figure: 'participants-by-age-band' },
  {
    code: 'teilnehmende-aufenthaltsstatus',
    label: 'Teilnehmende nach Gruppe des Aufenthaltsstatus',
    figure: 'participants-by-residence-status-group',
  },
  {
    code: 'teilnehmende-staatsangehoerigkeit',
    label: 'Teilnehmende nach Staatsangehörigkeitsgruppe',
    figure: 'participants-by-nationality-group',
  },
  { code: 'teilnehmende-rechtskreis', label: 'Teilnehmende nach Rechtskreis', figure: 'participants-by-legal-regime' },
  { code: 'teilnehmende-zugangsweg', label: 'Teilnehmende nach Zugangsweg', figure: 'participants-by-access-route' },
  { code: 'teilnehmende-kommune', label: 'Teilnehmende nach Kommune', figure: 'participants-by-municipality' },
  { code: 'teilnahmen-beendet-grund', label: 'Beendete Teilnahmen nach Grund', figure: 'participants-ended-by-reason' },
  { code: 'faelle-handlungsfeld', label: 'Fälle nach Handlungsfeld', figure: 'cases-by-field-of-action' },
  { code: 'zielerreichung', label: 'Zielerreichung nach Handlungsfeld', figure: 'goal-attainment-by-field-of-action' },
  {
    code: 'verweisungen-ergebnis',
    label: 'Verweisungen an Stellen und ihr Ergebnis',
    figure: 'referrals-by-agency-and-outcome',
  },
  {
    code: 'personal-vza',
    label: 'Personal in Vollzeitäquivalenten nach Baustein und Träger',
    figure: 'staff-fte-by-baustein-and-provider',
  },
  {
    code: 'baustein3-integrationsleistungen',
    label: 'Baustein 3: besondere Integrationsleistungen',
    figure: 'special-integration-achievements',
  },
  {
    code: 'baustein3-einbuergerung',
    label: 'Baustein 3: Verweisungen an die Einbürgerungsbehörde',
    figure: 'naturalisation-referrals',
  },
];

export class StateFieldsError extends Error {
  constructor(message: string) {
    super(`KIM_STATE_FIELDS_FILE: ${message}`);
    this.name = 'StateFieldsError';
  }
}

const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** The field list in force: the file named by KIM_STATE_FIELDS_FILE, checked against the registry. */
export function loadStateFields(env: Record<string, string | undefined>, registry: TableRegistry): StateFieldList {
  const file = env.KIM_STATE_FIELDS_FILE;
  if (!file) return { source: 'Standard', basis: DEFAULT_BASIS, fields: DEFAULT_STATE_FIELDS };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StateFieldsError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const o = raw as { basis?: unknown; fields?: unknown };
  if (typeof o !== 'object' || o === null || !Array.isArray(o.fields) || o.fields.length === 0) {
    throw new StateFieldsError(`${file} must be an object with a non-empty list "fields"`);
  }
  const seen = new Set<string>();
  const fields = (o.fields as unknown[]).map((entry, i): StateField => {
    const f = entry as Partial<StateField>;
    const where = `fields[${i}]`;
    if (!text(f?.code) || !text(f.label) || !text(f.figure)) {
      throw new StateFieldsError(`${where} needs "code", "label" and "figure" as texts`);
    }
    if (seen.has(f.code!)) throw new StateFieldsError(`${where}: the code "${f.code}" appears twice`);
    seen.add(f.code!);
    if (!registry.get(f.figure!)) {
      throw new StateFieldsError(
        `${where} "${f.code}" names unknown figure "${f.figure}"; known: ${registry.codes().join(', ')}`,
      );
    }
    return { code: f.code!, label: f.label!, figure: f.figure!, ...(text(f.note) ? { note: f.note! } : {}) };
  });
  return { source: file, basis: text(o.basis) ? (o.basis as string) : DEFAULT_BASIS, fields };
}
