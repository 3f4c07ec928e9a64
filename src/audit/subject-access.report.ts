import type { ProvenanceShown } from '../legal-basis/provenance-labels.js';
import type { Retention } from '../retention/retention.js';

/** The Art. 15 DSGVO report as JSON; the HTML page renders the same object (subject-access.html.ts). */
export interface SubjectAccessReport {
  generatedAt: string;
  personId: string;
  status: {
    registeredAt: string;
    municipality: string;
    restricted: boolean;
    erased: boolean;
    erasedAt?: string;
    recipientsNotifiedOfErasure?: string[];
  };
  /**
   * The basis of the KI's own processing (issue 14 item 5: Art. 6 Abs. 1 lit. a DSGVO / § 67b SGB X consent or
   * Art. 6 Abs. 1 lit. e DSGVO task), with German and English labels; `not-recorded` for registrations made
   * before it was required. Its evidence reference or reason are under `personalData.participation`.
   */
  participation: {
    kind: 'consent' | 'public-task' | 'not-recorded';
    code?: string;
    norm?: string;
    label: { de: string; en: string };
    informed?: { language: string; formVersion: string; interpreter: boolean };
    evidenceKind?: string;
    declaredBy?: string;
    withdrawnAt?: string;
    /** A basis recorded after the registration: when, and its evidence or reason (sealed until opened). */
    recordedAt?: string;
    evidence?: unknown;
  };
  /** The personal details (sealed until the gate opens them), or `{ erased: true }` once the key is destroyed. */
  personalData: unknown;
  purposes: { purpose: string; sources: string[] }[];
  cases: {
    caseId: string;
    status: string;
    municipality: string;
    openedAt: string;
    closedAt?: string;
    closeReason?: string;
    /** Whether a case manager is assigned; who is not disclosed (CJEU C-579/21). */
    assigned: boolean;
    actions: Record<string, unknown>[];
  }[];
  consents: {
    consentId: string;
    kind: string;
    status: string;
    recipients: string[];
    dataCategories: string[];
    purposes: string[];
    validFrom: string;
    validUntil?: string;
    declaredBy: string;
    evidenceKind?: string;
    /** Provenance tags of the consent (§ 65 SGB VIII, § 76 SGB X, § 88 AufenthG) with their labels. */
    provenance?: ProvenanceShown[];
    evidence?: unknown;
    history: { at: string; event: string }[];
    withdrawnAt?: string;
    withdrawal?: unknown;
  }[];
  recipients: {
    transferId: string;
    toAgency: string;
    at: string;
    legalBasis: string;
    dataCategories: string[];
    purpose: string;
    acknowledgedAt?: string;
    justification?: unknown;
    /** The row and its norm, in German ("sgb10-69 (§ 69 Abs. 1 Nr. 1 SGB X)"). */
    rechtsgrundlage: string;
  }[];
  refusedTransfers: {
    transferId: string;
    toAgency: string;
    at: string;
    legalBasis: string;
    dataCategories: string[];
    purpose: string;
    requestedBy: string;
    /** refused, rejected by the second person, or still awaiting approval: never delivered. */
    status: string;
    reasons: string[];
    rechtsgrundlage: string;
    /** One German line per failed condition. */
    nichtErfuellt: string[];
  }[];
  /** Staff by role and agency, never by identity (CJEU C-579/21). */
  accesses: {
    at: string;
    role: string;
    agency: string;
    purpose: string | null;
    endpoint: string;
    dataCategories: string[];
    position: string;
  }[];
  refusedAccesses: { at: string; role: string; agency: string; endpoint: string; position: string }[];
  /** Art. 16: when which fields were rectified or disputed, by role and agency. */
  rectifications: { at: string; kind: 'rectified' | 'disputed'; fields: string[]; role: string; agency: string }[];
  /** Each rectification's new values and reason (sealed until the gate opens them), oldest first. */
  corrections: unknown[];
  /** The coded residence status with its history. */
  residence: { at: string; status: string; validUntil?: string }[];
  /** Art. 15(1)(g): where the data came from. */
  sources: { source: 'registration' | 'consent' | 'casework'; at: string }[];
  /** The KIM file's own retention (product rule 12), decided on the person's events. */
  retention: Retention & { label: string; yearsAfterLastClosure: number; monthsWithoutCase: number };
}
