import type { SenderRegime } from '../catalogue/catalogue.js';
import type { ConsentFacts, ProvenanceMark } from './consent-facts.js';
import type { ConditionCode, FailureReason, ReasonCode } from './reasons.js';

/**
 * What the transfer policy reads and what it answers. Plain data, so the person-file decider can build the
 * input from its state and put the verdict into DataTransferred / TransferRefused as it is.
 */

/** The official request (Ersuchen) the transfer answers, as the caseworker recorded it. */
export interface OfficialRequest {
  authority?: string;
  reference?: string;
  /** Date the request was received (YYYY-MM-DD). */
  receivedOn?: string;
}

export interface TransferProposal {
  /** The caller's agency; the KI for everything but a partner reporting back under a mutual consent. */
  fromAgency: string;
  toAgency: string;
  dataCategories: readonly string[];
  purpose: string;
  /** The code of the matrix row the transfer cites ('consent', 'sgb10-71-2', …). */
  legalBasis: string;
  justification?: string;
  request?: OfficialRequest | null;
  /** Codes of the statements the row asks for (e.g. 'weighty-signs-of-endangerment'). */
  attestations?: readonly string[];
  /** Provenance of the data sent (from the notes and records they are taken from). */
  provenance?: readonly ProvenanceMark[];
  requestedBy: string;
}

/** What the policy needs to know of the person. */
export interface PersonFacts {
  /** ISO 3166 alpha-2 codes of every nationality; empty when not known. */
  nationalities: readonly string[];
  restricted: boolean;
  erased: boolean;
  consents: readonly ConsentFacts[];
}

/** A second person's approval, when the decision is taken again on approve (product.md §3). */
export interface Approval {
  approvedBy: string;
  roles: readonly string[];
}

export interface ConditionResult {
  condition: ConditionCode;
  held: boolean;
  /** The condition's own code when it held, a failure reason when it did not. */
  reason: ReasonCode;
  /** What the reason is about: the categories missing, the provenance tags that block, … */
  details?: string[];
  /** The consent a consent condition was checked against. */
  consentId?: string;
}

export type TransferOutcome = 'allowed' | 'awaiting-approval' | 'refused';

export interface LegalBasisVerdict {
  outcome: TransferOutcome;
  /** The row cited; norm and title are null when the code is not in the matrix. */
  basis: { code: string; norm: string | null; title: string | null };
  regime: SenderRegime;
  /** Every condition checked, in the order the law reads: person, row, request, justification, consent. */
  conditions: ConditionResult[];
  /** Failed reasons as strings ('consent-missing-category:health'), for the 422 answer; empty when allowed. */
  reasons: string[];
  approval: { required: boolean; approverRoles: string[]; approvedBy: string | null };
  flaggedForDpo: boolean;
  /** Consents relied on (the covering consent and any entruster's consent). */
  consentIds: string[];
}

export const held = (condition: ConditionCode, extra: Partial<ConditionResult> = {}): ConditionResult => ({
  condition,
  held: true,
  reason: condition,
  ...extra,
});

export const failed = (
  condition: ConditionCode,
  reason: FailureReason,
  extra: Partial<ConditionResult> = {},
): ConditionResult => ({ condition, held: false, reason, ...extra });

export const check = (
  condition: ConditionCode,
  ok: boolean,
  reason: FailureReason,
  details?: string[],
): ConditionResult =>
  ok ? held(condition) : failed(condition, reason, details && details.length > 0 ? { details } : {});

/** 'consent-missing-category:health', one string per detail. */
export const reasonStrings = (conditions: readonly ConditionResult[]): string[] => [
  ...new Set(
    conditions
      .filter((c) => !c.held)
      .flatMap((c) => (c.details?.length ? c.details.map((d) => `${c.reason}:${d}`) : [c.reason])),
  ),
];
