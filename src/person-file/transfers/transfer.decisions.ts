import type { TransferLaw } from '../../config/config.js';
import { decideLawfulTransfer } from '../../legal-basis/lawful-transfer.policy.js';
import type { Approval, LegalBasisVerdict, PersonFacts, TransferProposal } from '../../legal-basis/transfer-verdict.js';
import { compareInstants, requireInstant } from '../../shared/calendar.js';
import { assertNever } from '../../shared/decider.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../shared/errors.js';
import type { ProvenanceMark } from '../../legal-basis/consent-facts.js';
import type { CaseClosures, CaseNoteProvenance, TransferCommand, TransferData } from '../person-file.commands.js';
import type { PersonFile, TransferRecord } from '../person-file.decider.js';
import type { PersonFileEvent, TransferRequest, TransferVerdict } from '../person-file.events.js';
import { validateTransferCodes } from './transfer-codes.js';

/**
 * Datenübermittlung in the person file (product rule 2, § 67d SGB X): every transfer is decided by the
 * legal-basis matrix (src/legal-basis) against the file of exactly one stream revision, and the verdict —
 * row, norm, every condition, which failed — is part of the recorded fact. A row asking for four eyes
 * records the transfer as awaiting approval; the approval decides again against the file of that moment.
 */
export function decideTransfer(command: TransferCommand, state: PersonFile, law: TransferLaw): PersonFileEvent[] {
  switch (command.type) {
    case 'TransferData':
      return decideTransferData(command, state, law);
    case 'ApproveTransfer': {
      const { personId, transferId, approvedBy, roles, caseClosures, caseNoteProvenance, at } = command.data;
      requireInstant(at);
      const waiting = pendingTransfer(state, transferId);
      // Notes tagged since the request travel with the case notes too: the approval decides on them.
      const pending = { ...waiting, request: withNoteProvenance(waiting.request, caseNoteProvenance) };
      const approval: Approval = { approvedBy, roles };
      // The requester cannot approve their own transfer, whatever the row says (four eyes).
      if (approvedBy === pending.request.requestedBy) throw notTheRequester();
      const verdict = decideAgain(pending, personFacts(state, caseClosures), law, at, approval);
      if (verdict.outcome === 'awaiting-approval') {
        throw new ForbiddenError('the row names other approver roles', ['approver-role-not-allowed']);
      }
      const data = { ...pending.request, personId, verdict: recorded(verdict), personal: justificationOf(pending) };
      // A withdrawal or restriction recorded in between wins: the transfer is refused, with its reasons.
      return [verdict.outcome === 'allowed' ? { type: 'DataTransferred', data } : { type: 'TransferRefused', data }];
    }
    case 'RejectTransfer': {
      const { personId, transferId, rejectedBy, reason, at } = command.data;
      requireInstant(at);
      const pending = pendingTransfer(state, transferId);
      if (rejectedBy === pending.request.requestedBy) throw notTheRequester();
      return [{ type: 'TransferRejected', data: { transferId, personId, rejectedBy, personal: { reason } } }];
    }
    case 'AcknowledgeTransfer': {
      const { personId, transferId, agency, acknowledgedBy, at } = command.data;
      requireInstant(at);
      if (state.restricted) throw new RuleViolationError('person-restricted');
      const transfer = state.transfers.find((t) => t.transferId === transferId);
      // A refused, rejected or still unapproved transfer was never delivered: to its addressee it does not exist.
      if (!transfer || transfer.status !== 'delivered') throw new NotFoundError(`transfer ${transferId} not found`);
      if (transfer.toAgency !== agency)
        throw new ForbiddenError('only the recipient agency can acknowledge a transfer');
      if (transfer.acknowledged) throw new ConflictError(`transfer ${transferId} is already acknowledged`);
      return [
        { type: 'TransferAcknowledged', data: { transferId, personId, agency, acknowledgedBy, acknowledgedAt: at } },
      ];
    }
    default:
      return assertNever(command);
  }
}

const notTheRequester = () =>
  new ForbiddenError('a team lead other than the requester decides (four eyes)', ['approver-is-requester']);

function decideTransferData(command: TransferData, state: PersonFile, law: TransferLaw): PersonFileEvent[] {
  const d = command.data;
  requireInstant(d.at);
  validateTransferCodes(d, law);
  if (d.caseId !== undefined && !state.caseIds.includes(d.caseId)) {
    throw new RuleViolationError('case-of-another-person');
  }
  if (state.transfers.some((t) => t.transferId === d.transferId)) {
    throw new ConflictError(`transfer ${d.transferId} already exists`);
  }
  const request: TransferRequest = {
    transferId: d.transferId,
    personId: d.personId,
    ...(d.caseId ? { caseId: d.caseId } : {}),
    fromAgency: d.fromAgency,
    toAgency: d.toAgency,
    dataCategories: d.dataCategories,
    purpose: d.purpose,
    legalBasis: d.legalBasis,
    requestedBy: d.requestedBy,
    request: d.request
      ? {
          authority: d.request.authority ?? '',
          reference: d.request.reference ?? '',
          receivedOn: d.request.receivedOn ?? '',
        }
      : null,
    attestations: d.attestations ?? [],
    provenance: d.provenance ?? [],
  };
  const tagged = withNoteProvenance(request, d.caseNoteProvenance);
  const justification = d.justification?.trim() ? d.justification : undefined;
  const verdict = decideLawfulTransfer({
    transfer: proposalOf(tagged, justification),
    person: personFacts(state, d.caseClosures),
    matrix: law.matrix,
    catalogue: law.catalogue,
    regime: law.catalogue.senderRegime,
    at: d.at,
  });
  // The justification may describe the person's circumstances: it is personal data, encrypted.
  const data = { ...tagged, verdict: recorded(verdict), personal: justification ? { justification } : {} };
  // A refusal is a fact too: who tried, what, and why it was refused (product rule 2).
  switch (verdict.outcome) {
    case 'allowed':
      return [{ type: 'DataTransferred', data }];
    case 'awaiting-approval':
      return [{ type: 'TransferAwaitingApproval', data }];
    case 'refused':
      return [{ type: 'TransferRefused', data }];
    default:
      return assertNever(verdict.outcome);
  }
}

/** The category that carries the case notes (legal.md: notes treated as possibly special-category data). */
export const CASE_NOTES = 'case-notes';

/**
 * A transfer of case notes sends the notes of its case — of every case of the person when it names none (the
 * stricter reading) — so their provenance tags (issue 14 item 5) become marks of the `case-notes` category
 * and a row whose `blockingProvenance` lists one refuses it (§ 88 AufenthG, § 76 SGB X, § 65 SGB VIII).
 * The marks are recorded with the transfer: where the data sent came from is part of the fact.
 */
export function withNoteProvenance(request: TransferRequest, notes: CaseNoteProvenance = {}): TransferRequest {
  if (!request.dataCategories.includes(CASE_NOTES)) return request;
  const cases = request.caseId !== undefined ? [request.caseId] : Object.keys(notes);
  const markKey = (m: ProvenanceMark) => `${m.tag}|${m.entrustedBy ?? ''}|${(m.categories ?? []).join()}`;
  const seen = new Set(request.provenance.map(markKey));
  const added: ProvenanceMark[] = [];
  for (const mark of cases.flatMap((caseId) => notes[caseId] ?? [])) {
    const noteMark: ProvenanceMark = {
      tag: mark.tag,
      ...(mark.entrustedBy ? { entrustedBy: mark.entrustedBy } : {}),
      categories: [CASE_NOTES],
    };
    const key = markKey(noteMark);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(noteMark);
  }
  return added.length === 0 ? request : { ...request, provenance: [...request.provenance, ...added] };
}

function pendingTransfer(
  state: PersonFile,
  transferId: string,
): Required<Pick<TransferRecord, 'request'>> & TransferRecord {
  const transfer = state.transfers.find((t) => t.transferId === transferId);
  if (!transfer) throw new NotFoundError(`transfer ${transferId} not found`);
  if (transfer.status !== 'awaiting-approval' || !transfer.request) {
    throw new ConflictError(`transfer ${transferId} is not awaiting approval`);
  }
  return transfer as Required<Pick<TransferRecord, 'request'>> & TransferRecord;
}

function decideAgain(
  pending: Required<Pick<TransferRecord, 'request'>> & TransferRecord,
  person: PersonFacts,
  law: TransferLaw,
  at: string,
  approval: Approval,
): LegalBasisVerdict {
  return decideLawfulTransfer({
    transfer: proposalOf(pending.request, pending.justification),
    person,
    matrix: law.matrix,
    catalogue: law.catalogue,
    regime: law.catalogue.senderRegime,
    at,
    approval,
  });
}

const justificationOf = (t: TransferRecord) => (t.justification ? { justification: t.justification } : {});

function proposalOf(r: TransferRequest, justification: string | undefined): TransferProposal {
  return {
    fromAgency: r.fromAgency,
    toAgency: r.toAgency,
    dataCategories: r.dataCategories,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    ...(justification ? { justification } : {}),
    request: r.request,
    attestations: r.attestations,
    provenance: r.provenance,
    requestedBy: r.requestedBy,
  };
}

/**
 * The person as the policy reads it. 'XX' (stateless or not known) counts as not known: the stricter reading
 * for "foreigners only". A consent given in a case ends when that case closes after it was given, and a
 * reopening does not revive it (docs/legal-bases.md, point 20).
 */
function personFacts(state: PersonFile, closures: CaseClosures = {}): PersonFacts {
  const nationality = state.residue?.nationality;
  return {
    nationalities: nationality && nationality !== 'XX' ? [nationality] : [],
    restricted: state.restricted,
    erased: state.erased,
    consents: state.consents.map((c) => {
      const closedAt = c.caseBinding ? closures[c.caseBinding.caseId] : undefined;
      return closedAt && c.caseBinding && compareInstants(closedAt, c.validFrom) >= 0
        ? { ...c, caseBinding: { ...c.caseBinding, caseClosedAt: closedAt } }
        : c;
    }),
  };
}

/** The verdict as the event records it: the policy's answer plus the v2 summary fields readers know. */
export function recorded(verdict: LegalBasisVerdict): TransferVerdict {
  return {
    ...verdict,
    allowed: verdict.outcome === 'allowed',
    failedConditions: [...new Set(verdict.conditions.filter((c) => !c.held).map((c) => c.condition))],
  };
}
