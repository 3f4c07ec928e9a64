import type { Catalogue } from '../../config/catalogue.js';
import type { ConsentDeclarant } from '../person-file.events.js';
import { consentStatus, type ConsentRecord } from '../consents/consent.rules.js';
import { INTEGRATION_CENTRE, YOUTH_OFFICE } from '../../shared/agencies.js';
import type { TransferRequest, TransferVerdict } from '../person-file.events.js';

/**
 * The legal-basis policy for a transfer (product rule 2; § 67d SGB X makes the sender answer for it).
 * Pure: the same request, file, instant and catalogue always give the same verdict. Every reason is
 * collected, so a caseworker sees at once everything that stands in the way.
 */
export const CONSENT_BASIS = 'consent';
export const ENTRUSTED_CATEGORY = 'family-youth-welfare';

export type TransferPolicyRequest = Pick<
  TransferRequest,
  'fromAgency' | 'toAgency' | 'dataCategories' | 'purpose' | 'legalBasis'
> & {
  justification?: string;
  entrustedToYouthOffice?: boolean;
  entrustedBy?: ConsentDeclarant;
};

/** What the policy needs to know of the person file. */
export interface TransferPolicyFile {
  restricted: boolean;
  erased: boolean;
  consents: readonly ConsentRecord[];
}

interface BasisOutcome {
  problems: string[];
  consentIds: string[];
}

export function decideTransferBasis(
  request: TransferPolicyRequest,
  personFile: TransferPolicyFile,
  at: string,
  catalogue: Catalogue,
): TransferVerdict {
  const problems: string[] = [];
  if (personFile.erased) problems.push('person-erased');
  if (personFile.restricted) problems.push('person-restricted'); // Art. 18 DSGVO
  if (request.fromAgency === request.toAgency) problems.push('sender-is-recipient');

  const byConsent = request.legalBasis === CONSENT_BASIS;
  const basis = byConsent ? consentBasis(request, personFile.consents, at) : statutoryBasis(request, catalogue);
  problems.push(...basis.problems);

  if (problems.length > 0) return { allowed: false, reasons: problems, consentIds: [], flaggedForDpo: false };
  return {
    allowed: true,
    reasons: [byConsent ? 'consent-covers-transfer' : 'statutory-basis-with-justification'],
    consentIds: basis.consentIds,
    // Lawful, but a transfer without consent is shown to the DPO (anomaly view).
    flaggedForDpo: !byConsent,
  };
}

/** § 65 SGB VIII: data the youth office received in confidence for personal help. */
export const isEntrustedToYouthOffice = (request: TransferPolicyRequest): boolean =>
  request.entrustedToYouthOffice === true ||
  (request.fromAgency === YOUTH_OFFICE && request.dataCategories.includes(ENTRUSTED_CATEGORY));

/** A mutual consent also lets the recipient report back to the integration centre. */
const namesRecipient = (consent: ConsentRecord, request: TransferPolicyRequest): boolean =>
  consent.recipients.includes(request.toAgency) ||
  (consent.mutual && request.toAgency === INTEGRATION_CENTRE && consent.recipients.includes(request.fromAgency));

const gapsOf = (consent: ConsentRecord, request: TransferPolicyRequest): string[] => [
  ...request.dataCategories
    .filter((c) => !consent.dataCategories.includes(c))
    .map((c) => `consent-missing-category:${c}`),
  ...(consent.purposes.includes(request.purpose) ? [] : ['consent-missing-purpose']),
];

/**
 * Art. 7(3) DSGVO: a withdrawal takes effect at once. The person file holds only what was recorded before
 * this decision, so a withdrawal found there counts even when the transfer request carries an earlier
 * instant (it waited for the stream while the withdrawal was written).
 */
const statusWhenDeciding = (consent: ConsentRecord, at: string) =>
  consent.withdrawnAt ? ('withdrawn' as const) : consentStatus(consent, at);

function consentBasis(request: TransferPolicyRequest, consents: readonly ConsentRecord[], at: string): BasisOutcome {
  const entrusted = isEntrustedToYouthOffice(request);
  const entruster = request.entrustedBy ?? 'person';
  const forRecipient = consents.filter((c) => namesRecipient(c, request));
  const active = forRecipient.filter((c) => statusWhenDeciding(c, at) === 'active');
  // One consent must cover everything: two partial consents do not add up to a specific release.
  const covering = active.filter((c) => gapsOf(c, request).length === 0);
  const usable = entrusted ? covering.filter((c) => c.declaredBy === entruster) : covering;
  if (usable.length > 0) return { problems: [], consentIds: [usable[0]!.consentId] };

  const problems: string[] = [];
  if (forRecipient.length === 0) problems.push('no-consent-for-recipient');
  const inactive = new Set(forRecipient.map((c) => statusWhenDeciding(c, at)).filter((s) => s !== 'active'));
  for (const status of ['withdrawn', 'expired', 'not-yet-valid'] as const) {
    if (inactive.has(status)) problems.push(`consent-${status}`);
  }
  if (covering.length === 0 && active.length > 0) {
    // Name what the closest active consent lacks; that is what a new consent would have to add.
    const closest = active.map((c) => gapsOf(c, request)).sort((a, b) => a.length - b.length)[0]!;
    problems.push(...closest);
  }
  if (entrusted) problems.push('youth-office-entrusted-data-requires-entruster-consent');
  return { problems, consentIds: [] };
}

function statutoryBasis(request: TransferPolicyRequest, catalogue: Catalogue): BasisOutcome {
  const problems: string[] = [];
  if (!request.justification?.trim()) problems.push('justification-required');
  // Art. 9 DSGVO, § 67b Abs. 1 S. 3 SGB X: special categories leave only under explicit consent.
  if (request.dataCategories.some((c) => catalogue.dataCategories.some((d) => d.code === c && d.special))) {
    problems.push('special-category-requires-explicit-consent');
  }
  // Free welfare associations are no public body: no social-code transfer power reaches them.
  if (catalogue.agencies.some((a) => a.code === request.toAgency && !a.publicBody)) {
    problems.push('welfare-association-requires-consent');
  }
  if (isEntrustedToYouthOffice(request)) problems.push('youth-office-entrusted-data-requires-entruster-consent');
  return { problems, consentIds: [] };
}
