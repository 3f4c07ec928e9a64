import type { DomainEvent } from '../shared/decider.js';

/**
 * Datenübermittlung. Stored in the person's stream `person-<personId>`, decided against that stream's
 * consents at one revision. § 67d SGB X: the sender answers for lawfulness, so the verdict and its
 * reasons are part of the fact.
 */
export interface TransferRequest {
  transferId: string;
  personId: string;
  caseId?: string;
  fromAgency: string;
  toAgency: string;
  dataCategories: string[];
  purpose: string;
  /** 'consent' or a statutory basis from configuration, e.g. 'SGB X §71'. */
  legalBasis: string;
  requestedBy: string;
}

export interface TransferVerdict {
  allowed: boolean;
  /** Machine-readable reason codes, e.g. 'consent-covers-transfer', 'consent-missing-category:health'. */
  reasons: string[];
  /** Consents the decision relied on. */
  consentIds: string[];
  /** Statutory transfers are lawful but shown to the DPO (anomaly view). */
  flaggedForDpo: boolean;
}

export type DataTransferred = DomainEvent<
  'DataTransferred',
  TransferRequest & { verdict: TransferVerdict; personal: { justification?: string } }
>;

export type TransferRefused = DomainEvent<
  'TransferRefused',
  TransferRequest & { verdict: TransferVerdict; personal: { justification?: string } }
>;

export type TransferAcknowledged = DomainEvent<
  'TransferAcknowledged',
  { transferId: string; personId: string; agency: string; acknowledgedBy: string }
>;

export type TransferEvent = DataTransferred | TransferRefused | TransferAcknowledged;
