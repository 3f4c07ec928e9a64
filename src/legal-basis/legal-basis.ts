import type { CodedEntry, SenderRegime } from '../catalogue/catalogue.js';

/**
 * The legal-basis matrix (Rechtsgrundlagen-Matrix, issue #14): every way data may leave the KI, as rows the
 * county's legal office edits without code. A transfer cites one row by its code; the policy
 * (lawful-transfer.policy.ts) checks every condition of that row. Defaults: default-legal-bases.ts.
 */

/** A citation such as § 71 Abs. 2 SGB X or Art. 6 Abs. 1 lit. d DSGVO, kept in its parts. */
export interface Norm {
  unit: '§' | 'Art.';
  number: string;
  absatz?: string;
  satz?: string;
  nummer?: string;
  /** Buchstabe (lit.) */
  buchstabe?: string;
  law: string;
}

export type RowKind = 'consent' | 'statutory';

/** Every recipient / category / purpose / sender the catalogue knows (only the consent row uses it). */
export const ANY = 'any';
export type Scope = readonly string[] | typeof ANY;

export interface RequestRule {
  /** An Ersuchen of the recipient authority must be on file (e.g. § 71 Abs. 2 SGB X, § 32 StAG). */
  required: boolean;
  /** Whose request counts: the recipient itself, or the authorities listed. */
  authorities: 'recipient' | readonly string[];
  /** A request older than this many days no longer carries a transfer; null: no limit. */
  maxAgeDays: number | null;
}

export interface ConsentRule {
  /** Only a consent with a documented `informed` block (language, form version, interpreter) counts. */
  requireInformed: boolean;
  /** A consent counts at most for the configured maximum validity, even if older events state a later end. */
  capAtMaximumValidity: boolean;
  /** Provenance tags whose data need the consent of whoever entrusted them (§ 65 SGB VIII). */
  entrusterTags: readonly string[];
  /** The entruster's consent must name the provenance tag it releases. */
  entrusterConsentMustNameTag: boolean;
}

export interface LegalBasisRow {
  code: string;
  kind: RowKind;
  norm: Norm;
  /** Norms read together with it ("i. V. m."). */
  relatedNorms: readonly Norm[];
  /** German title, shown in GET /legal-bases and the Art. 30 record. */
  title: string;
  titleEn?: string;
  /** Sender regimes (legal.md) in which the row is law. */
  regimes: readonly SenderRegime[];
  senders: Scope;
  recipients: Scope;
  dataCategories: Scope;
  purposes: Scope;
  /** The norm reaches foreigners only (§ 71 Abs. 2 SGB X); Germans never. */
  foreignersOnly: boolean;
  /** With foreignersOnly: whether Union citizens (FreizügG/EU) are covered. */
  euCitizens: 'covered' | 'excluded';
  request: RequestRule;
  /** Art. 9 DSGVO / § 67b Abs. 1 S. 3 SGB X: whether special (and possibly special) categories may go. */
  specialCategoriesAllowed: boolean;
  /** Provenance tags of the data that rule this row out (§ 88 AufenthG, § 76 SGB X, § 65 SGB VIII). */
  blockingProvenance: readonly string[];
  secondPersonApproval: { required: boolean; approverRoles: readonly string[] };
  /** Shown to the DPO (anomaly view). */
  dpoFlag: boolean;
  justification: { required: boolean; minLength: number };
  /** Statements the caseworker must make (e.g. § 4 KKG: weighty signs of endangerment). */
  attestations: readonly CodedEntry[];
  /** Only for the consent row. */
  consent?: ConsentRule;
}

/** Provenance a data category always carries, whatever the request says (see docs/legal-bases.md). */
export interface ImplicitProvenance {
  category: string;
  /** Only when this agency sends (e.g. family data sent by the youth office). */
  sender?: string;
  tag: string;
  entrustedBy?: string;
}

export interface LegalBasisMatrix {
  version: 1;
  rows: readonly LegalBasisRow[];
  settings: {
    implicitProvenance: readonly ImplicitProvenance[];
    /** What counts towards a justification's minimum length: letters and digits only, or every character. */
    justificationCounts: 'letters-and-digits' | 'characters';
  };
}

export const rowOf = (matrix: LegalBasisMatrix, code: string): LegalBasisRow | undefined =>
  matrix.rows.find((r) => r.code === code);

export const inScope = (scope: Scope, code: string): boolean => scope === ANY || scope.includes(code);

/** § 71 Abs. 2 SGB X, Art. 6 Abs. 1 lit. d DSGVO. */
export function formatNorm(norm: Norm): string {
  return [
    `${norm.unit} ${norm.number}`,
    norm.absatz && `Abs. ${norm.absatz}`,
    norm.satz && `S. ${norm.satz}`,
    norm.nummer && `Nr. ${norm.nummer}`,
    norm.buchstabe && `lit. ${norm.buchstabe}`,
    norm.law,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The row's full citation: § 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG. */
export const citationOf = (row: LegalBasisRow): string =>
  [formatNorm(row.norm), ...row.relatedNorms.map(formatNorm)].join(' i. V. m. ');
