import type { DomainEvent } from '../../shared/decider.js';

/**
 * The DPO's registers (issue 15 item 10). Pseudonymous: ids, dates, staff ids; the free texts are the
 * DPO's and the privacy officer's own words, stored in the clear, so they name no person.
 */

/** Stream `anomaly-review-<eventId>`: an anomaly looked at, with a note, optionally linked to a breach. */
export type AnomalyReviewed = DomainEvent<
  'AnomalyReviewed',
  { eventId: string; note: string; reviewedBy: string; breachId?: string }
>;

export const BREACH_RISKS = ['none', 'risk', 'high-risk'] as const;
export type BreachRisk = (typeof BREACH_RISKS)[number];

/** Stream `breach-<breachId>`: Art. 33 DSGVO, the 72 hours run from `discoveredAt`. */
export type BreachRecorded = DomainEvent<
  'BreachRecorded',
  {
    breachId: string;
    discoveredAt: string;
    description: string;
    /** Anomalies (their events) that led to it. */
    anomalyEventIds: string[];
    personCount?: number;
    recordedBy: string;
  }
>;

/**
 * The controller's assessment: no risk (documented only, Art. 33(5)), or notified to the LDI NRW
 * (Art. 33) and, for a high risk, to the persons (Art. 34).
 */
export type BreachAssessed = DomainEvent<
  'BreachAssessed',
  {
    breachId: string;
    risk: BreachRisk;
    authorityNotifiedAt?: string;
    authorityReference?: string;
    personsNotifiedAt?: string;
    reasonForDelay?: string;
    assessedBy: string;
  }
>;

export type DpoRegisterEvent = AnomalyReviewed | BreachRecorded | BreachAssessed;

export const anomalyReviewStream = (eventId: string) => `anomaly-review-${eventId}`;
export const breachStream = (breachId: string) => `breach-${breachId}`;
