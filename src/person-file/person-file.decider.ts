import type { Catalogue } from '../config/catalogue.js';
import type { ConsentCommand } from './consent.commands.js';
import type { ConsentEvent } from './consent.events.js';
import type { ConsentRecord } from './consents/consent.rules.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import type { TransferCommand } from './transfer.commands.js';
import type { TransferEvent } from './transfer.events.js';
import { decideConsent, localDate, requireInstant } from './consents/consent.rules.js';
import { decideTransferBasis } from './transfers/transfer-policy.js';
import { validateTransferRequest } from './transfer.commands.js';
import { validateRegistration, type PersonCommand, type RegisterPerson } from './person.commands.js';
import type { PersonEvent, StatisticalResidue } from './person.events.js';

/**
 * Decider of the stream `person-<personId>`: the person's data-protection file. Registration, restriction,
 * erasure, consents and transfers are one consistency boundary, so a transfer is always decided against
 * the consents of exactly one stream revision (see docs/event-model.md).
 */
export type PersonFileCommand = PersonCommand | ConsentCommand | TransferCommand;
export type PersonFileEvent = PersonEvent | ConsentEvent | TransferEvent;

export interface TransferRecord {
  transferId: string;
  toAgency: string;
  allowed: boolean;
  acknowledged: boolean;
}

export interface PersonFile {
  registered: boolean;
  personId?: string;
  /** Needed for the capacity to consent; forgotten on erasure. */
  dateOfBirth?: string;
  residue?: StatisticalResidue;
  restricted: boolean;
  erased: boolean;
  consents: readonly ConsentRecord[];
  refusedConsentIds: readonly string[];
  transfers: readonly TransferRecord[];
}

export const initialPersonFile = (): PersonFile => ({
  registered: false,
  restricted: false,
  erased: false,
  consents: [],
  refusedConsentIds: [],
  transfers: [],
});

export function evolvePersonFile(state: PersonFile, event: PersonFileEvent): PersonFile {
  switch (event.type) {
    case 'PersonRegistered':
      return {
        ...state,
        registered: true,
        personId: event.data.personId,
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
    case 'ConsentGranted': {
      const { consentId, recipients, dataCategories, purposes, validFrom, validUntil, mutual, declaredBy } = event.data;
      const record: ConsentRecord = {
        consentId,
        recipients,
        dataCategories,
        purposes,
        validFrom,
        validUntil,
        mutual,
        declaredBy,
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
      return {
        ...state,
        transfers: [
          ...state.transfers,
          {
            transferId: event.data.transferId,
            toAgency: event.data.toAgency,
            allowed: event.type === 'DataTransferred',
            acknowledged: false,
          },
        ],
      };
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

/** Five-year band of the birth year, e.g. '1990-1994': coarse enough to publish, fine enough to report. */
export function birthYearBand(dateOfBirth: string): string {
  const start = Math.floor(Number(dateOfBirth.slice(0, 4)) / 5) * 5;
  return `${start}-${start + 4}`;
}

/** Every command but registration needs a registered, not erased person. */
function assertActiveFile(state: PersonFile, personId: string): void {
  if (!state.registered) throw new NotFoundError(`person ${personId} not found`);
  if (state.erased) throw new RuleViolationError('person-erased');
}

export function personFileDecider(catalogue: Catalogue): Decider<PersonFileCommand, PersonFileEvent, PersonFile> {
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
        case 'GrantConsent':
        case 'RefuseConsent':
        case 'WithdrawConsent':
          return decideConsent(command, state, catalogue);
        case 'TransferData':
        case 'AcknowledgeTransfer':
          return decideTransfer(command, state, catalogue);
        default:
          return assertNever(command);
      }
    },
  };
}

function decideRegistration(command: RegisterPerson, state: PersonFile, catalogue: Catalogue): PersonFileEvent[] {
  const d = command.data;
  const at = requireInstant(d.at);
  validateRegistration(d, localDate(at), catalogue);
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

function decideProtection(command: Exclude<PersonCommand, RegisterPerson>, state: PersonFile): PersonFileEvent[] {
  const { personId, reason, at } = command.data;
  requireInstant(at);
  if (typeof reason !== 'string' || reason.trim() === '') throw new ValidationError('reason is required', ['reason']);
  switch (command.type) {
    case 'RestrictPerson':
      if (state.restricted) throw new ConflictError(`person ${personId} is already restricted`);
      return [{ type: 'PersonRestricted', data: { personId, reason } }];
    case 'LiftPersonRestriction':
      if (!state.restricted) throw new ConflictError(`person ${personId} is not restricted`);
      return [{ type: 'PersonRestrictionLifted', data: { personId, reason } }];
    case 'ErasePerson': {
      // Art. 19 DSGVO: every agency that received data is told of the erasure.
      const recipients = new Set(state.transfers.filter((t) => t.allowed).map((t) => t.toAgency));
      return [{ type: 'PersonErased', data: { personId, reason, recipientsToNotify: [...recipients].sort() } }];
    }
    default:
      return assertNever(command);
  }
}

function decideTransfer(command: TransferCommand, state: PersonFile, catalogue: Catalogue): PersonFileEvent[] {
  switch (command.type) {
    case 'TransferData': {
      // Provenance and justification are inputs of the policy; they are not copied into the request fields.
      const {
        at,
        justification,
        entrustedToYouthOffice: _entrusted,
        entrustedBy: _entrustedBy,
        caseId,
        ...rest
      } = command.data;
      requireInstant(at);
      validateTransferRequest(command.data, catalogue);
      if (state.transfers.some((t) => t.transferId === rest.transferId)) {
        throw new ConflictError(`transfer ${rest.transferId} already exists`);
      }
      const verdict = decideTransferBasis(command.data, state, at, catalogue);
      const data = {
        transferId: rest.transferId,
        personId: rest.personId,
        ...(caseId ? { caseId } : {}),
        fromAgency: rest.fromAgency,
        toAgency: rest.toAgency,
        dataCategories: rest.dataCategories,
        purpose: rest.purpose,
        legalBasis: rest.legalBasis,
        requestedBy: rest.requestedBy,
        verdict,
        personal: justification?.trim() ? { justification } : {},
      };
      // A refusal is a fact too: who tried, what, and why it was refused (product rule 2).
      return [verdict.allowed ? { type: 'DataTransferred', data } : { type: 'TransferRefused', data }];
    }
    case 'AcknowledgeTransfer': {
      const { personId, transferId, agency, acknowledgedBy, at } = command.data;
      requireInstant(at);
      const transfer = state.transfers.find((t) => t.transferId === transferId);
      if (!transfer) throw new NotFoundError(`transfer ${transferId} not found`);
      if (transfer.toAgency !== agency)
        throw new ForbiddenError('only the recipient agency can acknowledge a transfer');
      if (!transfer.allowed) throw new RuleViolationError('transfer-was-refused');
      if (transfer.acknowledged) throw new ConflictError(`transfer ${transferId} is already acknowledged`);
      return [{ type: 'TransferAcknowledged', data: { transferId, personId, agency, acknowledgedBy } }];
    }
    default:
      return assertNever(command);
  }
}
