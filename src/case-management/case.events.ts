import type { ProvenanceMark } from '../legal-basis/consent-facts.js';
import type { DomainEvent } from '../shared/decider.js';
import type { PlanEvent } from './plan/plan.events.js';

/** Stream `case-<caseId>`: case management along the KIM cycle (Baustein 2). */
export const CASE_ACTION_TYPES = [
  'intake',
  'assessment',
  'goal-agreement',
  'counselling',
  'referral',
  'review',
  'special-integration-achievement', // besondere Integrationsleistung, Baustein 3
  'other',
] as const;
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number];

export const CLOSE_REASONS = [
  'goals-achieved',
  'referred-to-regular-services',
  'moved-away',
  'no-longer-reachable',
  'participant-ended',
  'naturalised',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * `openedOn` (the German calendar date of the opening) since schema version 3: actions may not be dated
 * before it. Older events get it from their metadata (see case.upcasters.ts).
 */
export type CaseOpened = DomainEvent<
  'CaseOpened',
  { caseId: string; personId: string; municipality: string; openedBy: string; openedOn: string }
>;

/**
 * The first assignment after an opening or a reopening ends the case's time on the waiting list:
 * `waitingSince` and `waitedDays` (since schema 3) record it for the waiting-time figures.
 */
export type CaseAssigned = DomainEvent<
  'CaseAssigned',
  {
    caseId: string;
    personId: string;
    caseworkerId: string;
    previousCaseworkerId?: string;
    assignedBy: string;
    waitingSince?: string;
    waitedDays?: number;
  }
>;

export type CaseActionRecorded = DomainEvent<
  'CaseActionRecorded',
  {
    caseId: string;
    personId: string;
    actionId: string;
    actionType: CaseActionType;
    /** Date the action took place (YYYY-MM-DD). */
    actionDate: string;
    agencies: string[];
    /** For Baustein 3: e.g. 'volunteer-fire-brigade', 'elder-care'; and referrals to naturalisation. */
    achievementKind?: string;
    /**
     * Schema 4 (issue 14 item 5): provenance tags of the note (catalogue `provenanceTags`) with who entrusted
     * it. Codes outside `personal`: the legal-basis matrix reads them without the person's key. Absent on
     * older events and on notes without tags: none.
     */
    provenance?: ProvenanceMark[];
    recordedBy: string;
    personal: { summary: string; evidence?: string };
  }
>;

/** `closedAt` since schema version 2; older events get it from their metadata (see case.upcasters.ts). */
export type CaseClosed = DomainEvent<
  'CaseClosed',
  { caseId: string; personId: string; reason: CloseReason; closedBy: string; closedAt: string }
>;
/**
 * A reopened case is unassigned (closing released the slot); `previousCaseworkerId` (since schema 3) names
 * who held it, so the team lead knows whom to ask. Older events lack it.
 */
export type CaseReopened = DomainEvent<
  'CaseReopened',
  {
    caseId: string;
    personId: string;
    reopenedBy: string;
    previousCaseworkerId?: string;
    unassigned?: true;
    /** Since schema 3: the day the case went back on the waiting list. */
    reopenedOn?: string;
  }
>;

export type CaseEvent = CaseOpened | CaseAssigned | CaseActionRecorded | CaseClosed | CaseReopened | PlanEvent;

/**
 * Stream `caseload-<caseworkerId>`: the caseworker's slots against the 1:80 limit (Betreuungsschlüssel).
 * The limit is decided on this stream with an expected revision, so racing assignments cannot overrun
 * it; the case stream records the assignment after the slot is taken.
 */
export type CaseloadSlotTaken = DomainEvent<
  'CaseloadSlotTaken',
  { caseworkerId: string; caseId: string; limit: number }
>;
export type CaseloadSlotReleased = DomainEvent<
  'CaseloadSlotReleased',
  { caseworkerId: string; caseId: string; why: 'closed' | 'reassigned' | 'assignment-failed' }
>;
export type CaseloadEvent = CaseloadSlotTaken | CaseloadSlotReleased;
