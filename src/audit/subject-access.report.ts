/** The Art. 15 DSGVO report as JSON; the HTML page renders the same object (subject-access.html.ts). */
export interface SubjectAccessReport {
  generatedAt: string;
  personId: string;
  status: {
    registeredAt: string;
    registeredBy: string;
    municipality: string;
    restricted: boolean;
    erased: boolean;
    erasedAt?: string;
    recipientsNotifiedOfErasure?: string[];
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
    assignee: string | null;
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
    evidence?: unknown;
    history: { at: string; event: string; by: string }[];
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
    requestedBy: string;
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
  accesses: {
    at: string;
    actor: string;
    role: string;
    agency: string;
    purpose: string | null;
    endpoint: string;
    dataCategories: string[];
    position: string;
  }[];
  refusedAccesses: { at: string; actor: string; role: string; agency: string; endpoint: string; position: string }[];
  retention: { caseId: string; recordClasses: { code: string; label: string; years: number }[]; keepUntil?: string }[];
}
