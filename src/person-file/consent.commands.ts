import type { ConsentDeclarant, ConsentEvidence } from './consent.events.js';

/**
 * Commands on consents (Einwilligung) of one person; decided by the person-file decider because consents
 * live in the stream `person-<personId>`. `at` is when the declaration is recorded: it becomes validFrom,
 * so a consent never covers a transfer made before it.
 */
export interface ConsentScopeInput {
  recipients: string[];
  dataCategories: string[];
  purposes: string[];
}

export type GrantConsent = {
  type: 'GrantConsent';
  data: ConsentScopeInput & {
    personId: string;
    consentId: string;
    /** Inclusive calendar date (YYYY-MM-DD), after the day of `at`. */
    validUntil: string;
    mutual: boolean;
    evidence: ConsentEvidence;
    declaredBy: ConsentDeclarant;
    /** Required when declaredBy is 'legal-representative'. */
    representativeName?: string;
    interpreterPresent: boolean;
    recordedBy: string;
    at: string;
  };
};

/** The person was asked and said no; recorded with the scope that was asked for. */
export type RefuseConsent = {
  type: 'RefuseConsent';
  data: ConsentScopeInput & {
    personId: string;
    consentId: string;
    declaredBy: ConsentDeclarant;
    representativeName?: string;
    interpreterPresent: boolean;
    recordedBy: string;
    at: string;
  };
};

/** Art. 7(3) DSGVO: effective at `at` for every later transfer. */
export type WithdrawConsent = {
  type: 'WithdrawConsent';
  data: {
    personId: string;
    consentId: string;
    /** May be empty: withdrawing must be as easy as giving. */
    reason: string;
    withdrawnBy: string;
    at: string;
  };
};

export type ConsentCommand = GrantConsent | RefuseConsent | WithdrawConsent;
