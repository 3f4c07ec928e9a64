import type { CaseCommand } from '../../src/case-management/case.commands.js';
import type { CaseEvent, CaseloadEvent } from '../../src/case-management/case.events.js';
import type { ConsentCommand, ParticipationInput } from '../../src/person-file/person-file.commands.js';
import type { ConsentGranted, ConsentRefused, ConsentWithdrawn } from '../../src/person-file/person-file.events.js';
import type { PersonCommand } from '../../src/person-file/person-file.commands.js';
import type { PersonErased, PersonRegistered, PersonRestricted } from '../../src/person-file/person-file.events.js';
import type { TransferCommand } from '../../src/person-file/person-file.commands.js';
import type {
  CaseOpenedForPerson,
  DataTransferred,
  DeputyAccessGranted,
  TransferAcknowledged,
  TransferAwaitingApproval,
  TransferRefused,
  TransferRequest,
  TransferVerdict,
} from '../../src/person-file/person-file.events.js';
import { loadTransferLaw } from '../../src/config/config.js';
import type { ConsentFacts } from '../../src/legal-basis/consent-facts.js';
import { decideLawfulTransfer } from '../../src/legal-basis/lawful-transfer.policy.js';
import { recorded } from '../../src/person-file/transfers/transfer.decisions.js';

/** Fixed ids and instants, so specifications read the same on every run. */
export const PERSON_ID = '00000000-0000-4000-8000-000000000001';
export const CONSENT_ID = '00000000-0000-4000-8000-000000000002';
export const OTHER_CONSENT_ID = '00000000-0000-4000-8000-000000000003';
export const TRANSFER_ID = '00000000-0000-4000-8000-000000000004';
export const CASE_ID = '00000000-0000-4000-8000-000000000005';
export const ACTION_ID = '00000000-0000-4000-8000-000000000006';
export const CASEWORKER = 'cw-01';
export const OTHER_CASEWORKER = 'cw-02';
export const TEAM_LEAD = 'tl-01';

export const T0 = '2026-01-15T09:00:00.000Z'; // registration, consent
export const T1 = '2026-02-01T10:00:00.000Z'; // a transfer
export const T2 = '2026-03-01T10:00:00.000Z'; // later still

type Data<T extends { data: unknown }> = Partial<T['data']>;
type CommandOf<U extends { type: string; data: unknown }, K extends U['type']> = Extract<U, { type: K }>;

/** Kreis Mettmann's catalogue and legal-basis matrix (the defaults), as the app loads them without files. */
export const TRANSFER_LAW = loadTransferLaw({});

/** § 67b Abs. 2 SGB X: informed in Turkish on the current form, no interpreter. */
export const INFORMED = { language: 'tr', formVersion: 'KI-EW-2026-01', interpreter: false };

/**
 * Issue 14 item 5: the basis of the KI's own processing every registration names — here a participation
 * consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X), informed and on a signed form. The body of POST /persons
 * and the RegisterPerson command take the same shape.
 */
export const PARTICIPATION: ParticipationInput = {
  basis: 'participation-consent',
  informed: INFORMED,
  evidence: { kind: 'signed-form', reference: 'KI-TN-2026-0001' },
};

/** The alternative: a documented public task (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW). */
export const PUBLIC_TASK_PARTICIPATION: ParticipationInput = {
  basis: 'public-task-kim',
  justification: 'Casemanagement nach § 9 TIntG NRW auf Zuweisung durch das Jobcenter, Erstgespräch am 15.01.2026',
};

/** What PersonRegistered records of PARTICIPATION. */
export const PARTICIPATION_RECORDED = {
  kind: 'consent' as const,
  code: 'participation-consent',
  norm: 'Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO i. V. m. § 67b SGB X',
  informed: INFORMED,
  evidenceKind: 'signed-form' as const,
  declaredBy: 'person' as const,
  recordedBy: CASEWORKER,
};

// --- person file events -------------------------------------------------------------------------------
export const personRegistered = (o: Data<PersonRegistered> = {}): PersonRegistered => ({
  type: 'PersonRegistered',
  data: {
    personId: PERSON_ID,
    registeredBy: CASEWORKER,
    residue: { municipality: 'Velbert', birthYearBand: '1990-1994', nationality: 'TR' },
    participation: PARTICIPATION_RECORDED,
    personal: {
      givenName: 'Aylin',
      familyName: 'Yılmaz-Özdemir',
      dateOfBirth: '1991-04-17',
      nationality: 'TR',
      languages: ['tr', 'de'],
      residenceStatus: '§ 25 Abs. 2 AufenthG',
    },
    ...o,
  },
});

export const personRestricted = (): PersonRestricted => ({
  type: 'PersonRestricted',
  data: { personId: PERSON_ID, reason: 'accuracy contested' },
});

export const personErased = (o: Data<PersonErased> = {}): PersonErased => ({
  type: 'PersonErased',
  data: { personId: PERSON_ID, reason: 'Art. 17 request', recipientsToNotify: [], ...o },
});

export const consentGranted = (o: Data<ConsentGranted> = {}): ConsentGranted => ({
  type: 'ConsentGranted',
  data: {
    personId: PERSON_ID,
    consentId: CONSENT_ID,
    recipients: ['JOBCENTER_IP'],
    dataCategories: ['identity', 'employment'],
    purposes: ['labour-market-integration'],
    validFrom: T0,
    validUntil: '2027-12-31',
    mutual: true,
    declaredBy: 'person',
    interpreterPresent: false,
    evidenceKind: 'signed-form',
    recordedBy: CASEWORKER,
    informed: INFORMED,
    personal: { evidenceReference: 'KI-2026-0042' },
    ...o,
  },
});

export const consentRefused = (o: Data<ConsentRefused> = {}): ConsentRefused => ({
  type: 'ConsentRefused',
  data: {
    personId: PERSON_ID,
    consentId: CONSENT_ID,
    recipients: ['AUSLAENDERBEHOERDE'],
    dataCategories: ['identity'],
    purposes: ['residence-procedure'],
    declaredBy: 'person',
    interpreterPresent: true,
    recordedBy: CASEWORKER,
    ...o,
  },
});

export const consentWithdrawn = (o: Data<ConsentWithdrawn> = {}): ConsentWithdrawn => ({
  type: 'ConsentWithdrawn',
  data: { personId: PERSON_ID, consentId: CONSENT_ID, withdrawnAt: T1, personal: { reason: 'changed my mind' }, ...o },
});

const transferRequest: TransferRequest = {
  transferId: TRANSFER_ID,
  personId: PERSON_ID,
  fromAgency: 'KI',
  toAgency: 'JOBCENTER_IP',
  dataCategories: ['identity', 'employment'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
  requestedBy: CASEWORKER,
  request: null,
  attestations: [],
  provenance: [],
};

const { request: _none, ...transferRequestWithout } = transferRequest;

/** The verdict the real policy gives the default request at T1 against these consents (a Turkish national). */
export function verdictFor(
  consents: ConsentFacts[],
  o: Partial<TransferRequest> & { justification?: string } = {},
  at = T1,
): TransferVerdict {
  const t = { ...transferRequest, ...o };
  return recorded(
    decideLawfulTransfer({
      transfer: t,
      person: { nationalities: ['TR'], restricted: false, erased: false, consents },
      matrix: TRANSFER_LAW.matrix,
      catalogue: TRANSFER_LAW.catalogue,
      regime: TRANSFER_LAW.catalogue.senderRegime,
      at,
    }),
  );
}

/** The default consent as the person file folds it. */
export const consentFacts = (o: Partial<ConsentFacts> = {}): ConsentFacts => {
  const d = consentGranted().data;
  return {
    consentId: d.consentId,
    recipients: d.recipients,
    dataCategories: d.dataCategories,
    purposes: d.purposes,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    mutual: d.mutual,
    declaredBy: d.declaredBy,
    informed: d.informed,
    caseBinding: null,
    releases: [],
    ...o,
  };
};

export const dataTransferred = (o: Data<DataTransferred> = {}): DataTransferred => ({
  type: 'DataTransferred',
  data: {
    ...transferRequest,
    verdict: verdictFor([consentFacts()]),
    personal: {},
    ...o,
  },
});

export const transferRefused = (o: Data<TransferRefused> = {}): TransferRefused => ({
  type: 'TransferRefused',
  data: {
    ...transferRequest,
    verdict: verdictFor([]),
    personal: {},
    ...o,
  },
});

/** A request to the Ausländerbehörde under § 71 Abs. 2 SGB X, on its request, for a Turkish national. */
export const ABH_REQUEST = {
  toAgency: 'AUSLAENDERBEHOERDE',
  dataCategories: ['identity', 'residence-status'],
  purpose: 'residence-law-procedure',
  legalBasis: 'sgb10-71-2',
  justification: 'Ersuchen der Ausländerbehörde im Einzelfall, Aufenthaltserlaubnis wird verlängert',
  request: { authority: 'AUSLAENDERBEHOERDE', reference: 'ABH-32-4711', receivedOn: '2026-01-20' },
  attestations: ['request-within-authority-tasks'],
};

export const transferAwaitingApproval = (o: Data<TransferAwaitingApproval> = {}): TransferAwaitingApproval => {
  const { justification, ...request } = ABH_REQUEST;
  return {
    type: 'TransferAwaitingApproval',
    data: {
      ...transferRequest,
      ...request,
      verdict: verdictFor([], ABH_REQUEST),
      personal: { justification },
      ...o,
    },
  };
};

export const transferAcknowledged = (o: Data<TransferAcknowledged> = {}): TransferAcknowledged => ({
  type: 'TransferAcknowledged',
  data: {
    transferId: TRANSFER_ID,
    personId: PERSON_ID,
    agency: 'JOBCENTER_IP',
    acknowledgedBy: 'ao-01',
    acknowledgedAt: T2,
    ...o,
  },
});

export const caseOpenedForPerson = (caseId = CASE_ID, openedBy = CASEWORKER): CaseOpenedForPerson => ({
  type: 'CaseOpenedForPerson',
  data: { personId: PERSON_ID, caseId, openedBy },
});

export const deputyAccessGranted = (o: Data<DeputyAccessGranted> = {}): DeputyAccessGranted => ({
  type: 'DeputyAccessGranted',
  data: {
    grantId: '00000000-0000-4000-8000-000000000007',
    personId: PERSON_ID,
    caseworkerId: OTHER_CASEWORKER,
    until: '2026-03-31',
    grantedBy: TEAM_LEAD,
    personal: { reason: 'Urlaubsvertretung' },
    ...o,
  },
});

// --- person file commands -----------------------------------------------------------------------------
export const registerPerson = (
  o: Partial<CommandOf<PersonCommand, 'RegisterPerson'>['data']> = {},
): CommandOf<PersonCommand, 'RegisterPerson'> => ({
  type: 'RegisterPerson',
  data: {
    personId: PERSON_ID,
    givenName: 'Aylin',
    familyName: 'Yılmaz-Özdemir',
    dateOfBirth: '1991-04-17',
    nationality: 'TR',
    municipality: 'Velbert',
    languages: ['tr', 'de'],
    residenceStatus: '§ 25 Abs. 2 AufenthG',
    participation: PARTICIPATION,
    registeredBy: CASEWORKER,
    at: T0,
    ...o,
  },
});

export const restrictPerson = (at = T1): PersonCommand => ({
  type: 'RestrictPerson',
  data: { personId: PERSON_ID, reason: 'accuracy contested', restrictedBy: 'dpo-01', at },
});

export const liftRestriction = (at = T2): PersonCommand => ({
  type: 'LiftPersonRestriction',
  data: { personId: PERSON_ID, reason: 'accuracy confirmed', liftedBy: 'dpo-01', at },
});

export const erasePerson = (at = T2): PersonCommand => ({
  type: 'ErasePerson',
  data: { personId: PERSON_ID, reason: 'Art. 17 request', erasedBy: 'dpo-01', at },
});

export const grantConsent = (
  o: Partial<CommandOf<ConsentCommand, 'GrantConsent'>['data']> = {},
): CommandOf<ConsentCommand, 'GrantConsent'> => ({
  type: 'GrantConsent',
  data: {
    personId: PERSON_ID,
    consentId: CONSENT_ID,
    recipients: ['JOBCENTER_IP'],
    dataCategories: ['identity', 'employment'],
    purposes: ['labour-market-integration'],
    validUntil: '2027-12-31',
    mutual: true,
    evidence: { kind: 'signed-form', reference: 'KI-2026-0042' },
    declaredBy: 'person',
    interpreterPresent: false,
    informed: INFORMED,
    recordedBy: CASEWORKER,
    at: T0,
    ...o,
  },
});

export const refuseConsent = (
  o: Partial<CommandOf<ConsentCommand, 'RefuseConsent'>['data']> = {},
): CommandOf<ConsentCommand, 'RefuseConsent'> => ({
  type: 'RefuseConsent',
  data: {
    personId: PERSON_ID,
    consentId: CONSENT_ID,
    recipients: ['AUSLAENDERBEHOERDE'],
    dataCategories: ['identity'],
    purposes: ['residence-procedure'],
    declaredBy: 'person',
    interpreterPresent: true,
    recordedBy: CASEWORKER,
    at: T0,
    ...o,
  },
});

export const withdrawConsent = (consentId = CONSENT_ID, at = T1): ConsentCommand => ({
  type: 'WithdrawConsent',
  data: { personId: PERSON_ID, consentId, reason: 'changed my mind', withdrawnBy: CASEWORKER, at },
});

export const transferData = (
  o: Partial<CommandOf<TransferCommand, 'TransferData'>['data']> = {},
): CommandOf<TransferCommand, 'TransferData'> => ({
  type: 'TransferData',
  data: { ...transferRequestWithout, at: T1, ...o },
});

export const acknowledgeTransfer = (agency = 'JOBCENTER_IP', at = T2): TransferCommand => ({
  type: 'AcknowledgeTransfer',
  data: { personId: PERSON_ID, transferId: TRANSFER_ID, agency, acknowledgedBy: 'ao-01', at },
});

export const approveTransfer = (approvedBy = TEAM_LEAD, at = T2, roles = ['team_lead']): TransferCommand => ({
  type: 'ApproveTransfer',
  data: { personId: PERSON_ID, transferId: TRANSFER_ID, approvedBy, roles, at },
});

export const rejectTransfer = (rejectedBy = TEAM_LEAD, at = T2): TransferCommand => ({
  type: 'RejectTransfer',
  data: {
    personId: PERSON_ID,
    transferId: TRANSFER_ID,
    rejectedBy,
    roles: ['team_lead'],
    reason: 'Ersuchen betrifft eine andere Person',
    at,
  },
});

// --- cases ----------------------------------------------------------------------------------------------
export const caseOpened = (): CaseEvent => ({
  type: 'CaseOpened',
  data: { caseId: CASE_ID, personId: PERSON_ID, municipality: 'Velbert', openedBy: CASEWORKER, openedOn: '2026-01-15' },
});

export const caseAssigned = (caseworkerId = CASEWORKER, previousCaseworkerId?: string): CaseEvent => ({
  type: 'CaseAssigned',
  data: {
    caseId: CASE_ID,
    personId: PERSON_ID,
    caseworkerId,
    ...(previousCaseworkerId ? { previousCaseworkerId } : {}),
    assignedBy: TEAM_LEAD,
  },
});

export const caseClosed = (closedAt = T1): CaseEvent => ({
  type: 'CaseClosed',
  data: { caseId: CASE_ID, personId: PERSON_ID, reason: 'goals-achieved', closedBy: CASEWORKER, closedAt },
});

export const caseReopened = (previousCaseworkerId?: string, reopenedOn?: string): CaseEvent => ({
  type: 'CaseReopened',
  data: {
    caseId: CASE_ID,
    personId: PERSON_ID,
    reopenedBy: CASEWORKER,
    ...(previousCaseworkerId ? { previousCaseworkerId } : {}),
    unassigned: true,
    ...(reopenedOn ? { reopenedOn } : {}),
  },
});

export const recordCaseAction = (
  o: Partial<CommandOf<CaseCommand, 'RecordCaseAction'>['data']> = {},
): CommandOf<CaseCommand, 'RecordCaseAction'> => ({
  type: 'RecordCaseAction',
  data: {
    caseId: CASE_ID,
    actionId: ACTION_ID,
    actionType: 'counselling',
    actionDate: '2026-01-30',
    summary: 'Beratung zur Anerkennung des Berufsabschlusses',
    agencies: ['JOBCENTER_IP'],
    recordedBy: CASEWORKER,
    at: T1,
    ...o,
  },
});

export const slotTaken = (caseId: string, caseworkerId = CASEWORKER, limit = 80): CaseloadEvent => ({
  type: 'CaseloadSlotTaken',
  data: { caseworkerId, caseId, limit },
});

/** Distinct case ids for filling a caseload: case-001, case-002, … */
export const caseIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `case-${String(i + 1).padStart(3, '0')}`);
