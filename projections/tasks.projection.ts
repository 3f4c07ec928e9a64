import type { PlanEvent } from '../src/case-management/plan/plan.events.js';
import { REFERRAL_FEEDBACK_DAYS, TASK_LEAD_DAYS } from '../src/case-management/plan/casework.config.js';
import type { ConsentGranted, ConsentWithdrawn, PersonErased } from '../src/person-file/person-file.events.js';
import { addDays, isIsoDate, localDate } from '../src/shared/calendar.js';
import type { DomainEvent } from '../src/shared/decider.js';
import type { ProjectionContext, ProjectionDefinition, Recorded } from './projection.js';

/**
 * Wiedervorlage (issue 16, item 2): what comes up when, computed from events — goal reviews, consents
 * and residence permits about to expire, referrals without an answer, documents about to expire. One
 * document per task; who sees it is decided when it is read (the caseworker of the person's case, the
 * team lead all). Pseudonymous ids, codes and dates only.
 *
 * Events of other parts are consumed by name and read defensively, since they may come from older or
 * newer shapes: `ResidenceStatusRecorded`, `ReferralMade`, `ReferralFeedbackGiven`, `DocumentStored`. The runner delivers only the types listed here; any other type is never seen.
 */
export const TASK_KINDS = [
  'goal-review',
  'consent-expiry',
  'residence-expiry',
  'referral-feedback',
  'document-expiry',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface TaskDoc {
  [key: string]: unknown;
  taskId: string;
  kind: TaskKind;
  /** The day the task comes up (YYYY-MM-DD). */
  dueOn: string;
  /** The date the task is about: expiry, goal due date, referral date. */
  concernsOn?: string;
  personId: string;
  caseId?: string;
  /** The goal, consent, referral or document the task is about. */
  subjectId: string;
  agency?: string;
}

/** Per person: the ids of their open tasks, so an erasure removes every one of them. */
interface PersonTasksDoc {
  [key: string]: unknown;
  personId: string;
  taskIds: string[];
}

export const TASKS = 'tasks';
const PERSON_TASKS = 'task_persons';

type ResidenceStatusRecorded = DomainEvent<'ResidenceStatusRecorded', { personId?: unknown; validUntil?: unknown }>;
type ReferralMade = DomainEvent<
  'ReferralMade',
  { referralId?: unknown; caseId?: unknown; personId?: unknown; agency?: unknown }
>;
type ReferralFeedbackGiven = DomainEvent<'ReferralFeedbackGiven', { referralId?: unknown; personId?: unknown }>;
type DocumentStored = DomainEvent<
  'DocumentStored',
  { documentId?: unknown; personId?: unknown; caseId?: unknown; validUntil?: unknown }
>;

type TaskEvent =
  | PlanEvent
  | ConsentGranted
  | ConsentWithdrawn
  | PersonErased
  | ResidenceStatusRecorded
  | ReferralMade
  | ReferralFeedbackGiven
  | DocumentStored;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

async function put(ctx: ProjectionContext, task: TaskDoc): Promise<void> {
  ctx.put(TASKS, task.taskId, task);
  const index = (await ctx.get<PersonTasksDoc>(PERSON_TASKS, task.personId)) ?? {
    personId: task.personId,
    taskIds: [],
  };
  if (!index.taskIds.includes(task.taskId)) {
    ctx.put(PERSON_TASKS, task.personId, { ...index, taskIds: [...index.taskIds, task.taskId] });
  }
}

async function done(ctx: ProjectionContext, taskId: string, personId: string | undefined): Promise<void> {
  ctx.delete(TASKS, taskId);
  if (!personId) return;
  const index = await ctx.get<PersonTasksDoc>(PERSON_TASKS, personId);
  if (index?.taskIds.includes(taskId)) {
    ctx.put(PERSON_TASKS, personId, { ...index, taskIds: index.taskIds.filter((id) => id !== taskId) });
  }
}

export const tasksProjection: ProjectionDefinition<TaskEvent> = {
  name: 'tasks',
  version: 1,
  collections: [
    { name: TASKS, indexes: ['personId', 'caseId', 'kind', 'dueOn'], sortedIndexes: [['personId', 'dueOn']] },
    { name: PERSON_TASKS, indexes: [] },
  ],
  eventTypes: [
    'IntegrationPlanAgreed',
    'GoalReviewed',
    'ConsentGranted',
    'ConsentWithdrawn',
    'PersonErased',
    'ResidenceStatusRecorded',
    'ReferralMade',
    'ReferralFeedbackGiven',
    'DocumentStored',
  ],
  async apply(event: Recorded<TaskEvent>, ctx) {
    const day = localDate(event.metadata.occurredAt);
    switch (event.type) {
      case 'IntegrationPlanAgreed':
        for (const goal of event.data.goals ?? []) {
          await put(ctx, {
            taskId: `goal-review:${goal.goalId}`,
            kind: 'goal-review',
            dueOn: goal.reviewOn ?? goal.dueOn,
            concernsOn: goal.dueOn,
            personId: event.data.personId,
            caseId: event.data.caseId,
            subjectId: goal.goalId,
          });
        }
        return;
      case 'GoalReviewed': {
        const taskId = `goal-review:${event.data.goalId}`;
        if (event.data.final || !event.data.nextReviewOn) return done(ctx, taskId, event.data.personId);
        const task = await ctx.get<TaskDoc>(TASKS, taskId);
        if (task) ctx.put(TASKS, taskId, { ...task, dueOn: event.data.nextReviewOn });
        return;
      }
      case 'ConsentGranted': {
        const validUntil = str(event.data.validUntil);
        if (!validUntil || !isIsoDate(validUntil)) return;
        return put(ctx, {
          taskId: `consent-expiry:${event.data.consentId}`,
          kind: 'consent-expiry',
          dueOn: addDays(validUntil, -TASK_LEAD_DAYS.consentExpiry),
          concernsOn: validUntil,
          personId: event.data.personId,
          subjectId: event.data.consentId,
        });
      }
      case 'ConsentWithdrawn':
        return done(ctx, `consent-expiry:${event.data.consentId}`, event.data.personId);
      case 'ResidenceStatusRecorded': {
        const personId = str(event.data.personId);
        if (!personId) return;
        const taskId = `residence-expiry:${personId}`;
        const validUntil = str(event.data.validUntil);
        // Each recording replaces the status before it: a status without an end date has no task.
        if (!validUntil || !isIsoDate(validUntil)) return done(ctx, taskId, personId);
        return put(ctx, {
          taskId,
          kind: 'residence-expiry',
          dueOn: addDays(validUntil, -TASK_LEAD_DAYS.residenceExpiry),
          concernsOn: validUntil,
          personId,
          subjectId: personId,
        });
      }
      case 'ReferralMade': {
        const referralId = str(event.data.referralId);
        const personId = str(event.data.personId);
        if (!referralId || !personId) return;
        const caseId = str(event.data.caseId);
        const agency = str(event.data.agency);
        return put(ctx, {
          taskId: `referral-feedback:${referralId}`,
          kind: 'referral-feedback',
          dueOn: addDays(day, REFERRAL_FEEDBACK_DAYS),
          concernsOn: day,
          personId,
          ...(caseId ? { caseId } : {}),
          subjectId: referralId,
          ...(agency ? { agency } : {}),
        });
      }
      case 'ReferralFeedbackGiven': {
        const referralId = str(event.data.referralId);
        if (!referralId) return;
        const taskId = `referral-feedback:${referralId}`;
        const task = await ctx.get<TaskDoc>(TASKS, taskId);
        return done(ctx, taskId, task?.personId ?? str(event.data.personId));
      }
      case 'DocumentStored': {
        const documentId = str(event.data.documentId);
        const personId = str(event.data.personId);
        const validUntil = str(event.data.validUntil);
        if (!documentId || !personId || !validUntil || !isIsoDate(validUntil)) return;
        const caseId = str(event.data.caseId);
        return put(ctx, {
          taskId: `document-expiry:${documentId}`,
          kind: 'document-expiry',
          dueOn: addDays(validUntil, -TASK_LEAD_DAYS.documentExpiry),
          concernsOn: validUntil,
          personId,
          ...(caseId ? { caseId } : {}),
          subjectId: documentId,
        });
      }
      case 'PersonErased': {
        // Nothing is due about a person who is no more: every task of theirs goes.
        const index = await ctx.get<PersonTasksDoc>(PERSON_TASKS, event.data.personId);
        for (const taskId of index?.taskIds ?? []) ctx.delete(TASKS, taskId);
        ctx.delete(PERSON_TASKS, event.data.personId);
        return;
      }
      default:
        // A type of another shape or a future one: nothing to do here.
        return;
    }
  },
};
