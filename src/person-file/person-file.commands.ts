import type { InformedBlock, ProvenanceMark } from '../legal-basis/consent-facts.js';
import type { OfficialRequest } from '../legal-basis/transfer-verdict.js';
import type {
  ConsentDeclarant,
  ConsentEvidence,
  ContactDetails,
  PersonalDetails,
  ReferralOutcome,
} from './person-file.events.js';

/**
 * Commands on a person's data-protection file (stream `person-<personId>`). Ids come in the command (the
 * command handler derives them from the command id); `at` is the instant the command is decided.
 */
export type RegisterPerson = {
  type: 'RegisterPerson';
  data: {
    personId: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string; // YYYY-MM-DD
    nationality: string; // ISO 3166-1 alpha-2 or 'XX'
    municipality: string; // from the catalogue
    languages: string[];
    residenceStatus: string;
    registeredBy: string;
    at: string;
    /** Optional since v2. */
    gender?: string;
    contact?: ContactDetails;
    accessRoute?: string;
    residenceStatusCode?: string;
    residenceValidUntil?: string;
    rechtskreis?: string;
    /**
     * Schema 4 (issue 14 item 5): the basis of the KI's own processing. Typed optional so the decider, not
     * the compiler, refuses a registration without one (400, field `participation`).
     */
    participation?: ParticipationInput;
  };
};

/** POST /persons `participation`: a catalogue basis and what its kind asks for. */
export interface ParticipationInput {
  /** A code of the catalogue's `participationBases`. */
  basis: string;
  /** Consent: § 67b Abs. 2 SGB X information (language, form version, interpreter). */
  informed?: { language: string; formVersion: string; interpreter: boolean };
  /** Consent: signed form or electronic declaration, with its reference. */
  evidence?: { kind: 'signed-form' | 'electronic-declaration'; reference: string };
  declaredBy?: 'person' | 'legal-representative';
  representativeName?: string;
  /** Public task (Art. 6 Abs. 1 lit. e DSGVO): why it covers this person. */
  justification?: string;
}

/** A basis recorded after the registration: where none was recorded, or the participation consent was withdrawn. */
export type RecordParticipationBasis = {
  type: 'RecordParticipationBasis';
  data: { personId: string; participation?: ParticipationInput; recordedBy: string; at: string };
};

/** Art. 7(3) DSGVO: the participation consent is withdrawn, effective for the future. */
export type WithdrawParticipationConsent = {
  type: 'WithdrawParticipationConsent';
  data: { personId: string; withdrawnBy: string; reason: string; at: string };
};

/** Art. 16 DSGVO: rectification, and the coded data that change over time (PATCH /persons/{id}). */
export type UpdatePersonData = {
  type: 'UpdatePersonData';
  data: {
    personId: string;
    reason: string;
    updatedBy: string;
    requestId?: string;
    changes: Partial<PersonalDetails>;
    residence?: { status: string; validUntil?: string };
    rechtskreis?: string;
    /** The person disputes these fields: marked, and processing restricted until verified. */
    disputed?: string[];
    at: string;
  };
};

export type SetLitigationHold = {
  type: 'PlaceLitigationHold' | 'LiftLitigationHold';
  data: { personId: string; reason: string; by: string; at: string };
};

export type LodgeObjection = {
  type: 'LodgeObjection';
  data: { personId: string; grounds: string; lodgedBy: string; requestId?: string; at: string };
};

/** Art. 18 DSGVO / § 84 SGB X. */
export type RestrictPerson = {
  type: 'RestrictPerson';
  data: { personId: string; reason: string; restrictedBy: string; at: string };
};

export type LiftPersonRestriction = {
  type: 'LiftPersonRestriction';
  data: { personId: string; reason: string; liftedBy: string; at: string };
};

/** Art. 17 DSGVO; the erasure handler destroys the person's key after PersonErased is stored. */
export type ErasePerson = {
  type: 'ErasePerson';
  data: { personId: string; reason: string; erasedBy: string; at: string };
};

/**
 * Four-eyes erasure (product rule 8). `holds` are what stands against erasure, judged by the handler on
 * the person's events and the county's retention configuration at `at` (retention/retention.ts); the
 * decider refuses while there is one.
 */
export type RequestErasure = {
  type: 'RequestErasure';
  data: {
    personId: string;
    erasureId: string;
    reason: string;
    requestedBy: string;
    requestId?: string;
    holds: string[];
    at: string;
  };
};

export type AcknowledgeErasureNotice = {
  type: 'AcknowledgeErasureNotice';
  data: { personId: string; agency: string; acknowledgedBy: string; at: string };
};

export type DecideErasure = {
  type: 'ApproveErasure' | 'RejectErasure';
  data: { personId: string; erasureId: string; decidedBy: string; reason?: string; holds: string[]; at: string };
};

/** Records that a case was opened for the person; the case stream follows (see CaseOpenedForPerson). */
/**
 * `closedCaseIds`: which of the person's listed cases the caller found closed on their own streams. Every
 * other listed case counts as open — also one a concurrent command listed a moment ago — so two racing
 * openings cannot both pass. A second open case needs a team lead and a reason.
 */
export type OpenCaseForPerson = {
  type: 'OpenCaseForPerson';
  data: {
    personId: string;
    caseId: string;
    openedBy: string;
    openedByRole?: string;
    closedCaseIds?: readonly string[];
    parallelCaseReason?: string;
    at: string;
  };
};

/** A team lead's time-limited deputy access for a caseworker (Vertretung). */
export type GrantDeputyAccess = {
  type: 'GrantDeputyAccess';
  data: {
    grantId: string;
    personId: string;
    caseId?: string;
    caseworkerId: string;
    until: string; // YYYY-MM-DD, inclusive
    reason: string;
    grantedBy: string;
    /** Longest grant the county allows, in days (configuration). */
    maxDays: number;
    at: string;
  };
};

export type PersonCommand =
  | RegisterPerson
  | WithdrawParticipationConsent
  | RecordParticipationBasis
  | RestrictPerson
  | LiftPersonRestriction
  | ErasePerson
  | RequestErasure
  | DecideErasure
  | AcknowledgeErasureNotice
  | UpdatePersonData
  | LodgeObjection
  | SetLitigationHold
  | OpenCaseForPerson
  | GrantDeputyAccess;

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
    /** § 67b Abs. 2 SGB X: language, form version, interpreter. */
    informed: InformedBlock;
    /** The case the consent was given for; it ends with the case unless `endsWhenCaseCloses` is false. */
    caseId?: string;
    endsWhenCaseCloses?: boolean;
    /** Provenance tags the declarant expressly releases (§ 65 SGB VIII). */
    releases?: string[];
    /** Schema 4: where the data this consent concerns came from (tag and entruster). */
    provenance?: ProvenanceMark[];
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
    /** The code of a row of the legal-basis matrix: 'consent', 'sgb10-71-2', … */
    legalBasis: string;
    /** Required by every statutory row (minimum length in the matrix). */
    justification?: string;
    /** The official request (Ersuchen) answered, where the row requires one. */
    request?: OfficialRequest;
    attestations?: string[];
    /** Where the data came from (e.g. entrusted to the youth office, § 65 SGB VIII). */
    provenance?: ProvenanceMark[];
    /** Last closing instant of each closed case of the person (case streams): case-bound consents end then. */
    caseClosures?: CaseClosures;
    /** Provenance tags of the notes of each case of the person (case streams, issue 14 item 5). */
    caseNoteProvenance?: CaseNoteProvenance;
    requestedBy: string;
    at: string;
  };
};

/** caseId → the provenance tags of that case's notes (tag and entruster). */
export type CaseNoteProvenance = Readonly<Record<string, readonly ProvenanceMark[]>>;

/** caseId → instant of its last closing, loaded from the case streams the person file lists. */
export type CaseClosures = Readonly<Record<string, string>>;

/** Four eyes: a second person approves a transfer awaiting approval; it is decided again then. */
export type ApproveTransfer = {
  type: 'ApproveTransfer';
  data: {
    personId: string;
    transferId: string;
    approvedBy: string;
    roles: string[];
    caseClosures?: CaseClosures;
    caseNoteProvenance?: CaseNoteProvenance;
    at: string;
  };
};

export type RejectTransfer = {
  type: 'RejectTransfer';
  data: { personId: string; transferId: string; rejectedBy: string; roles: string[]; reason: string; at: string };
};

/** Receipt by the recipient: `agency` is the acknowledging officer's agency claim. */
export type AcknowledgeTransfer = {
  type: 'AcknowledgeTransfer';
  data: { personId: string; transferId: string; agency: string; acknowledgedBy: string; at: string };
};

export type TransferCommand = TransferData | ApproveTransfer | RejectTransfer | AcknowledgeTransfer;

/** Weitervermittlung: cites a delivered transfer to the same agency (issue 14). */
export type MakeReferral = {
  type: 'MakeReferral';
  data: {
    personId: string;
    referralId: string;
    caseId: string;
    agency: string;
    transferId: string;
    summary?: string;
    referredBy: string;
    at: string;
  };
};

/** Feedback by an officer of the agency referred to; `agency` is the officer's agency claim. */
export type GiveReferralFeedback = {
  type: 'GiveReferralFeedback';
  data: {
    personId: string;
    referralId: string;
    agency: string;
    outcome: ReferralOutcome;
    note?: string;
    givenBy: string;
    at: string;
  };
};

export type ReferralCommand = MakeReferral | GiveReferralFeedback;

export type PersonFileCommand = PersonCommand | ConsentCommand | TransferCommand | ReferralCommand;
