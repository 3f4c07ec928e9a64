import { compareInstants, endOfPeriodInMonths, localDate } from '../shared/calendar.js';

/**
 * A consent as the transfer policy reads it (Einwilligung, version 2), and whether it carries a decision at
 * an instant. What a new consent must hold is checked in consent-v2.rules.ts.
 */

/** Who declared: the person, a legal representative, or a third party who entrusted data (§ 65 SGB VIII). */
export type Declarant = 'person' | 'legal-representative' | `third-party:${string}`;

const THIRD_PARTY = /^third-party:[A-Za-z0-9._-]{1,64}$/;
export const isDeclarant = (value: unknown): value is Declarant =>
  value === 'person' || value === 'legal-representative' || (typeof value === 'string' && THIRD_PARTY.test(value));

/** § 67b Abs. 2 S. 3 SGB X: the person was told purpose and effect of refusal — in which language, on which form. */
export interface InformedBlock {
  language: string;
  formVersion: string;
  interpreter: boolean;
}

/** Where data came from, when that limits where they may go (legal.md: § 88 AufenthG, § 76 SGB X, § 65 SGB VIII). */
export interface ProvenanceMark {
  tag: string;
  /** Whose consent releases them (tags with `needsEntruster`). */
  entrustedBy?: Declarant | string;
  /** The categories the mark concerns; all of a transfer's categories when absent. */
  categories?: readonly string[];
}

/** A consent as the transfer policy reads it from the person file. */
export interface ConsentFacts {
  consentId: string;
  recipients: readonly string[];
  dataCategories: readonly string[];
  purposes: readonly string[];
  validFrom: string; // ISO instant
  validUntil: string; // ISO date, inclusive
  withdrawnAt?: string | null;
  /** The recipient may report back to the KI. */
  mutual: boolean;
  declaredBy: Declarant | string;
  /** Absent on v1 consents. */
  informed?: InformedBlock | null;
  /** A consent given for a case ends when that case closes, unless it says otherwise. */
  caseBinding?: { caseId: string; endsWhenCaseCloses: boolean; caseClosedAt?: string | null } | null;
  /** Provenance tags this consent expressly releases (e.g. the entruster's release of § 65 SGB VIII data). */
  releases?: readonly string[];
}

export type ConsentStanding =
  'active' | 'withdrawn' | 'ended-with-case' | 'not-yet-valid' | 'expired' | 'beyond-maximum-validity';

export interface ValidityRule {
  maxValidityMonths: number;
  capAtMaximumValidity: boolean;
}

/** The last day a consent given at `validFrom` may run (§§ 187, 188 BGB). */
export const maximumValidUntil = (validFrom: string, months: number): string =>
  endOfPeriodInMonths(localDate(validFrom), months);

/**
 * Whether a consent carries a decision at `at`. A withdrawal or case closure found in the file counts even
 * when the decision's instant is earlier: the file holds only what was recorded before this decision
 * (Art. 7(3) DSGVO, the withdrawal acts at once). A case reopened later does not revive the consent.
 */
export function consentStanding(consent: ConsentFacts, at: string, rule: ValidityRule): ConsentStanding {
  if (consent.withdrawnAt) return 'withdrawn';
  const binding = consent.caseBinding;
  if (binding?.endsWhenCaseCloses && binding.caseClosedAt) return 'ended-with-case';
  if (compareInstants(at, consent.validFrom) < 0) return 'not-yet-valid';
  const today = localDate(at);
  if (today > consent.validUntil) return 'expired';
  if (rule.capAtMaximumValidity && today > maximumValidUntil(consent.validFrom, rule.maxValidityMonths)) {
    return 'beyond-maximum-validity';
  }
  return 'active';
}

/** ISO 639 / BCP 47: tr, de, prs, ckb, sr-Latn. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The informed block is documented: language, form version and whether an interpreter was present. */
export function isInformed(informed: unknown): informed is InformedBlock {
  if (typeof informed !== 'object' || informed === null) return false;
  const i = informed as Record<string, unknown>;
  return (
    typeof i.language === 'string' &&
    LANGUAGE_CODE.test(i.language) &&
    typeof i.formVersion === 'string' &&
    i.formVersion.trim() !== '' &&
    typeof i.interpreter === 'boolean'
  );
}
