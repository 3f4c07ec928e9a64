import type { DomainEvent } from '../shared/decider.js';

/**
 * Stream `staff-<caseworkerId>`: the staff register (Personalübersicht) of KIM case management. Since
 * 2022 Kreis Mettmann places case managers with the KI, the cities, welfare associations and the
 * Ausländeramt; the 1:80 caseload limit applies per full-time post, so each entry carries the FTE share.
 * Employee data, not data of participants: kept for planning and the state's figures only.
 */
export type Baustein = 1 | 2 | 3;

export interface StaffProfile {
  caseworkerId: string;
  /** `KI`, `AUSLAENDERBEHOERDE`, a municipality of the county, or a welfare association (`WV_*`). */
  provider: string;
  /** Share of a full-time post, 0.05–1 (Vollzeitäquivalent). */
  fte: number;
  baustein: Baustein;
  /** Inclusive calendar dates (YYYY-MM-DD); open-ended when absent. */
  activeFrom?: string;
  activeUntil?: string;
}

export type StaffMemberRecorded = DomainEvent<'StaffMemberRecorded', StaffProfile & { recordedBy: string }>;

export type StaffEvent = StaffMemberRecorded;
