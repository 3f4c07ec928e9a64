import type { Catalogue } from '../config/catalogue.js';
import type { TransferLaw } from '../config/config.js';
import { addDays, isIsoDate, localDate, requireInstant } from '../shared/calendar.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import { decideConsent, type ConsentRecord } from './consents/consent.rules.js';
import type {
  GrantDeputyAccess,
  OpenCaseForPerson,
  PersonCommand,
  PersonFileCommand,
  RegisterPerson,
} from './person-file.commands.js';
import type { PersonFileEvent, StatisticalResidue, TransferRequest } from './person-file.events.js';
import { decideReferral } from './referrals/referral.decisions.js';
import { decideTransfer } from './transfers/transfer.decisions.js';

/**
 * Decider of the stream `person-<personId>`: the person's data-protection file. Registration, restriction,
 * erasure, consents, transfers, the cases opened for the person and deputy grants are one consistency
 * boundary: a transfer is decided against the consents of exactly one stream revision, and need to know
 * (rule 6) is decided from this stream and the streams of the cases it lists (docs/event-model.md).
 */
export interface TransferRecord {
  transferId: string;
  toAgency: string;
  /** Delivered (allowed), refused, awaiting a second person's approval, or rejected by them. */
  status: 'delivered' | 'refused' | 'awaiting-approval' | 'rejected';
  acknowledged: boolean;
  /** The case the transfer was made for, if any: a referral citing it must be for that case. */
  caseId?: string;
  /** Kept while awaiting approval: the approval decides the same request again. */
  request?: TransferRequest;
  justification?: string;
}

export interface DeputyGrant {
  grantId: string;
  caseworkerId: string;
  caseId?: string;
  until: string;
}

export interface PersonFile {
  registered: boolean;
  personId?: string;
  registeredBy?: string;
  /** Needed for the capacity to consent; forgotten on erasure. */
  dateOfBirth?: string;
  residue?: StatisticalResidue;
  restricted: boolean;
  erased: boolean;
  consents: readonly ConsentRecord[];
  refusedConsentIds: readonly string[];
  transfers: readonly TransferRecord[];
  /** Every case opened for the person, oldest first. */
  caseIds: readonly string[];
  deputyGrants: readonly DeputyGrant[];
  /** Referrals made, each citing a delivered transfer to its agency. */
  referrals: readonly { referralId: string; caseId: string; agency: string }[];
}

export const initialPersonFile = (): PersonFile => ({
  registered: false,
  restricted: false,
  erased: false,
  consents: [],
  refusedConsentIds: [],
  transfers: [],
  caseIds: [],
  deputyGrants: [],
  referrals: [],
});

export function evolvePersonFile(state: PersonFile, event: PersonFileEvent): PersonFile {
  switch (event.type) {
    case 'PersonRegistered':
      return {
        ...state,
        registered: true,
        personId: event.data.personId,
        registeredBy: event.data.registeredBy,
        // After erasure the codec can no longer decrypt `personal`; the file must still fold.
        dateOfBirth: event.data.personal?.dateOfBirth,
        residue: event.data.residue,
      };
    case 'PersonRestricted':
      return { ...state, restricted: true };
    case 'PersonRestrictionLifted':
      return { ...state, restricted: false };
    case 'PersonErased':
      return { ...state, erased: true, dateOfBirth: undefined };
    case 'CaseOpenedForPerson':
      return state.caseIds.includes(event.data.caseId)
        ? state
        : { ...state, caseIds: [...state.caseIds, event.data.caseId] };
    case 'DeputyAccessGranted': {
      const { grantId, caseworkerId, caseId, until } = event.data;
      return {
        ...state,
        deputyGrants: [...state.deputyGrants, { grantId, caseworkerId, until, ...(caseId ? { caseId } : {}) }],
      };
    }
    case 'ConsentGranted': {
      const d = event.data;
      const record: ConsentRecord = {
        consentId: d.consentId,
        recipients: d.recipients,
        dataCategories: d.dataCategories,
        purposes: d.purposes,
        validFrom: d.validFrom,
        validUntil: d.validUntil,
        mutual: d.mutual,
        declaredBy: d.declaredBy,
        informed: d.informed,
        caseBinding: d.caseBinding ?? null,
        releases: d.releases ?? [],
      };
      return { ...state, consents: [...state.consents, record] };
    }
    case 'ConsentRefused':
      return { ...state, refusedConsentIds: [...state.refusedConsentIds, event.data.consentId] };
    case 'ConsentWithdrawn':
      return {
        ...state,
        consents: state.consents.map((c) =>
          c.consentId === event.data.consentId ? { ...c, withdrawnAt: event.data.withdrawnAt } : c,
        ),
      };
    case 'DataTransferred':
    case 'TransferRefused':
    case 'TransferAwaitingApproval': {
      const { personal, verdict: _verdict, ...request } = event.data;
      const record: TransferRecord = {
        transferId: request.transferId,
        toAgency: request.toAgency,
        status: TRANSFER_STATUS[event.type],
        acknowledged: false,
        ...(request.caseId ? { caseId: request.caseId } : {}),
        ...(event.type === 'TransferAwaitingApproval'
          ? { request, ...(personal?.justification ? { justification: personal.justification } : {}) }
          : {}),
      };
      // An approval decides a pending transfer: its record is replaced, not added.
      const others = state.transfers.filter((t) => t.transferId !== record.transferId);
      return { ...state, transfers: [...others, record] };
    }
    case 'TransferRejected':
      return {
        ...state,
        transfers: state.transfers.map((t) =>
          t.transferId === event.data.transferId
            ? { transferId: t.transferId, toAgency: t.toAgency, status: 'rejected', acknowledged: false }
            : t,
        ),
      };
    case 'ReferralMade': {
      const { referralId, caseId, agency } = event.data;
      return { ...state, referrals: [...state.referrals, { referralId, caseId, agency }] };
    }
    case 'ReferralFeedbackGiven':
      return state;
    case 'TransferAcknowledged':
      return {
        ...state,
        transfers: state.transfers.map((t) =>
          t.transferId === event.data.transferId ? { ...t, acknowledged: true } : t,
        ),
      };
    default:
      return assertNever(event);
  }
}

const TRANSFER_STATUS = {
  DataTransferred: 'delivered',
  TransferRefused: 'refused',
  TransferAwaitingApproval: 'awaiting-approval',
} as const;

/** Five-year band of the birth year, e.g. '1990-1994': coarse enough to publish, fine enough to report. */
export function birthYearBand(dateOfBirth: string): string {
  const start = Math.floor(Number(dateOfBirth.slice(0, 4)) / 5) * 5;
  return `${start}-${start + 4}`;
}

/** Every command but registration needs a registered, not erased person (no command acts on an erased one). */
function assertActiveFile(state: PersonFile, personId: string): void {
  if (!state.registered) throw new NotFoundError(`person ${personId} not found`);
  if (state.erased) throw new RuleViolationError('person-erased');
}

/**
 * Art. 18 DSGVO: while restricted, the data are only stored. Nobody changes, transfers, opens, grants or
 * acknowledges anything about the person; only the privacy officer lifts, erases — and a withdrawal of
 * consent stays possible at any time (Art. 7(3) DSGVO), because it only narrows processing.
 */
function assertNotRestricted(state: PersonFile): void {
  if (state.restricted) throw new RuleViolationError('person-restricted');
}

export function personFileDecider(
  catalogue: Catalogue,
  law: TransferLaw,
): Decider<PersonFileCommand, PersonFileEvent, PersonFile> {
  return {
    initialState: initialPersonFile,
    evolve: evolvePersonFile,
    decide: (command, state) => {
      if (command.type === 'RegisterPerson') return decideRegistration(command, state, catalogue);
      assertActiveFile(state, command.data.personId);
      switch (command.type) {
        case 'RestrictPerson':
        case 'LiftPersonRestriction':
        case 'ErasePerson':
          return decideProtection(command, state);
        case 'OpenCaseForPerson':
          assertNotRestricted(state);
          return decideCaseOpening(command, state);
        case 'GrantDeputyAccess':
          assertNotRestricted(state);
          return decideDeputyAccess(command, state);
        case 'GrantConsent':
        case 'RefuseConsent':
          assertNotRestricted(state);
          return decideConsent(command, state, law.catalogue);
        case 'WithdrawConsent':
          return decideConsent(command, state, law.catalogue);
        case 'TransferData':
        case 'ApproveTransfer':
        case 'RejectTransfer':
        case 'AcknowledgeTransfer':
          return decideTransfer(command, state, law);
        case 'MakeReferral':
        case 'GiveReferralFeedback':
          return decideReferral(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}

/** Shapes are checked at the edge (DTO); here the rules that need the calendar and the configuration. */
function decideRegistration(command: RegisterPerson, state: PersonFile, catalogue: Catalogue): PersonFileEvent[] {
  const d = command.data;
  const today = localDate(requireInstant(d.at));
  const problems: [string, string][] = [];
  if (!isIsoDate(d.dateOfBirth) || d.dateOfBirth > today || d.dateOfBirth < '1900-01-01') {
    problems.push(['dateOfBirth', 'must be a past date (YYYY-MM-DD)']);
  }
  if (!catalogue.municipalities.includes(d.municipality)) {
    problems.push(['municipality', `unknown municipality: ${String(d.municipality)}`]);
  }
  if (problems.length > 0) {
    throw ValidationError.of(problems);
  }
  if (state.registered) throw new ConflictError(`person ${d.personId} is already registered`);
  return [
    {
      type: 'PersonRegistered',
      data: {
        personId: d.personId,
        registeredBy: d.registeredBy,
        residue: {
          municipality: d.municipality,
          birthYearBand: birthYearBand(d.dateOfBirth),
          nationality: d.nationality,
        },
        // Names are stored exactly as given: no trimming, case folding or transliteration.
        personal: {
          givenName: d.givenName,
          familyName: d.familyName,
          dateOfBirth: d.dateOfBirth,
          nationality: d.nationality,
          languages: d.languages,
          residenceStatus: d.residenceStatus,
        },
      },
    },
  ];
}

type ProtectionCommand = Extract<PersonCommand, { type: 'RestrictPerson' | 'LiftPersonRestriction' | 'ErasePerson' }>;

function decideProtection(command: ProtectionCommand, state: PersonFile): PersonFileEvent[] {
  const { personId, reason, at } = command.data;
  requireInstant(at);
  switch (command.type) {
    case 'RestrictPerson':
      if (state.restricted) throw new ConflictError(`person ${personId} is already restricted`);
      return [{ type: 'PersonRestricted', data: { personId, reason } }];
    case 'LiftPersonRestriction':
      if (!state.restricted) throw new ConflictError(`person ${personId} is not restricted`);
      return [{ type: 'PersonRestrictionLifted', data: { personId, reason } }];
    case 'ErasePerson': {
      // Art. 19 DSGVO: every agency that received data is told of the erasure.
      const recipients = new Set(state.transfers.filter((t) => t.status === 'delivered').map((t) => t.toAgency));
      return [{ type: 'PersonErased', data: { personId, reason, recipientsToNotify: [...recipients].sort() } }];
    }
    default:
      return assertNever(command);
  }
}

function decideCaseOpening(command: OpenCaseForPerson, state: PersonFile): PersonFileEvent[] {
  const { personId, caseId, openedBy, at } = command.data;
  requireInstant(at);
  // A retried opening lands on the same case id: nothing new to record.
  if (state.caseIds.includes(caseId)) return [];
  return [{ type: 'CaseOpenedForPerson', data: { personId, caseId, openedBy } }];
}

function decideDeputyAccess(command: GrantDeputyAccess, state: PersonFile): PersonFileEvent[] {
  const d = command.data;
  const today = localDate(requireInstant(d.at));
  if (d.caseId !== undefined && !state.caseIds.includes(d.caseId)) {
    throw new RuleViolationError('case-of-another-person');
  }
  if (!isIsoDate(d.until) || d.until < today) {
    throw new ValidationError('until must be a date (YYYY-MM-DD), today or later', ['until']);
  }
  // Art. 25 DSGVO: access only as long as needed — a deputy grant cannot run open-ended.
  if (d.until > addDays(today, d.maxDays)) {
    throw new ValidationError(`until may be at most ${d.maxDays} days ahead`, ['until']);
  }
  if (state.deputyGrants.some((g) => g.grantId === d.grantId)) return [];
  return [
    {
      type: 'DeputyAccessGranted',
      data: {
        grantId: d.grantId,
        personId: d.personId,
        ...(d.caseId ? { caseId: d.caseId } : {}),
        caseworkerId: d.caseworkerId,
        until: d.until,
        grantedBy: d.grantedBy,
        personal: { reason: d.reason },
      },
    },
  ];
}
