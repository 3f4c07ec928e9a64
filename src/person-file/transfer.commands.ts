import type { Catalogue } from '../config/catalogue.js';
import type { ConsentDeclarant } from './consent.events.js';
import { ValidationError } from '../shared/errors.js';

/**
 * Commands on transfers (Datenübermittlung), decided in the person's stream against its consents.
 * `fromAgency` is the caller's agency claim; `requestedBy` the caller's sub.
 */
export type TransferData = {
  type: 'TransferData';
  data: {
    transferId: string;
    personId: string;
    caseId?: string;
    fromAgency: string;
    toAgency: string;
    dataCategories: string[];
    purpose: string;
    /** 'consent' or a statutory basis from the catalogue, e.g. 'SGB X §71'. */
    legalBasis: string;
    /** Required for a statutory basis. */
    justification?: string;
    /** § 65 SGB VIII provenance: the data were entrusted to the youth office for personal help. */
    entrustedToYouthOffice?: boolean;
    /** Who entrusted them; only their consent releases them. Default 'person'. */
    entrustedBy?: ConsentDeclarant;
    requestedBy: string;
    at: string;
  };
};

/** Receipt by the recipient: `agency` is the acknowledging officer's agency claim. */
export type AcknowledgeTransfer = {
  type: 'AcknowledgeTransfer';
  data: { personId: string; transferId: string; agency: string; acknowledgedBy: string; at: string };
};

export type TransferCommand = TransferData | AcknowledgeTransfer;

/**
 * Shape and code checks of a transfer request (400). Whether the transfer is lawful is not decided here
 * but by the policy, whose refusal is recorded (422).
 */
export function validateTransferRequest(d: TransferData['data'], catalogue: Catalogue): void {
  const problems: [string, string][] = [];
  const agencies = new Set(catalogue.agencies.map((a) => a.code));
  const categories = new Set(catalogue.dataCategories.map((c) => c.code));
  for (const field of ['transferId', 'personId', 'purpose', 'legalBasis', 'requestedBy'] as const) {
    if (typeof d[field] !== 'string' || d[field].trim() === '') problems.push([field, 'is required']);
  }
  if (!agencies.has(d.fromAgency)) problems.push(['fromAgency', `unknown agency: ${String(d.fromAgency)}`]);
  if (!agencies.has(d.toAgency)) problems.push(['toAgency', `unknown agency: ${String(d.toAgency)}`]);
  if (!Array.isArray(d.dataCategories) || d.dataCategories.length === 0) {
    problems.push(['dataCategories', 'must name at least one category']);
  } else {
    const unknown = d.dataCategories.filter((c) => !categories.has(c));
    if (unknown.length > 0) problems.push(['dataCategories', `unknown data category: ${unknown.join(', ')}`]);
  }
  if (d.entrustedBy !== undefined && d.entrustedBy !== 'person' && d.entrustedBy !== 'legal-representative') {
    problems.push(['entrustedBy', "must be 'person' or 'legal-representative'"]);
  }
  if (problems.length > 0) {
    throw new ValidationError(
      problems.map(([field, message]) => `${field} ${message}`).join('; '),
      problems.map(([field]) => field),
    );
  }
}
