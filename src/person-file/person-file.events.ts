import type { InformedBlock, ProvenanceMark } from '../legal-basis/consent-facts.js';
import type { LegalBasisVerdict, OfficialRequest } from '../legal-basis/transfer-verdict.js';
import type { DomainEvent } from '../shared/decider.js';

/**
 * Stream `person-<personId>`: the person's data-protection file. Registration, consents, transfers and
 * restriction share one stream on purpose: a transfer is decided against the exact consents of one
 * stream revision, so a withdrawal racing a transfer can never be overtaken (product rule 2, 3).
 *
 * Fields under `personal` are personal data: the event codec encrypts them with the person's key before
 * they are stored and they vanish with it on erasure (crypto-shredding, rule 7). Everything outside
 * `personal` must be pseudonymous: ids, codes, dates of the process, the statistical residue.
 */
export interface PersonalDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string; // YYYY-MM-DD
  nationality: string; // ISO 3166-1 alpha-2, or 'XX' stateless / unknown
  languages: string[];
  residenceStatus: string;
  gender?: string;
  contact?: ContactDetails;
}

/** Not personal data on its own; kept so published committee figures survive an erasure (issue 5). */
export interface StatisticalResidue {
  municipality: string;
  birthYearBand: string; // e.g. '1990-1994'
  nationality: string;
}

/** Contact data (v2, optional): personal, encrypted with the rest of `personal`. */
export interface ContactDetails {
  phone?: string;
  email?: string;
  address?: string;
}

/**
 * The basis of the KI's own processing of the person (schema 4, issue 14 item 5; legal.md: Art. 6, 9 DSGVO,
 * § 3 DSG NRW): a participation consent (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) or a documented public
 * task (Art. 6 Abs. 1 lit. e DSGVO with the national norm of the catalogue). Codes, the norm and who
 * documented it are pseudonymous; the evidence reference and the reason are inside `personal`.
 * `not-recorded`: registered before the basis was required (upcast) — never an invented basis.
 */
export type ParticipationBasis =
  | {
      kind: 'consent';
      code: string;
      norm: string;
      informed: InformedBlock;
      evidenceKind: ConsentEvidence['kind'];
      declaredBy: ConsentDeclarant;
      recordedBy: string;
    }
  | { kind: 'public-task'; code: string; norm: string; documentedBy: string }
  | { kind: 'not-recorded' };

/** The personal parts of the participation basis: encrypted with the rest of `personal`. */
export interface ParticipationPersonal {
  evidenceReference?: string;
  representativeName?: string;
  /** Why the public task covers this person (Art. 6 Abs. 1 lit. e DSGVO); may describe circumstances. */
  justification?: string;
}

/**
 * Optional since v2: `gender` and `contact` inside `personal`, `accessRoute` in the residue. v1 events have
 * none of them and read unchanged (all optional, no upcaster needed). Since schema 4 `participation`
 * (required for new registrations); older events are upcast to `{ kind: 'not-recorded' }`.
 */
export type PersonRegistered = DomainEvent<
  'PersonRegistered',
  {
    personId: string;
    registeredBy: string;
    residue: StatisticalResidue;
    participation: ParticipationBasis;
    personal: PersonalDetails & { participation?: ParticipationPersonal };
  }
>;

/**
 * A basis recorded after the registration (issue 14 item 5): for a person registered before the basis was
 * required, or after the participation consent was withdrawn (a new consent or a documented task).
 */
/**
 * Art. 7(3) DSGVO: the person withdraws the participation consent; effective for the future. The KI's own
 * processing then has no basis: the file stays (storage) and an erasure review is due (Art. 17(1)(b)).
 */
export type ParticipationBasisRecorded = DomainEvent<
  'ParticipationBasisRecorded',
  { personId: string; participation: ParticipationBasis; personal: { participation: ParticipationPersonal } }
>;

export type ParticipationConsentWithdrawn = DomainEvent<
  'ParticipationConsentWithdrawn',
  { personId: string; withdrawnAt: string; withdrawnBy: string; personal: { reason: string } }
>;

/** Art. 18 DSGVO / § 84 SGB X: transfers refused, reads only by the DPO. */
export type PersonRestricted = DomainEvent<'PersonRestricted', { personId: string; reason: string }>;
export type PersonRestrictionLifted = DomainEvent<'PersonRestrictionLifted', { personId: string; reason: string }>;

/**
 * Art. 17 DSGVO. Written before the key is destroyed; afterwards only pseudonymous facts remain.
 * `recipientsToNotify` are the agencies that received data earlier (Art. 19 DSGVO).
 */
export type PersonErased = DomainEvent<
  'PersonErased',
  {
    personId: string;
    reason: string;
    recipientsToNotify: string[];
    /**
     * Since v2 (four-eyes, product rule 8): the request this erasure executes, who asked and who approved.
     * Absent on v1 events (one DPO call) and on erasures by the retention run (`kim retention`), which
     * name the archive's decision in `reason` instead. Optional fields: old events read unchanged.
     */
    erasureId?: string;
    requestedBy?: string;
    approvedBy?: string;
  }
>;

/**
 * Art. 17 DSGVO, four-eyes (v2): a privacy officer asks for an erasure; another privacy officer or a team
 * lead approves (then PersonErased) or rejects it. Holds are checked at the request and again at the
 * approval, each time on the person's events at that moment.
 */
export type ErasureRequested = DomainEvent<
  'ErasureRequested',
  { erasureId: string; personId: string; reason: string; requestedBy: string; requestId?: string }
>;
/** Art. 19 DSGVO: a recipient agency confirmed it was told of the erasure (the only fact after one). */
export type ErasureNoticeAcknowledged = DomainEvent<
  'ErasureNoticeAcknowledged',
  { personId: string; agency: string; acknowledgedBy: string }
>;
export type ErasureRejected = DomainEvent<
  'ErasureRejected',
  { erasureId: string; personId: string; reason: string; rejectedBy: string }
>;

/**
 * A case was opened for the person (the case itself lives in `case-<caseId>`). Recorded in the person's
 * stream first, so the file knows every case of the person without a read model: need to know (rule 6)
 * and "one open case per person" are decided on this stream's folded state.
 */
/**
 * `alongsideOpenCases` (issue 16): a team lead opened a further case while others were open; the reason
 * is free text and so kept encrypted. Absent on ordinary openings and on events of before.
 */
export type CaseOpenedForPerson = DomainEvent<
  'CaseOpenedForPerson',
  {
    personId: string;
    caseId: string;
    openedBy: string;
    alongsideOpenCases?: string[];
    personal?: { parallelCaseReason: string };
  }
>;

/**
 * Vertretung: a team lead lets a caseworker work on the person (or on one case of the person) until a
 * date, e.g. during leave (product rule 6, Art. 25 DSGVO: time-limited). The reason may name
 * circumstances of the person, so it is encrypted with the person's key.
 */
export type DeputyAccessGranted = DomainEvent<
  'DeputyAccessGranted',
  {
    grantId: string;
    personId: string;
    caseId?: string;
    caseworkerId: string;
    /** Inclusive calendar date (YYYY-MM-DD, German calendar). */
    until: string;
    grantedBy: string;
    personal: { reason: string };
  }
>;

/**
 * Art. 16 DSGVO / § 84 SGB X: personal details corrected, on the person's request or by the caseworker.
 * Only the new values and the reason are recorded (encrypted); the old ones stay, encrypted, in the
 * events before — the history the Art. 15 report shows. `fields` names what changed (not personal).
 */
export type PersonDataRectified = DomainEvent<
  'PersonDataRectified',
  {
    personId: string;
    fields: string[];
    rectifiedBy: string;
    requestId?: string;
    personal: { changes: Partial<PersonalDetails>; reason: string };
  }
>;

/**
 * The person disputes the accuracy of their data (Art. 18(1)(a) DSGVO, § 84 Abs. 2 SGB X): the named
 * fields are marked disputed and processing is restricted (PersonRestricted follows) until verified.
 */
export type PersonDataDisputed = DomainEvent<
  'PersonDataDisputed',
  { personId: string; fields: string[]; markedBy: string; personal: { reason: string } }
>;

/**
 * Residence status as a code with history (issue 16 item 6); `validUntil` (YYYY-MM-DD) for permits that
 * end, e.g. a Fiktionsbescheinigung: the Wiedervorlage reads it. Codes and dates only, outside `personal`.
 */
export type ResidenceStatusRecorded = DomainEvent<
  'ResidenceStatusRecorded',
  { personId: string; status: string; validUntil?: string; recordedBy: string }
>;

/** Rechtskreis (SGB II, SGB XII, AsylbLG, SGB III, none) with history; a code outside `personal`. */
export type RechtskreisRecorded = DomainEvent<
  'RechtskreisRecorded',
  { personId: string; rechtskreis: string; recordedBy: string }
>;

/** Art. 21 DSGVO: objection to processing under Art. 6(1)(e); restriction (PersonRestricted) and a review follow. */
export type ObjectionLodged = DomainEvent<
  'ObjectionLodged',
  { personId: string; lodgedBy: string; requestId?: string; personal: { grounds: string } }
>;

/**
 * A litigation hold (Art. 17(3)(e) DSGVO: legal claims): while it stands, erasure is refused. Placed and
 * lifted by the privacy officer; the reason names the proceedings, not the person (stored in the clear).
 */
export type LitigationHoldPlaced = DomainEvent<
  'LitigationHoldPlaced',
  { personId: string; reason: string; placedBy: string }
>;
export type LitigationHoldLifted = DomainEvent<
  'LitigationHoldLifted',
  { personId: string; reason: string; liftedBy: string }
>;

export type PersonEvent =
  | PersonRegistered
  | ParticipationConsentWithdrawn
  | ParticipationBasisRecorded
  | PersonRestricted
  | PersonRestrictionLifted
  | PersonErased
  | ErasureRequested
  | ErasureRejected
  | ErasureNoticeAcknowledged
  | PersonDataRectified
  | PersonDataDisputed
  | ResidenceStatusRecorded
  | RechtskreisRecorded
  | ObjectionLodged
  | LitigationHoldPlaced
  | LitigationHoldLifted
  | CaseOpenedForPerson
  | DeputyAccessGranted;

// --- consents (Einwilligung) ---------------------------------------------------------------------------

/**
 * Einwilligung (§ 67b SGB X, Art. 7 DSGVO). Stored in the person's stream `person-<personId>`
 * (see person.events.ts for why).
 */
export type ConsentDeclarant = 'person' | 'legal-representative';

/** A consent given in a case ends when that case closes, unless it says otherwise (schema 3). */
export interface ConsentCaseBinding {
  caseId: string;
  endsWhenCaseCloses: boolean;
}

export interface ConsentEvidence {
  kind: 'signed-form' | 'electronic-declaration';
  /** Form number or declaration id; recorded by `recordedBy` (sub of the caseworker). */
  reference: string;
}

export interface ConsentScope {
  recipients: string[]; // agency codes
  dataCategories: string[];
  purposes: string[];
}

export type ConsentGranted = DomainEvent<
  'ConsentGranted',
  ConsentScope & {
    personId: string;
    consentId: string;
    validFrom: string; // ISO date-time; a consent never covers what happened before it
    validUntil: string; // ISO date (inclusive)
    /** The recipient may report back to the KI (release in both directions). */
    mutual: boolean;
    declaredBy: ConsentDeclarant;
    interpreterPresent: boolean;
    evidenceKind: ConsentEvidence['kind'];
    recordedBy: string;
    /**
     * § 67b Abs. 2 SGB X: how the person was informed (schema 3). `null` on consents recorded before:
     * they documented no information and carry no transfer any more (docs/legal-bases.md, point 18).
     */
    informed: InformedBlock | null;
    caseBinding?: ConsentCaseBinding | null;
    /** Provenance tags this consent expressly releases (§ 65 SGB VIII, the entruster's release). */
    releases?: string[];
    /**
     * Schema 4 (issue 14 item 5): where the data this consent concerns came from — tag and entruster, e.g.
     * entrusted to the youth office by a third party. Older events are upcast to none (`[]`).
     */
    provenance?: ProvenanceMark[];
    personal: { evidenceReference: string; representativeName?: string };
  }
>;

/** A refusal is recorded too: it proves the person was asked and said no (§ 60 SGB I cannot force it). */
export type ConsentRefused = DomainEvent<
  'ConsentRefused',
  ConsentScope & {
    personId: string;
    consentId: string;
    declaredBy: ConsentDeclarant;
    interpreterPresent: boolean;
    recordedBy: string;
  }
>;

/** Art. 7(3) DSGVO: effective at once for all later transfers; earlier ones stay lawful. */
export type ConsentWithdrawn = DomainEvent<
  'ConsentWithdrawn',
  { personId: string; consentId: string; withdrawnAt: string; personal: { reason: string } }
>;

export type ConsentEvent = ConsentGranted | ConsentRefused | ConsentWithdrawn;

// --- transfers (Datenübermittlung) ----------------------------------------------------------------------

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
  /** The code of the legal-basis matrix row cited ('consent', 'sgb10-71-2', …); older events: v1 codes. */
  legalBasis: string;
  requestedBy: string;
  /** The official request (Ersuchen) answered: authority, reference, date received; null when none. */
  request: Required<OfficialRequest> | null;
  /** Statements the caseworker made for the row (e.g. § 4 KKG: weighty signs of endangerment). */
  attestations: string[];
  /** Where the data sent came from, as far as it limits where they may go. */
  provenance: ProvenanceMark[];
}

/**
 * The verdict as recorded (schema 3): the row and norm that decided, every condition checked (held or
 * failed, with its reason), which failed, and the approval. `allowed`, `reasons`, `consentIds` and
 * `flaggedForDpo` keep the meaning they had in schema 2. Older events are upcast: their basis has no norm
 * (`null`) and their conditions are unknown (empty) — they were decided under the flat v1 list.
 */
export type TransferVerdict = Omit<LegalBasisVerdict, 'regime'> & {
  allowed: boolean;
  regime: LegalBasisVerdict['regime'] | null;
  /** Codes of the conditions that failed (empty when allowed). */
  failedConditions: string[];
};

type TransferFact = TransferRequest & { verdict: TransferVerdict; personal: { justification?: string } };

export type DataTransferred = DomainEvent<'DataTransferred', TransferFact>;

export type TransferRefused = DomainEvent<'TransferRefused', TransferFact>;

/**
 * Four eyes (product.md §3): every condition of the row holds but its second-person approval. Not
 * delivered: invisible to the recipient until a team lead other than the requester approves it, and then
 * decided again against the file of that moment.
 */
export type TransferAwaitingApproval = DomainEvent<'TransferAwaitingApproval', TransferFact>;

/** A team lead rejected a transfer awaiting approval; it was never delivered. */
export type TransferRejected = DomainEvent<
  'TransferRejected',
  { transferId: string; personId: string; rejectedBy: string; personal: { reason: string } }
>;

export type TransferAcknowledged = DomainEvent<
  'TransferAcknowledged',
  { transferId: string; personId: string; agency: string; acknowledgedBy: string; acknowledgedAt?: string }
>;

export type TransferEvent =
  DataTransferred | TransferRefused | TransferAwaitingApproval | TransferRejected | TransferAcknowledged;

// --- referrals (Weitervermittlung) ---------------------------------------------------------------------

/**
 * A referral is a transfer (issue 14): it cites a delivered transfer to the same agency, in the person's
 * stream, so it is decided against the transfers of one stream revision. The summary may describe the
 * person's circumstances: personal, encrypted.
 */
export type ReferralMade = DomainEvent<
  'ReferralMade',
  {
    referralId: string;
    caseId: string;
    personId: string;
    agency: string;
    transferId: string;
    referredBy: string;
    personal: { summary?: string };
  }
>;

export const REFERRAL_OUTCOMES = ['accepted', 'started', 'completed', 'declined'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** The receiving agency reports back on a referral; its note is personal data, encrypted like case notes. */
export type ReferralFeedbackGiven = DomainEvent<
  'ReferralFeedbackGiven',
  {
    referralId: string;
    personId: string;
    agency: string;
    outcome: ReferralOutcome;
    givenBy: string;
    personal: { note?: string };
  }
>;

export type ReferralEvent = ReferralMade | ReferralFeedbackGiven;

export type PersonFileEvent = PersonEvent | ConsentEvent | TransferEvent | ReferralEvent;
