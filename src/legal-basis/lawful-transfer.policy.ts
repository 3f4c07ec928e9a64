import { agencyOf, isSpecialCategory, type CatalogueV2, type SenderRegime } from '../catalogue/catalogue.js';
import { daysBetween, isIsoDate, localDate } from '../shared/calendar.js';
import { consentConditions } from './consent-basis.js';
import { effectiveProvenance } from './provenance.js';
import { ANY, citationOf, rowOf, type LegalBasisMatrix, type LegalBasisRow } from './legal-basis.js';
import {
  check,
  failed,
  held,
  reasonStrings,
  type Approval,
  type ConditionResult,
  type LegalBasisVerdict,
  type PersonFacts,
  type TransferProposal,
} from './transfer-verdict.js';

/**
 * No transfer without a lawful basis (product rule 2; § 67d SGB X: the sender answers for it). The transfer
 * cites one row of the legal-basis matrix; every condition of that row is checked and reported, held or
 * failed, so a refusal names everything that stands in the way and an allowed transfer proves its basis.
 * Pure: the same input always gives the same verdict.
 */
export interface LawfulTransferInput {
  transfer: TransferProposal;
  person: PersonFacts;
  matrix: LegalBasisMatrix;
  catalogue: CatalogueV2;
  regime: SenderRegime;
  /** The instant of the decision (the command's, from the injected clock). */
  at: string;
  /** Given when a second person approves a transfer that awaited approval. */
  approval?: Approval | null;
}

export function decideLawfulTransfer(input: LawfulTransferInput): LegalBasisVerdict {
  const { transfer, person, matrix, catalogue, regime } = input;
  const row = rowOf(matrix, transfer.legalBasis);
  const conditions: ConditionResult[] = [
    check('person-not-erased', !person.erased, 'person-erased'),
    // Art. 18 DSGVO binds every basis, emergencies included (product rule 7).
    check('person-not-restricted', !person.restricted, 'person-restricted'),
    check('basis-known', row !== undefined, 'basis-unknown', [transfer.legalBasis]),
    ...catalogueConditions(transfer, catalogue),
  ];
  let consentIds: string[] = [];
  if (row) {
    conditions.push(...rowConditions(row, input));
    if (row.kind === 'consent') {
      const marks = effectiveProvenance(transfer, matrix);
      const outcome = consentConditions(row, transfer, person.consents, marks, catalogue, input.at);
      conditions.push(...outcome.conditions);
      consentIds = outcome.consentIds;
    }
  }
  const approval = row?.secondPersonApproval.required ? approvalCondition(row, transfer, input.approval) : null;
  const refused = conditions.some((c) => !c.held);
  const outcome = refused ? 'refused' : approval && !approval.held ? 'awaiting-approval' : 'allowed';
  const all = approval ? [...conditions, approval] : conditions;
  return {
    outcome,
    basis: {
      code: transfer.legalBasis,
      norm: row ? citationOf(row) : null,
      title: row ? row.title : null,
    },
    regime,
    conditions: all,
    reasons: outcome === 'allowed' ? [] : reasonStrings(outcome === 'refused' ? conditions : all),
    approval: {
      required: approval !== null,
      approverRoles: approval ? [...row!.secondPersonApproval.approverRoles] : [],
      approvedBy: approval?.held ? input.approval!.approvedBy : null,
    },
    flaggedForDpo: row?.dpoFlag ?? false,
    consentIds: outcome === 'refused' ? [] : consentIds,
  };
}

/** Checks that hold for every row: the codes exist, the recipient is a specific controller, not the sender. */
function catalogueConditions(t: TransferProposal, catalogue: CatalogueV2): ConditionResult[] {
  const recipient = agencyOf(catalogue, t.toAgency);
  const unknownCategories = t.dataCategories.filter((c) => !catalogue.dataCategories.some((d) => d.code === c));
  return [
    check('sender-is-not-recipient', t.fromAgency !== t.toAgency, 'sender-is-recipient'),
    check('recipient-known', recipient !== undefined, 'recipient-unknown', [t.toAgency]),
    // A legacy collective code (SOZIALAMT, WOHLFAHRTSVERBAND) names several controllers: never a recipient now.
    ...(recipient ? [check('recipient-specific', !recipient.legacy, 'recipient-legacy-code', [t.toAgency])] : []),
    t.dataCategories.length === 0
      ? failed('categories-known', 'no-data-category')
      : check('categories-known', unknownCategories.length === 0, 'category-unknown', unknownCategories),
    check(
      'purpose-known',
      catalogue.purposes.some((p) => p.code === t.purpose),
      'purpose-unknown',
      [t.purpose],
    ),
  ];
}

function rowConditions(row: LegalBasisRow, input: LawfulTransferInput): ConditionResult[] {
  const { transfer: t, catalogue } = input;
  const outOf = (scope: LegalBasisRow['recipients'], codes: readonly string[]) =>
    scope === ANY ? [] : codes.filter((c) => !scope.includes(c));
  const recipient = agencyOf(catalogue, t.toAgency);
  const conditions = [
    check('basis-applies-in-regime', row.regimes.includes(input.regime), 'basis-not-in-regime', [input.regime]),
  ];
  if (row.senders !== ANY) {
    conditions.push(
      check('sender-allowed-by-basis', row.senders.includes(t.fromAgency), 'sender-not-allowed-by-basis', [
        t.fromAgency,
      ]),
    );
  }
  if (row.recipients !== ANY) {
    conditions.push(
      check('recipient-allowed-by-basis', row.recipients.includes(t.toAgency), 'recipient-not-allowed-by-basis', [
        t.toAgency,
      ]),
    );
  }
  if (row.kind === 'statutory' && recipient) {
    // Free welfare associations are no public body: no transfer power reaches them, only consent.
    conditions.push(
      check('recipient-public-body', recipient.publicBody, 'recipient-private-body-consent-only', [t.toAgency]),
    );
  }
  if (row.dataCategories !== ANY) {
    const outside = outOf(row.dataCategories, t.dataCategories);
    conditions.push(
      check('categories-allowed-by-basis', outside.length === 0, 'category-not-allowed-by-basis', outside),
    );
  }
  if (row.purposes !== ANY) {
    conditions.push(
      check('purpose-allowed-by-basis', row.purposes.includes(t.purpose), 'purpose-not-allowed-by-basis', [t.purpose]),
    );
  }
  if (!row.specialCategoriesAllowed) {
    // Art. 9 DSGVO; case notes count as possibly special (legal.md).
    const special = t.dataCategories.filter((c) => isSpecialCategory(catalogue, c));
    conditions.push(
      check('special-categories-permitted', special.length === 0, 'special-category-not-allowed', special),
    );
  }
  if (row.foreignersOnly) conditions.push(foreignerCondition(row, input.person, catalogue));
  if (row.request.required) conditions.push(...requestConditions(row, t, input.at));
  if (row.justification.required) conditions.push(justificationCondition(row, t, input.matrix));
  if (row.attestations.length > 0) {
    const missing = row.attestations.map((a) => a.code).filter((code) => !(t.attestations ?? []).includes(code));
    conditions.push(check('attestations-given', missing.length === 0, 'attestation-missing', missing));
  }
  if (row.blockingProvenance.length > 0) {
    const tags = effectiveProvenance(t, input.matrix).map((m) => m.tag);
    const blocking = [...new Set(tags.filter((tag) => row.blockingProvenance.includes(tag)))];
    conditions.push(check('no-blocking-provenance', blocking.length === 0, 'provenance-blocks-basis', blocking));
  }
  return conditions;
}

/** § 71 Abs. 2 SGB X: data of foreigners only; Union citizens only where the row says so (FreizügG/EU). */
function foreignerCondition(row: LegalBasisRow, person: PersonFacts, catalogue: CatalogueV2): ConditionResult {
  const nationalities = person.nationalities.map((n) => n.toUpperCase());
  if (nationalities.length === 0) return failed('person-is-foreigner', 'nationality-unknown');
  // A German with a second nationality is a German (§ 2 Abs. 1 AufenthG reaches only non-Germans).
  if (nationalities.includes('DE')) return failed('person-is-foreigner', 'person-is-german');
  const eu = nationalities.filter((n) => catalogue.euNationalities.includes(n));
  if (row.euCitizens === 'excluded' && eu.length > 0) {
    return failed('person-is-foreigner', 'person-is-eu-citizen', { details: eu });
  }
  return held('person-is-foreigner');
}

/** The Ersuchen on file: from the competent authority, with a reference and a plausible date of receipt. */
function requestConditions(row: LegalBasisRow, t: TransferProposal, at: string): ConditionResult[] {
  const r = t.request;
  if (!r || typeof r !== 'object') {
    return (
      ['request-on-file', 'request-from-authority', 'request-reference-given', 'request-received-date-valid'] as const
    ).map((condition) => failed(condition, 'request-missing'));
  }
  const authorities = row.request.authorities === 'recipient' ? [t.toAgency] : row.request.authorities;
  const today = localDate(at);
  const dateCheck = (): ConditionResult => {
    if (!isIsoDate(r.receivedOn)) return failed('request-received-date-valid', 'request-date-invalid');
    if (r.receivedOn > today)
      return failed('request-received-date-valid', 'request-date-in-future', { details: [r.receivedOn] });
    const maxAge = row.request.maxAgeDays;
    if (maxAge !== null && daysBetween(r.receivedOn, today) > maxAge) {
      return failed('request-received-date-valid', 'request-too-old', { details: [r.receivedOn] });
    }
    return held('request-received-date-valid');
  };
  return [
    held('request-on-file'),
    check(
      'request-from-authority',
      typeof r.authority === 'string' && authorities.includes(r.authority),
      'request-authority-mismatch',
      [String(r.authority ?? '')].filter(Boolean),
    ),
    check(
      'request-reference-given',
      typeof r.reference === 'string' && r.reference.trim() !== '',
      'request-reference-missing',
    ),
    dateCheck(),
  ];
}

/** "." is no justification: by default only letters and digits count towards the minimum. */
function justificationCondition(row: LegalBasisRow, t: TransferProposal, matrix: LegalBasisMatrix): ConditionResult {
  const text = typeof t.justification === 'string' ? t.justification.trim() : '';
  if (text === '') return failed('justification-sufficient', 'justification-missing');
  const counted =
    matrix.settings.justificationCounts === 'characters'
      ? text.replace(/\s+/g, ' ').length
      : (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  const min = row.justification.minLength;
  return check('justification-sufficient', counted >= min, 'justification-too-short', [`${counted}/${min}`]);
}

function approvalCondition(row: LegalBasisRow, t: TransferProposal, approval: Approval | null | undefined) {
  if (!approval) return failed('second-person-approved', 'approval-pending');
  if (approval.approvedBy === t.requestedBy) return failed('second-person-approved', 'approver-is-requester');
  if (!approval.roles.some((role) => row.secondPersonApproval.approverRoles.includes(role))) {
    return failed('second-person-approved', 'approver-role-not-allowed');
  }
  return held('second-person-approved', { details: [approval.approvedBy] });
}
