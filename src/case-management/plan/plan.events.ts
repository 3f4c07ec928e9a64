import type { DomainEvent } from '../../shared/decider.js';
import type { AgreementKind, Attainment, ContactChannel, InterpreterKind, NeedLevel } from './casework.config.js';

/**
 * Events of the Integrationsplan and of contacts on the stream `case-<caseId>`. Codes, dates and ids are
 * in the clear (the figures count them); what a person said or aims at is free text and sits in
 * `personal`, encrypted under the person's key (erasure shreds it).
 */
export interface PlannedGoal {
  goalId: string;
  fieldOfAction: string;
  /** Due date of the goal (YYYY-MM-DD); the first review falls on it unless `reviewOn` is earlier. */
  dueOn: string;
  reviewOn: string;
  /** `participant`, `case-manager`, `family` or an agency code of the catalogue. */
  responsible: string;
  steps: { stepId: string; responsible: string; dueOn: string }[];
}

export type IntegrationPlanAgreed = DomainEvent<
  'IntegrationPlanAgreed',
  {
    caseId: string;
    personId: string;
    /** 1 for the first plan, counting up with each update (Fortschreibung). */
    planVersion: number;
    agreedOn: string;
    /** How the participant agreed to it (and in which language, if not German). */
    agreement: { kind: AgreementKind; language?: string };
    /** The Assessment: need per field of action. */
    assessment: { fieldOfAction: string; need: NeedLevel }[];
    goals: PlannedGoal[];
    recordedBy: string;
    personal: { goals: { goalId: string; title: string; steps: { stepId: string; description: string }[] }[] };
  }
>;

export type GoalReviewed = DomainEvent<
  'GoalReviewed',
  {
    caseId: string;
    personId: string;
    goalId: string;
    reviewedOn: string;
    /** `review` during the case, `closure` as the final assessment before the case closes. */
    occasion: 'review' | 'closure';
    attainment: Attainment;
    /** Whether the goal leaves the plan with this review (final attainment or a review at closure). */
    final: boolean;
    /** The next review, for a goal that stays in the plan. */
    nextReviewOn?: string;
    reviewedBy: string;
    personal?: { note: string };
  }
>;

export type ContactRecorded = DomainEvent<
  'ContactRecorded',
  {
    caseId: string;
    personId: string;
    contactId: string;
    contactOn: string;
    channel: ContactChannel;
    durationMinutes: number;
    /** An interpreter took part; bound to confidentiality (§ 203 Abs. 4 StGB, VerpflG) before the contact. */
    interpreter?: { language: string; kind: InterpreterKind; boundToConfidentiality: true };
    recordedBy: string;
    personal?: { note: string };
  }
>;

export type PlanEvent = IntegrationPlanAgreed | GoalReviewed | ContactRecorded;
