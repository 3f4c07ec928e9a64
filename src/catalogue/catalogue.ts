import type { Catalogue } from '../config/catalogue.js';

/**
 * The county's catalogue, version 2 (product.md §1, legal.md): specific recipient controllers, municipalities,
 * data categories, purposes, reasons, roles, fields of action, provenance tags, the maximum consent validity
 * and the sender regime. Configuration, not code: Kreis Mettmann's defaults are in default-catalogue.ts,
 * a county replaces them with a JSON file (catalogue.loader.ts, checked by catalogue.parser.ts). Pure.
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

/**
 * The basis of the KI's own processing of a participant (legal.md, Art. 6, 9 DSGVO; issue 14 item 5):
 * a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) or a documented public task
 * (Art. 6 Abs. 1 lit. e DSGVO with the national norm the county names).
 */
export const PARTICIPATION_BASIS_KINDS = ['consent', 'public-task'] as const;
export type ParticipationBasisKind = (typeof PARTICIPATION_BASIS_KINDS)[number];

export interface CatalogueParticipationBasis extends CodedEntry {
  kind: ParticipationBasisKind;
  /** The citation as printed, e.g. "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW". */
  norm: string;
  /** public-task: the least length of the documented reason (letters and digits); consent: 0. */
  justificationMinLength: number;
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
  /** Bases a registration may name for the KI's own processing (POST /persons `participation.basis`). */
  participationBases: CatalogueParticipationBasis[];
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
 * The catalogue in the shape older readers use (src/config/catalogue.ts: labels in reports, municipalities,
 * case actions, the caseload limit); transfers and consents read catalogue v2 itself. Legacy agencies stay
 * in it so old events keep their labels ("nicht näher bezeichnet"); possibly-special categories count as special.
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
