import type { DomainEvent } from '../shared/decider.js';

/**
 * Einwilligung (§ 67b SGB X, Art. 7 DSGVO). Stored in the person's stream `person-<personId>`
 * (see person.events.ts for why).
 */
export type ConsentDeclarant = 'person' | 'legal-representative';

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
