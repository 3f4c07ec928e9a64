import type { Catalogue } from '../config/catalogue.js';
import type { TransferLaw } from '../config/config.js';
import { addDays, isIsoDate, localDate, requireInstant } from '../shared/calendar.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import { decideConsent, type ConsentRecord } from './consents/consent.rules.js';
import type {
  AcknowledgeErasureNotice,
  DecideErasure,
  GrantDeputyAccess,
  LodgeObjection,
  SetLitigationHold,
  UpdatePersonData,
  OpenCaseForPerson,
  RequestErasure,
  PersonCommand,
  PersonFileCommand,
  RegisterPerson,
  WithdrawParticipationConsent,
  RecordParticipationBasis,
} from './person-file.commands.js';
import type {
  ParticipationBasis,
  PersonalDetails as PersonFileEventPersonal,
  PersonFileEvent,
  StatisticalResidue,
  TransferRequest,
} from './person-file.events.js';
import { ACCESS_ROUTES, GENDERS, RECHTSKREISE, RESIDENCE_STATUSES } from '../catalogue/person-codes.js';
import { decideReferral } from './referrals/referral.decisions.js';
import { decideTransfer } from './transfers/transfer.decisions.js';
import { participationProblems, participationRecord } from './registration/participation.rules.js';
import type { CatalogueV2 } from '../catalogue/catalogue.js';

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

/** An erasure asked for and not yet decided (four-eyes, product rule 8). */
export interface PendingErasure {
  erasureId: string;
  requestedBy: string;
  reason: string;
}

export interface PersonFile {
  /** Coded data with history (v2): the latest residence status and Rechtskreis. */
  residence?: { status: string; validUntil?: string };
  rechtskreis?: string;
  /** The reason of a litigation hold while one stands (Art. 17(3)(e) DSGVO). */
  litigationHold?: string;
  /** Fields the person disputes (Art. 18(1)(a) DSGVO) until they are rectified. */
  disputedFields?: readonly string[];
  /** Agencies told of the erasure (Art. 19 DSGVO) and whether they confirmed it. */
  erasureNotices?: Readonly<Record<string, 'open' | 'acknowledged'>>;
  registered: boolean;
  personId?: string;
  registeredBy?: string;
  /** The basis of the KI's own processing (schema 4; `not-recorded` on older registrations). */
  participation?: ParticipationBasis;
  /** Art. 7(3) DSGVO: when the participation consent was withdrawn. */
  participationWithdrawnAt?: string;
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
  pendingErasures: readonly PendingErasure[];
  /** Rejected requests: deciding them again is a conflict, not a second erasure. */
  rejectedErasureIds: readonly string[];
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
  pendingErasures: [],
  rejectedErasureIds: [],
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
        participation: event.data.participation ?? { kind: 'not-recorded' },
        // After erasure the codec can no longer decrypt `personal`; the file must still fold.
        dateOfBirth: event.data.personal?.dateOfBirth,
        residue: event.data.residue,
      };
    case 'ParticipationConsentWithdrawn':
      return { ...state, participationWithdrawnAt: event.data.withdrawnAt };
    case 'ParticipationBasisRecorded':
      return { ...state, participation: event.data.participation, participationWithdrawnAt: undefined };
    case 'PersonRestricted':
      return { ...state, restricted: true };
    case 'PersonRestrictionLifted':
      return { ...state, restricted: false };
    case 'PersonErased':
      return {
        ...state,
        erased: true,
        dateOfBirth: undefined,
        pendingErasures: [],
        erasureNotices: Object.fromEntries((event.data.recipientsToNotify ?? []).map((a) => [a, 'open'])),
      };
    case 'PersonDataRectified': {
      const changed = event.data.fields;
      const dateOfBirth = event.data.personal?.changes?.dateOfBirth;
      return {
        ...state,
        ...(dateOfBirth ? { dateOfBirth } : {}),
        ...(state.disputedFields ? { disputedFields: state.disputedFields.filter((f) => !changed.includes(f)) } : {}),
      };
    }
    case 'PersonDataDisputed':
      return {
        ...state,
        disputedFields: [...new Set([...(state.disputedFields ?? []), ...event.data.fields])],
      };
    case 'ResidenceStatusRecorded': {
      const { status, validUntil } = event.data;
      return { ...state, residence: { status, ...(validUntil ? { validUntil } : {}) } };
    }
    case 'RechtskreisRecorded':
      return { ...state, rechtskreis: event.data.rechtskreis };
    case 'ObjectionLodged':
      return state;
    case 'LitigationHoldPlaced':
      return { ...state, litigationHold: event.data.reason };
    case 'LitigationHoldLifted': {
      const { litigationHold: _lifted, ...rest } = state;
      return rest;
    }
    case 'ErasureNoticeAcknowledged':
      return { ...state, erasureNotices: { ...state.erasureNotices, [event.data.agency]: 'acknowledged' } };
    case 'ErasureRequested': {
      const { erasureId, requestedBy, reason } = event.data;
      return { ...state, pendingErasures: [...state.pendingErasures, { erasureId, requestedBy, reason }] };
    }
    case 'ErasureRejected':
      return {
        ...state,
        pendingErasures: state.pendingErasures.filter((e) => e.erasureId !== event.data.erasureId),
        rejectedErasureIds: [...state.rejectedErasureIds, event.data.erasureId],
      };
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
      if (command.type === 'RegisterPerson') return decideRegistration(command, state, catalogue, law.catalogue);
      if (command.type === 'AcknowledgeErasureNotice') return decideNoticeReceipt(command, state);
      assertActiveFile(state, command.data.personId);
      switch (command.type) {
        case 'RestrictPerson':
        case 'LiftPersonRestriction':
        case 'ErasePerson':
          return decideProtection(command, state);
        case 'RequestErasure':
        case 'ApproveErasure':
        case 'RejectErasure':
          return decideErasure(command, state);
        case 'UpdatePersonData':
          return decidePersonDataUpdate(command, state);
        case 'WithdrawParticipationConsent':
          // Like any withdrawal (Art. 7(3) DSGVO) possible while restricted: it only narrows processing.
          return decideParticipationWithdrawal(command, state);
        case 'RecordParticipationBasis':
          assertNotRestricted(state);
          return decideLaterParticipation(command, state, law.catalogue);
        case 'LodgeObjection':
          return decideObjection(command, state);
        case 'PlaceLitigationHold':
        case 'LiftLitigationHold':
          return decideLitigationHold(command, state);
        case 'OpenCaseForPerson':
          assertNotRestricted(state);
          assertParticipationBasis(state);
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
function decideRegistration(
  command: RegisterPerson,
  state: PersonFile,
  catalogue: Catalogue,
  catalogueV2: CatalogueV2,
): PersonFileEvent[] {
  const d = command.data;
  const today = localDate(requireInstant(d.at));
  const problems: [string, string][] = [];
  const participation = participationProblems(d.participation, catalogueV2, d.dateOfBirth, today);
  checkCodes(d, problems);
  if (!isIsoDate(d.dateOfBirth) || d.dateOfBirth > today || d.dateOfBirth < '1900-01-01') {
    problems.push(['dateOfBirth', 'must be a past date (YYYY-MM-DD)']);
  }
  if (!catalogue.municipalities.includes(d.municipality)) {
    problems.push(['municipality', `unknown municipality: ${String(d.municipality)}`]);
  }
  if (problems.length > 0 || participation.length > 0) {
    const all = [
      ...problems.map(([field, message]) => ({ field, message: `${field} ${message}` })),
      ...participation.map((p) => ({ field: p.field, message: `${p.field} ${p.en}`, de: p.de })),
    ];
    throw new ValidationError(
      all.map((p) => p.message).join('; '),
      all.map((p) => p.field),
      all,
    );
  }
  if (state.registered) throw new ConflictError(`person ${d.personId} is already registered`);
  const recorded = participationRecord(d.participation!, catalogueV2, d.registeredBy);
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
          ...(d.accessRoute ? { accessRoute: d.accessRoute } : {}),
        },
        participation: recorded.basis,
        // Names are stored exactly as given: no trimming, case folding or transliteration.
        personal: {
          givenName: d.givenName,
          familyName: d.familyName,
          dateOfBirth: d.dateOfBirth,
          nationality: d.nationality,
          languages: d.languages,
          residenceStatus: d.residenceStatus,
          ...(d.gender ? { gender: d.gender } : {}),
          ...(d.contact ? { contact: d.contact } : {}),
          participation: recorded.personal,
        },
      },
    },
    ...(d.residenceStatusCode
      ? [residenceRecorded(d.personId, d.registeredBy, d.residenceStatusCode, d.residenceValidUntil)]
      : []),
    ...(d.rechtskreis
      ? [
          {
            type: 'RechtskreisRecorded' as const,
            data: { personId: d.personId, rechtskreis: d.rechtskreis, recordedBy: d.registeredBy },
          },
        ]
      : []),
  ];
}

/**
 * Art. 7(3) DSGVO: after the participation consent was withdrawn, the KI opens no new case for the person
 * until a new basis is recorded (POST /persons/{id}/participation). Registrations of before the basis was
 * required are not blocked: their basis is unknown, not absent (docs/legal-bases.md, point 26).
 */
export function assertParticipationBasis(state: PersonFile): void {
  if (state.participationWithdrawnAt) throw new RuleViolationError('participation-consent-withdrawn');
}

/** A basis recorded later: only where none is recorded or the participation consent was withdrawn. */
function decideLaterParticipation(
  command: RecordParticipationBasis,
  state: PersonFile,
  catalogueV2: CatalogueV2,
): PersonFileEvent[] {
  const d = command.data;
  const today = localDate(requireInstant(d.at));
  const open = state.participation === undefined || state.participation.kind === 'not-recorded';
  if (!open && !state.participationWithdrawnAt) {
    throw new ConflictError('a basis of the KI’s own processing is recorded and in force');
  }
  const problems = participationProblems(d.participation, catalogueV2, state.dateOfBirth ?? '1900-01-01', today);
  if (problems.length > 0) {
    throw new ValidationError(
      problems.map((p) => `${p.field} ${p.en}`).join('; '),
      problems.map((p) => p.field),
      problems.map((p) => ({ field: p.field, message: `${p.field} ${p.en}`, de: p.de })),
    );
  }
  const recorded = participationRecord(d.participation!, catalogueV2, d.recordedBy);
  return [
    {
      type: 'ParticipationBasisRecorded',
      data: { personId: d.personId, participation: recorded.basis, personal: { participation: recorded.personal } },
    },
  ];
}

/**
 * Art. 7(3) DSGVO: withdrawing the participation consent is as easy as giving it and acts for the future.
 * Only a basis that is a consent can be withdrawn; a documented public task is met by an objection
 * (Art. 21 DSGVO, POST /privacy/persons/{id}/objection).
 */
function decideParticipationWithdrawal(command: WithdrawParticipationConsent, state: PersonFile): PersonFileEvent[] {
  const d = command.data;
  requireInstant(d.at);
  if (!d.reason?.trim()) throw ValidationError.of([['reason', 'must not be empty']]);
  if (state.participation?.kind !== 'consent') {
    throw new RuleViolationError('participation-basis-is-not-a-consent');
  }
  if (state.participationWithdrawnAt) throw new ConflictError('the participation consent is already withdrawn');
  return [
    {
      type: 'ParticipationConsentWithdrawn',
      data: { personId: d.personId, withdrawnAt: d.at, withdrawnBy: d.withdrawnBy, personal: { reason: d.reason } },
    },
  ];
}

const residenceRecorded = (personId: string, by: string, status: string, validUntil?: string): PersonFileEvent => ({
  type: 'ResidenceStatusRecorded',
  data: { personId, status, ...(validUntil ? { validUntil } : {}), recordedBy: by },
});

function checkCodes(
  d: {
    gender?: string;
    accessRoute?: string;
    rechtskreis?: string;
    residenceStatusCode?: string;
    residenceValidUntil?: string;
  },
  problems: [string, string][],
) {
  if (d.gender !== undefined && !(d.gender in GENDERS)) problems.push(['gender', `unknown gender code: ${d.gender}`]);
  if (d.accessRoute !== undefined && !(d.accessRoute in ACCESS_ROUTES))
    problems.push(['accessRoute', `unknown access route: ${d.accessRoute}`]);
  if (d.rechtskreis !== undefined && !(d.rechtskreis in RECHTSKREISE))
    problems.push(['rechtskreis', `unknown Rechtskreis: ${d.rechtskreis}`]);
  if (d.residenceStatusCode !== undefined && !(d.residenceStatusCode in RESIDENCE_STATUSES))
    problems.push(['residenceStatusCode', `unknown residence status code: ${d.residenceStatusCode}`]);
  if (d.residenceValidUntil !== undefined && !isIsoDate(d.residenceValidUntil))
    problems.push(['residenceValidUntil', 'must be a date (YYYY-MM-DD)']);
}

const RECTIFIABLE = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'nationality',
  'languages',
  'residenceStatus',
  'gender',
  'contact',
];

/**
 * PATCH /persons/{id}: rectification (Art. 16 DSGVO) with a reason, coded residence status and Rechtskreis
 * with history, and the "disputed" marker (Art. 18(1)(a)): the disputed fields are marked and the whole
 * file restricted until the privacy officer has verified them. Unchanged coded values record nothing.
 */
function decidePersonDataUpdate(command: UpdatePersonData, state: PersonFile): PersonFileEvent[] {
  const d = command.data;
  const today = localDate(requireInstant(d.at));
  const problems: [string, string][] = [];
  const changes = Object.fromEntries(
    Object.entries(d.changes).filter(([, v]) => v !== undefined),
  ) as Partial<PersonFileEventPersonal>;
  if (changes.dateOfBirth !== undefined && (!isIsoDate(changes.dateOfBirth) || changes.dateOfBirth > today)) {
    problems.push(['dateOfBirth', 'must be a past date (YYYY-MM-DD)']);
  }
  checkCodes(
    {
      ...(changes.gender !== undefined ? { gender: changes.gender } : {}),
      ...(d.rechtskreis !== undefined ? { rechtskreis: d.rechtskreis } : {}),
      ...(d.residence ? { residenceStatusCode: d.residence.status } : {}),
      ...(d.residence?.validUntil !== undefined ? { residenceValidUntil: d.residence.validUntil } : {}),
    },
    problems,
  );
  for (const field of d.disputed ?? []) {
    if (!RECTIFIABLE.includes(field)) problems.push(['disputed', `not a field of the person: ${field}`]);
  }
  if (!d.reason?.trim()) problems.push(['reason', 'must not be empty']);
  if (problems.length > 0) throw ValidationError.of(problems);
  const events: PersonFileEvent[] = [];
  const fields = Object.keys(changes);
  if (fields.length > 0) {
    events.push({
      type: 'PersonDataRectified',
      data: {
        personId: d.personId,
        fields,
        rectifiedBy: d.updatedBy,
        ...(d.requestId ? { requestId: d.requestId } : {}),
        personal: { changes, reason: d.reason },
      },
    });
  }
  const residence = d.residence;
  if (
    residence &&
    (residence.status !== state.residence?.status || residence.validUntil !== state.residence?.validUntil)
  ) {
    events.push(residenceRecorded(d.personId, d.updatedBy, residence.status, residence.validUntil));
  }
  if (d.rechtskreis !== undefined && d.rechtskreis !== state.rechtskreis) {
    events.push({
      type: 'RechtskreisRecorded',
      data: { personId: d.personId, rechtskreis: d.rechtskreis, recordedBy: d.updatedBy },
    });
  }
  if (d.disputed && d.disputed.length > 0) {
    events.push({
      type: 'PersonDataDisputed',
      data: { personId: d.personId, fields: d.disputed, markedBy: d.updatedBy, personal: { reason: d.reason } },
    });
    if (!state.restricted) {
      events.push({
        type: 'PersonRestricted',
        data: { personId: d.personId, reason: 'Richtigkeit bestritten (Art. 18 Abs. 1 lit. a DSGVO)' },
      });
    }
  }
  if (events.length === 0 && !(d.residence || d.rechtskreis !== undefined)) {
    throw new ValidationError('nothing to change: name at least one field', ['body']);
  }
  return events;
}

function decideLitigationHold(command: SetLitigationHold, state: PersonFile): PersonFileEvent[] {
  const { personId, reason, by, at } = command.data;
  requireInstant(at);
  if (!reason?.trim()) throw new ValidationError('reason must not be empty', ['reason']);
  if (command.type === 'PlaceLitigationHold') {
    if (state.litigationHold !== undefined) throw new ConflictError(`a litigation hold already stands for ${personId}`);
    return [{ type: 'LitigationHoldPlaced', data: { personId, reason, placedBy: by } }];
  }
  if (state.litigationHold === undefined) throw new ConflictError(`no litigation hold stands for ${personId}`);
  return [{ type: 'LitigationHoldLifted', data: { personId, reason, liftedBy: by } }];
}

/** Art. 21 DSGVO: the objection is recorded and processing restricted until the review decides. */
function decideObjection(command: LodgeObjection, state: PersonFile): PersonFileEvent[] {
  const { personId, grounds, lodgedBy, requestId, at } = command.data;
  requireInstant(at);
  if (!grounds?.trim()) throw new ValidationError('grounds must not be empty', ['grounds']);
  return [
    {
      type: 'ObjectionLodged',
      data: { personId, lodgedBy, ...(requestId ? { requestId } : {}), personal: { grounds } },
    },
    ...(state.restricted
      ? []
      : [
          {
            type: 'PersonRestricted' as const,
            data: { personId, reason: 'Widerspruch nach Art. 21 DSGVO; Prüfung läuft' },
          },
        ]),
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
    case 'ErasePerson':
      return [{ type: 'PersonErased', data: { personId, reason, recipientsToNotify: recipientsOf(state) } }];
    default:
      return assertNever(command);
  }
}

/** What stands against an erasure, as a 409 with the list (product section 3: `409 {holds}`). */
export class ErasureHeldError extends ConflictError {
  constructor(readonly holds: string[]) {
    super(`erasure held: ${holds.join('; ')}; restrict processing instead (Art. 18 DSGVO)`);
  }
}

/**
 * Four-eyes erasure (Art. 17 DSGVO, product rule 8). A restriction does not stand against it (Art. 18(2):
 * erasure ends what restriction only paused). The second person must be another person than the
 * requester; the roles that may be the second person are the route's business.
 */
function decideErasure(command: RequestErasure | DecideErasure, state: PersonFile): PersonFileEvent[] {
  const { personId, erasureId, holds, at } = command.data;
  requireInstant(at);
  if (command.type === 'RequestErasure') {
    const d = command.data;
    // A retried request (same command id → same erasure id) records nothing new.
    if (state.pendingErasures.some((e) => e.erasureId === erasureId)) return [];
    if (state.pendingErasures.length > 0) {
      throw new ConflictError(`an erasure of person ${personId} is already awaiting approval`);
    }
    if (holds.length > 0) throw new ErasureHeldError(holds);
    return [
      {
        type: 'ErasureRequested',
        data: {
          erasureId,
          personId,
          reason: d.reason,
          requestedBy: d.requestedBy,
          ...(d.requestId ? { requestId: d.requestId } : {}),
        },
      },
    ];
  }
  const pending = state.pendingErasures.find((e) => e.erasureId === erasureId);
  if (!pending) {
    if (state.rejectedErasureIds.includes(erasureId)) throw new ConflictError(`erasure ${erasureId} was rejected`);
    throw new NotFoundError(`erasure ${erasureId} not found`);
  }
  const { decidedBy } = command.data;
  if (pending.requestedBy === decidedBy) throw new RuleViolationError('four-eyes-same-person');
  if (command.type === 'RejectErasure') {
    const reason = command.data.reason?.trim();
    if (!reason) throw new ValidationError('reason must not be empty', ['reason']);
    return [{ type: 'ErasureRejected', data: { erasureId, personId, reason, rejectedBy: decidedBy } }];
  }
  if (holds.length > 0) throw new ErasureHeldError(holds);
  return [
    {
      type: 'PersonErased',
      data: {
        personId,
        reason: pending.reason,
        recipientsToNotify: recipientsOf(state),
        erasureId,
        requestedBy: pending.requestedBy,
        approvedBy: decidedBy,
      },
    },
  ];
}

/** Only the notified agency confirms, once; this is the one command an erased file still takes. */
function decideNoticeReceipt(command: AcknowledgeErasureNotice, state: PersonFile): PersonFileEvent[] {
  const { personId, agency, acknowledgedBy, at } = command.data;
  requireInstant(at);
  const notice = state.erasureNotices?.[agency];
  if (!state.erased || !notice) throw new NotFoundError(`no erasure notice for ${agency} about person ${personId}`);
  if (notice === 'acknowledged') throw new ConflictError(`the erasure notice to ${agency} is already acknowledged`);
  return [{ type: 'ErasureNoticeAcknowledged', data: { personId, agency, acknowledgedBy } }];
}

/** Art. 19 DSGVO: every agency that received data is told of the erasure. */
const recipientsOf = (state: PersonFile) =>
  [...new Set(state.transfers.filter((t) => t.status === 'delivered').map((t) => t.toAgency))].sort();

/**
 * One open case per person (issue 16, plausibility): a second one is a duplicate more often than a need.
 * A team lead may open one alongside with a reason (e.g. a separate Baustein 3 procedure), recorded.
 */
function decideCaseOpening(command: OpenCaseForPerson, state: PersonFile): PersonFileEvent[] {
  const { personId, caseId, openedBy, openedByRole, closedCaseIds = [], parallelCaseReason, at } = command.data;
  requireInstant(at);
  // A retried opening lands on the same case id: nothing new to record.
  if (state.caseIds.includes(caseId)) return [];
  const open = state.caseIds.filter((id) => !closedCaseIds.includes(id));
  if (open.length === 0) return [{ type: 'CaseOpenedForPerson', data: { personId, caseId, openedBy } }];
  if (!parallelCaseReason?.trim()) throw new RuleViolationError(`person-has-open-case:${open.join(',')}`);
  if (openedByRole !== 'team_lead') throw new RuleViolationError('parallel-case-needs-team-lead');
  return [
    {
      type: 'CaseOpenedForPerson',
      data: { personId, caseId, openedBy, alongsideOpenCases: open, personal: { parallelCaseReason } },
    },
  ];
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
