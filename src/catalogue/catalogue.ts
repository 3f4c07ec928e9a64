import type { Catalogue } from '../config/catalogue.js';
import { REASON_CODES, REASON_LABELS } from '../legal-basis/reasons.js';
import {
  bool,
  CODE_PATTERN,
  entryName,
  fail,
  int,
  list,
  object,
  oneOf,
  optionalText,
  text,
  texts,
  uniqueCodes,
  type Json,
} from './config-checks.js';

/**
 * The county's catalogue, version 2 (product.md §1, legal.md): specific recipient controllers, municipalities,
 * data categories, purposes, reasons, roles, fields of action, provenance tags, the maximum consent validity
 * and the sender regime. Configuration, not code: Kreis Mettmann's defaults are in default-catalogue.ts,
 * a county replaces them with a JSON file (catalogue.loader.ts). Everything here is pure.
 */

/**
 * Whose law governs the KI's own data (legal.md, "A foundational choice"): `sgb` — SGB X §§ 67–85a apply
 * (the KIM records are Sozialdaten); `dsg-nrw` — DSGVO and DSG NRW apply, SGB X binds the KI only as the
 * recipient of Sozialdaten (§ 78 SGB X).
 */
export const SENDER_REGIMES = ['sgb', 'dsg-nrw'] as const;
export type SenderRegime = (typeof SENDER_REGIMES)[number];

export const AGENCY_KINDS = [
  'integration-centre',
  'jobcenter',
  'employment-agency',
  'immigration-authority',
  'naturalisation-authority',
  'school-authority',
  'youth-office',
  'social-office',
  'welfare-association',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface CodedEntry {
  code: string;
  /** German label, shown to users. */
  label: string;
  labelEn?: string;
}

export interface CatalogueAgency extends CodedEntry {
  kind: AgencyKind;
  /** Öffentliche Stelle. Private bodies (the free welfare associations) can be reached by consent only. */
  publicBody: boolean;
  /** Leistungsträger of § 35 SGB I (Sozialgeheimnis): the only recipients § 69 Abs. 1 Nr. 1 SGB X reaches. */
  socialCodeBody: boolean;
  /** The municipality (its code) whose office this is. */
  municipality?: string;
  /** An old collective code (SOZIALAMT, WOHLFAHRTSVERBAND): readable, never usable for new consents or transfers. */
  legacy: boolean;
}

export interface CatalogueDataCategory extends CodedEntry {
  /** Art. 9 DSGVO special category. */
  special: boolean;
  /** May hold special categories (free text: case notes), so treated like one. */
  possiblySpecial: boolean;
}

export interface CatalogueProvenanceTag extends CodedEntry {
  /** The tag must name who entrusted the data (§ 65 SGB VIII: the person, a representative or a third party). */
  needsEntruster: boolean;
}

export interface CatalogueV2 {
  version: 2;
  agencies: CatalogueAgency[];
  municipalities: CodedEntry[];
  dataCategories: CatalogueDataCategory[];
  purposes: CodedEntry[];
  /** Labels of every condition and refusal reason of a verdict (see legal-basis/reasons.ts). */
  reasons: CodedEntry[];
  roles: CodedEntry[];
  /** Handlungsfelder of the Integrationsplan. */
  fieldsOfAction: CodedEntry[];
  provenanceTags: CatalogueProvenanceTag[];
  /** Union citizens and their equals (EEA, Switzerland): FreizügG/EU rather than the AufenthG applies to them. */
  euNationalities: string[];
  /** Longest validity a new consent may have (default 24 months). */
  maxConsentValidityMonths: number;
  senderRegime: SenderRegime;
  /** Betreuungsschlüssel: cases per full-time post. */
  caseloadLimit: number;
}

/** Shown for a legacy code wherever a label is expected. */
export const UNSPECIFIED = 'nicht näher bezeichnet';

// --- lookups ------------------------------------------------------------------------------------------

export const agencyOf = (catalogue: CatalogueV2, code: string): CatalogueAgency | undefined =>
  catalogue.agencies.find((a) => a.code === code);

export const isUsableAgency = (catalogue: CatalogueV2, code: string): boolean => {
  const agency = agencyOf(catalogue, code);
  return agency !== undefined && !agency.legacy;
};

export const categoryOf = (catalogue: CatalogueV2, code: string): CatalogueDataCategory | undefined =>
  catalogue.dataCategories.find((c) => c.code === code);

/** Special or possibly special (Art. 9 DSGVO): case notes count, because notes routinely hold health or religion. */
export const isSpecialCategory = (catalogue: CatalogueV2, code: string): boolean => {
  const category = categoryOf(catalogue, code);
  return category !== undefined && (category.special || category.possiblySpecial);
};

/** The German label of any coded entry; legacy agencies read "<label> (nicht näher bezeichnet)". */
export function labelOf(
  catalogue: CatalogueV2,
  list: 'agencies' | 'municipalities' | 'dataCategories' | 'purposes' | 'reasons' | 'roles' | 'fieldsOfAction',
  code: string,
): string {
  const entry = (catalogue[list] as CodedEntry[]).find((e) => e.code === code);
  if (!entry) return code;
  if (list === 'agencies' && (entry as CatalogueAgency).legacy) return `${entry.label} (${UNSPECIFIED})`;
  return entry.label;
}

/**
 * The catalogue in the shape the current code reads (src/config/catalogue.ts), until the person-file decider
 * switches over. Legacy agencies stay in it so old events keep their labels; possibly-special categories
 * count as special there, so the old statutory branch refuses case notes (the stricter reading).
 */
export function toLegacyCatalogue(catalogue: CatalogueV2, statutoryBases: readonly string[] = []): Catalogue {
  return {
    agencies: catalogue.agencies.map((a) => ({
      code: a.code,
      label: a.legacy ? `${a.label} (${UNSPECIFIED})` : a.label,
      publicBody: a.publicBody,
    })),
    municipalities: catalogue.municipalities.map((m) => m.code),
    dataCategories: catalogue.dataCategories.map((c) => ({
      code: c.code,
      label: c.label,
      special: c.special || c.possiblySpecial,
    })),
    statutoryBases: [...statutoryBases],
    caseloadLimit: catalogue.caseloadLimit,
  };
}

// --- validation ---------------------------------------------------------------------------------------

const NATIONALITY = /^[A-Z]{2}$/;

function coded(entry: unknown, where: string): CodedEntry & { raw: Json } {
  const raw = object(entry, where);
  const code = text(raw, 'code', where);
  if (!CODE_PATTERN.test(code)) fail(where, `"code" may hold letters, digits, "-", "_", ".", "§" and spaces only`);
  const labelEn = optionalText(raw, 'labelEn', where);
  return { code, label: text(raw, 'label', where), ...(labelEn ? { labelEn } : {}), raw };
}

function codedList<T extends CodedEntry>(
  o: Json,
  key: string,
  prefix: string,
  extra: (entry: CodedEntry & { raw: Json }, where: string) => T,
  fallback?: unknown[],
): T[] {
  const entries = list(o, key, prefix, { nonEmpty: true, fallback }).map((e, i) => {
    const where = entryName(prefix, key, i, e);
    return extra(coded(e, where), where);
  });
  uniqueCodes(entries, prefix, key);
  return entries;
}

const plain = ({ code, label, labelEn }: CodedEntry): CodedEntry => ({ code, label, ...(labelEn ? { labelEn } : {}) });

/**
 * Validates a catalogue (a parsed JSON file). `source` names it in messages, e.g. `KIM_CATALOGUE_FILE`.
 * Reason labels are merged over the built-in ones: the codes belong to the code, a county may relabel them.
 */
export function parseCatalogue(value: unknown, source: string): CatalogueV2 {
  const o = object(value, source);
  if (o.version !== 2) fail(source, `"version" must be 2 (catalogue version 2), got ${JSON.stringify(o.version)}`);

  const municipalities = codedList(o, 'municipalities', source, plain);
  const municipalityCodes = new Set(municipalities.map((m) => m.code));
  const agencies = codedList(o, 'agencies', source, (e, where): CatalogueAgency => {
    const agency: CatalogueAgency = {
      ...plain(e),
      kind: oneOf(e.raw, 'kind', where, AGENCY_KINDS),
      publicBody: bool(e.raw, 'publicBody', where),
      socialCodeBody: bool(e.raw, 'socialCodeBody', where),
      legacy: bool(e.raw, 'legacy', where, false),
    };
    const municipality = optionalText(e.raw, 'municipality', where);
    if (municipality !== undefined) {
      if (!municipalityCodes.has(municipality))
        fail(where, `"municipality" names unknown municipality "${municipality}"`);
      agency.municipality = municipality;
    }
    if (agency.socialCodeBody && !agency.publicBody) fail(where, 'a body of § 35 SGB I is a public body');
    if (agency.kind === 'welfare-association' && agency.publicBody)
      fail(where, 'a welfare association is no public body');
    return agency;
  });
  const centres = agencies.filter((a) => a.kind === 'integration-centre' && !a.legacy);
  if (centres.length !== 1)
    fail(source, `"agencies" must hold exactly one integration-centre (the sender), found ${centres.length}`);

  const dataCategories = codedList(o, 'dataCategories', source, (e, where) => ({
    ...plain(e),
    special: bool(e.raw, 'special', where),
    possiblySpecial: bool(e.raw, 'possiblySpecial', where, false),
  }));
  const purposes = codedList(o, 'purposes', source, plain);
  const roles = codedList(o, 'roles', source, plain);
  const fieldsOfAction = codedList(o, 'fieldsOfAction', source, plain);
  const provenanceTags = codedList(o, 'provenanceTags', source, (e, where) => ({
    ...plain(e),
    needsEntruster: bool(e.raw, 'needsEntruster', where, false),
  }));
  const reasons = mergeReasons(codedList(o, 'reasons', source, plain, []), source);

  const euNationalities = texts(o, 'euNationalities', source);
  const badNationality = euNationalities.find((n) => !NATIONALITY.test(n) || n === 'DE');
  if (badNationality !== undefined) {
    fail(source, `"euNationalities" must hold ISO 3166 alpha-2 codes other than DE, got "${badNationality}"`);
  }

  return {
    version: 2,
    agencies,
    municipalities,
    dataCategories,
    purposes,
    reasons,
    roles,
    fieldsOfAction,
    provenanceTags,
    euNationalities,
    maxConsentValidityMonths: int(o, 'maxConsentValidityMonths', source, 1, 120),
    senderRegime: oneOf(o, 'senderRegime', source, SENDER_REGIMES),
    caseloadLimit: int(o, 'caseloadLimit', source, 1, 1000),
  };
}

function mergeReasons(configured: CodedEntry[], source: string): CodedEntry[] {
  const unknown = configured.find((r) => !(REASON_CODES as string[]).includes(r.code));
  if (unknown) fail(source, `"reasons" names unknown reason code "${unknown.code}"`);
  return REASON_CODES.map((code) => {
    const own = configured.find((r) => r.code === code);
    return { code, label: REASON_LABELS[code].de, labelEn: REASON_LABELS[code].en, ...own };
  });
}
