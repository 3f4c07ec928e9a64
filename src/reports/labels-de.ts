import { DEFAULT_CATALOGUE_V2 } from '../catalogue/default-catalogue.js';
import { ATTAINMENT_SCALE } from '../case-management/plan/casework.config.js';
import type { Catalogue } from '../config/catalogue.js';
import { FINDING_TOPICS } from '../findings/findings.events.js';
import { FAILURE_REASONS } from '../legal-basis/reasons.js';
import { NATIONALITY_GROUPS } from './nationality-groups.js';

/**
 * German labels for every code a report shows. One lookup, `germanLabel`, serves all renderers: it asks
 * the county's catalogue first (agencies, purposes, legal bases, categories, reasons — whatever lists
 * the catalogue carries, so codes added there show their label without a change here), then the labels
 * below. A code known nowhere, and the v1 codes that named no specific controller (`SOZIALAMT`,
 * `WOHLFAHRTSVERBAND`), are shown as "nicht näher bezeichnet" — never as the code itself.
 */
export type LabelKind =
  | 'agency'
  | 'legalBasis'
  | 'purpose'
  | 'dataCategory'
  | 'closeReason'
  | 'refusalReason'
  | 'achievement'
  | 'findingTopic'
  | 'role'
  | 'nationalityGroup'
  | 'municipality'
  | 'fieldOfAction'
  | 'attainment'
  | 'contactChannel'
  | 'referralOutcome'
  | 'provider';

export const UNSPECIFIED = 'nicht näher bezeichnet';

/** v1 codes that named a kind of body rather than a controller (product section 1, v2). */
const LEGACY: Record<string, string> = {
  SOZIALAMT: `Sozialamt, ${UNSPECIFIED}`,
  WOHLFAHRTSVERBAND: `Wohlfahrtsverband, ${UNSPECIFIED}`,
};

const CLOSE_REASONS: Record<string, string> = {
  'goals-achieved': 'Ziele erreicht',
  'referred-to-regular-services': 'In Regeldienste übergeleitet',
  'moved-away': 'Verzogen',
  'no-longer-reachable': 'Nicht mehr erreichbar',
  'participant-ended': 'Durch Teilnehmende beendet',
  naturalised: 'Eingebürgert',
  other: 'Sonstiges',
};

/**
 * Reason codes of a refused transfer, detail after `:` removed: the flat v1 list of older events, then every
 * failure reason of the legal-basis matrix (src/legal-basis/reasons.ts).
 */
const REFUSAL_REASONS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FAILURE_REASONS).map(([code, label]) => [code, label.de])),
  'no-consent-for-recipient': 'Keine Einwilligung für die empfangende Stelle',
  'consent-missing-category': 'Datenkategorie nicht von der Einwilligung umfasst',
  'consent-missing-purpose': 'Zweck nicht von der Einwilligung umfasst',
  'consent-expired': 'Einwilligung abgelaufen',
  'consent-withdrawn': 'Einwilligung widerrufen',
  'consent-not-yet-valid': 'Einwilligung noch nicht gültig',
  expired: 'Einwilligung abgelaufen',
  withdrawn: 'Einwilligung widerrufen',
  'not-yet-valid': 'Einwilligung noch nicht gültig',
  'special-category-requires-explicit-consent': 'Gesundheitsdaten ohne ausdrückliche Einwilligung (Art. 9 DSGVO)',
  'welfare-association-requires-consent': 'Wohlfahrtsverband nur mit Einwilligung',
  'youth-office-entrusted-data-requires-entruster-consent': 'Anvertraute Daten (§ 65 SGB VIII)',
  'justification-required': 'Begründung für gesetzliche Grundlage fehlt',
  'unknown-legal-basis': 'Unbekannte Rechtsgrundlage',
  'unknown-recipient-agency': 'Unbekannte empfangende Stelle',
  'unknown-data-category': 'Unbekannte Datenkategorie',
  'person-restricted': 'Verarbeitung eingeschränkt (Art. 18 DSGVO)',
  'person-erased': 'Person gelöscht (Art. 17 DSGVO)',
  'sender-is-recipient': 'Absender ist Empfänger',
};

const ACHIEVEMENTS: Record<string, string> = {
  'volunteer-fire-brigade': 'Freiwillige Feuerwehr',
  'elder-care': 'Ehrenamt in der Altenhilfe',
  'sports-club-coach': 'Übungsleitung im Sportverein',
  'language-mentor': 'Sprachpatenschaft',
  'parents-council': 'Elternvertretung',
  'integration-council': 'Integrationsrat',
  other: 'Sonstige Integrationsleistung',
};

/** The default statutory bases (catalogue v1 lists codes only) and the v2 legal-basis matrix codes. */
const LEGAL_BASES: Record<string, string> = {
  consent: 'Einwilligung',
  'SGB X §69': '§ 69 SGB X',
  'SGB X §71': '§ 71 SGB X',
  'AufenthG §87': '§ 87 AufenthG',
  'sgb10-69': '§ 69 Abs. 1 Nr. 1 SGB X',
  'sgb10-71-2': '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG',
  'kkg-4': '§ 4 KKG / § 8a SGB VIII',
  'stag-32': '§ 32 StAG',
  'vital-interests': 'Lebenswichtige Interessen (Art. 6 Abs. 1 lit. d DSGVO)',
};

const PURPOSES: Record<string, string> = {
  'labour-market-integration': 'Integration in Arbeit',
  'child-welfare': 'Kinder- und Jugendhilfe',
  'benefit-application': 'Leistungsantrag',
};

const ROLES: Record<string, string> = {
  caseworker: 'Fallmanagerin / Fallmanager',
  team_lead: 'Leitung Casemanagement',
  agency_officer: 'Mitarbeitende einer Partnerstelle',
  privacy_officer: 'Datenschutzkoordination',
  dpo: 'Datenschutzbeauftragte/r',
  committee: 'Sozialausschuss',
  admin: 'Betrieb',
};

/** Catalogue v2 entries as built-in labels (a v1 catalogue lacks them); legacy codes are handled above. */
const fromDefaultV2 = (entries: readonly { code: string; label: string; legacy?: boolean }[]) =>
  Object.fromEntries(entries.filter((e) => e.legacy !== true).map((e) => [e.code, e.label]));

const ATTAINMENTS = Object.fromEntries(
  ATTAINMENT_SCALE.map((a) => [a.code, a.label.charAt(0).toUpperCase() + a.label.slice(1)]),
);

const CONTACT_CHANNELS: Record<string, string> = {
  'in-person': 'Persönlich',
  'home-visit': 'Hausbesuch',
  phone: 'Telefon',
  video: 'Video',
  email: 'E-Mail',
  letter: 'Brief',
  messenger: 'Messenger',
};

const REFERRAL_OUTCOMES: Record<string, string> = {
  accepted: 'Angenommen',
  started: 'Begonnen',
  completed: 'Abgeschlossen',
  declined: 'Abgelehnt',
};

const BUILT_IN: Record<LabelKind, Record<string, string>> = {
  agency: fromDefaultV2(DEFAULT_CATALOGUE_V2.agencies),
  legalBasis: LEGAL_BASES,
  purpose: PURPOSES,
  dataCategory: {},
  closeReason: CLOSE_REASONS,
  refusalReason: REFUSAL_REASONS,
  achievement: ACHIEVEMENTS,
  findingTopic: FINDING_TOPICS,
  role: ROLES,
  nationalityGroup: NATIONALITY_GROUPS,
  municipality: {},
  fieldOfAction: fromDefaultV2(DEFAULT_CATALOGUE_V2.fieldsOfAction),
  attainment: ATTAINMENTS,
  contactChannel: CONTACT_CHANNELS,
  referralOutcome: REFERRAL_OUTCOMES,
  provider: { unassigned: 'Nicht zugewiesen (Warteliste)' },
};

/** The catalogue lists that may carry labels for a kind (v1 names first, then v2 names). */
const CATALOGUE_LISTS: Record<LabelKind, string[]> = {
  agency: ['agencies'],
  legalBasis: ['legalBases', 'statutoryBases'],
  purpose: ['purposes'],
  dataCategory: ['dataCategories'],
  closeReason: ['closeReasons', 'closureReasons'],
  refusalReason: ['reasons', 'refusalReasons'],
  achievement: ['achievementKinds', 'achievements'],
  findingTopic: ['findingTopics'],
  role: ['roles'],
  nationalityGroup: [],
  municipality: ['municipalities'],
  fieldOfAction: ['fieldsOfAction'],
  attainment: [],
  contactChannel: [],
  referralOutcome: [],
  provider: [],
};

function fromCatalogue(catalogue: Catalogue, kind: LabelKind, code: string): string | undefined {
  for (const name of CATALOGUE_LISTS[kind]) {
    const list = (catalogue as unknown as Record<string, unknown>)[name];
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      if (typeof entry === 'string') {
        // Municipalities are listed by their German name; bare codes elsewhere carry no label.
        if (entry === code && kind === 'municipality') return entry;
        continue;
      }
      const e = entry as { code?: unknown; label?: unknown; labelDe?: unknown; de?: unknown; legacy?: unknown };
      if (e?.code !== code) continue;
      if (e.legacy === true) return undefined;
      const label = [e.labelDe, e.label, e.de].find((l) => typeof l === 'string' && l.trim() !== '');
      if (label) return label as string;
    }
  }
  return undefined;
}

/** The German label of a code; never the code itself (issue 17). */
export function germanLabel(catalogue: Catalogue, kind: LabelKind, code: string): string {
  if (kind === 'agency' && code in LEGACY) return LEGACY[code]!;
  // A provider (Träger) of case managers is an agency of the catalogue (KI, Ausländerbehörde, a welfare
  // association) or a city, named by the municipality (product: PUT /staff).
  if (kind === 'provider' && !(code in BUILT_IN.provider)) {
    const agency = germanLabel(catalogue, 'agency', code);
    if (agency !== UNSPECIFIED) return agency;
    const city = germanLabel(catalogue, 'municipality', code);
    return city === UNSPECIFIED ? UNSPECIFIED : `Stadt ${city}`;
  }
  const label = fromCatalogue(catalogue, kind, code) ?? BUILT_IN[kind][code];
  if (label) return label;
  // A municipality is its German name already; one the catalogue no longer lists keeps it.
  return kind === 'municipality' && /^\p{Lu}[\p{L} .-]*$/u.test(code) ? code : UNSPECIFIED;
}

/** `{ code, label }` for JSON: the label beside the code. */
export const coded = (catalogue: Catalogue, kind: LabelKind, code: string) => ({
  code,
  label: germanLabel(catalogue, kind, code),
});

const integerFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });

/** German number format: 1.234 and 12,5. */
export const germanNumber = (value: number, digits = 0) =>
  digits === 0
    ? integerFormat.format(value)
    : value.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });
