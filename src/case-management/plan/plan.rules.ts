import type { Catalogue } from '../../config/catalogue.js';
import { addMonths, isIsoDate, localDate } from '../../shared/calendar.js';
import { assertNever } from '../../shared/decider.js';
import {
  ConflictError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  type FieldProblem,
} from '../../shared/errors.js';
import {
  AGREEMENT_KINDS,
  ATTAINMENT_SCALE,
  CONTACT_CHANNELS,
  INTERPRETER_KINDS,
  NEED_LEVELS,
  RESPONSIBLE_PARTIES,
  type CaseworkRules,
} from './casework.config.js';
import type { AgreeIntegrationPlan, PlanCommand, RecordContact, ReviewGoal } from './plan.commands.js';
import type { PlanEvent } from './plan.events.js';

/** What the case decider knows of the plan: the goals still in it and when each is due for review. */
export interface GoalState {
  fieldOfAction: string;
  agreedOn: string;
  dueOn: string;
  reviewOn: string;
  open: boolean;
}

export interface PlanState {
  status: 'none' | 'open' | 'closed';
  openedOn?: string;
  personId?: string;
  planVersion?: number;
  goals?: Readonly<Record<string, GoalState>>;
}

export function evolvePlan<S extends PlanState>(state: S, event: PlanEvent): S {
  switch (event.type) {
    case 'IntegrationPlanAgreed': {
      const goals = { ...state.goals };
      for (const g of event.data.goals) {
        goals[g.goalId] = {
          fieldOfAction: g.fieldOfAction,
          agreedOn: event.data.agreedOn,
          dueOn: g.dueOn,
          reviewOn: g.reviewOn,
          open: true,
        };
      }
      return { ...state, planVersion: event.data.planVersion, goals };
    }
    case 'GoalReviewed': {
      const goal = state.goals?.[event.data.goalId];
      if (!goal) return state;
      const next = event.data.final
        ? { ...goal, open: false }
        : { ...goal, reviewOn: event.data.nextReviewOn ?? goal.reviewOn };
      return { ...state, goals: { ...state.goals, [event.data.goalId]: next } };
    }
    case 'ContactRecorded':
      return state;
    default:
      return assertNever(event);
  }
}

/** Goals agreed but not yet assessed finally: a case closes only after each has its final attainment. */
export const openGoalIds = (state: PlanState): string[] =>
  Object.entries(state.goals ?? {})
    .filter(([, g]) => g.open)
    .map(([id]) => id);

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, message: string, check?: string): void {
    this.list.push({ field, message: `${field} ${message}`, ...(check ? { check } : {}) });
  }
  /** A calendar date between `from` (inclusive) and `until` (inclusive), when given. */
  date(field: string, value: unknown, bounds: { from?: string; until?: string; fromWhat?: string }): boolean {
    if (!isIsoDate(value)) {
      this.add(field, 'must be a date (YYYY-MM-DD)', 'isIso8601');
      return false;
    }
    if (bounds.from && value < bounds.from) {
      this.add(field, `must not be before ${bounds.fromWhat ?? bounds.from} (${bounds.from})`, 'notBeforeOpening');
      return false;
    }
    if (bounds.until && value > bounds.until) {
      this.add(field, 'must not be in the future', 'notInFuture');
      return false;
    }
    return true;
  }
  throwIfAny(): void {
    if (this.list.length > 0) {
      throw new ValidationError(
        this.list.map((p) => p.message).join('; '),
        this.list.map((p) => p.field),
        this.list,
      );
    }
  }
}

const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';

export function decidePlan(
  command: PlanCommand,
  state: PlanState,
  at: string,
  rules: CaseworkRules,
  catalogue: Catalogue,
): PlanEvent[] {
  const today = localDate(at);
  switch (command.type) {
    case 'AgreeIntegrationPlan':
      return agreePlan(command, state, today, rules, catalogue);
    case 'ReviewGoal':
      return reviewGoal(command, state, today);
    case 'RecordContact':
      return recordContact(command, state, today);
    default:
      return assertNever(command);
  }
}

function agreePlan(
  command: AgreeIntegrationPlan,
  state: PlanState,
  today: string,
  rules: CaseworkRules,
  catalogue: Catalogue,
): PlanEvent[] {
  const d = command.data;
  const p = new Problems();
  const fields = new Set(rules.fieldsOfAction.map((f) => f.code));
  const responsible = (value: unknown) =>
    typeof value === 'string' &&
    ((RESPONSIBLE_PARTIES as readonly string[]).includes(value) || catalogue.agencies.some((a) => a.code === value));
  const agreedOk = p.date('agreedOn', d.agreedOn, {
    from: state.openedOn,
    fromWhat: 'the case was opened',
    until: today,
  });
  if (!AGREEMENT_KINDS.includes(d.agreement?.kind))
    p.add('agreement.kind', `must be one of ${AGREEMENT_KINDS.join(', ')}`, 'isIn');
  const assessed = new Set<string>();
  (d.assessment ?? []).forEach((a, i) => {
    if (!fields.has(a.fieldOfAction) || assessed.has(a.fieldOfAction)) {
      p.add(`assessment[${i}].fieldOfAction`, 'must be a field of action of the catalogue, once', 'unknownCode');
    }
    assessed.add(a.fieldOfAction);
    if (!NEED_LEVELS.includes(a.need))
      p.add(`assessment[${i}].need`, `must be one of ${NEED_LEVELS.join(', ')}`, 'isIn');
  });
  if (!Array.isArray(d.goals) || d.goals.length === 0) p.add('goals', 'must name at least one goal', 'arrayMinSize');
  const from = agreedOk ? d.agreedOn : undefined;
  (d.goals ?? []).forEach((g, i) => {
    const at = `goals[${i}]`;
    if (!fields.has(g.fieldOfAction))
      p.add(`${at}.fieldOfAction`, 'must be a field of action of the catalogue', 'unknownCode');
    if (!text(g.title)) p.add(`${at}.title`, 'is required', 'required');
    if (!responsible(g.responsible))
      p.add(`${at}.responsible`, 'must be participant, case-manager, family or an agency', 'unknownCode');
    p.date(`${at}.dueOn`, g.dueOn, { ...(from ? { from } : {}), fromWhat: 'the agreement' });
    if (g.reviewOn !== undefined)
      p.date(`${at}.reviewOn`, g.reviewOn, { ...(from ? { from } : {}), fromWhat: 'the agreement' });
    (g.steps ?? []).forEach((s, j) => {
      if (!text(s.description)) p.add(`${at}.steps[${j}].description`, 'is required', 'required');
      if (!responsible(s.responsible))
        p.add(`${at}.steps[${j}].responsible`, 'must be participant, case-manager, family or an agency', 'unknownCode');
      p.date(`${at}.steps[${j}].dueOn`, s.dueOn, { ...(from ? { from } : {}), fromWhat: 'the agreement' });
    });
  });
  p.throwIfAny();
  if (state.status === 'closed') throw new RuleViolationError('case-closed');
  return [
    {
      type: 'IntegrationPlanAgreed',
      data: {
        caseId: d.caseId,
        personId: state.personId!,
        planVersion: (state.planVersion ?? 0) + 1,
        agreedOn: d.agreedOn,
        agreement: { kind: d.agreement.kind, ...(d.agreement.language ? { language: d.agreement.language } : {}) },
        assessment: (d.assessment ?? []).map((a) => ({ fieldOfAction: a.fieldOfAction, need: a.need })),
        goals: d.goals.map((g) => ({
          goalId: g.goalId,
          fieldOfAction: g.fieldOfAction,
          dueOn: g.dueOn,
          // The first review falls on the due date unless agreed earlier.
          reviewOn: g.reviewOn && g.reviewOn < g.dueOn ? g.reviewOn : g.dueOn,
          responsible: g.responsible,
          steps: (g.steps ?? []).map((s) => ({ stepId: s.stepId, responsible: s.responsible, dueOn: s.dueOn })),
        })),
        recordedBy: d.recordedBy,
        personal: {
          goals: d.goals.map((g) => ({
            goalId: g.goalId,
            title: g.title,
            steps: (g.steps ?? []).map((s) => ({ stepId: s.stepId, description: s.description })),
          })),
        },
      },
    },
  ];
}

/** Half-yearly review, as the KIM cycle plans it, when a goal stays in the plan without a date given. */
const NEXT_REVIEW_MONTHS = 6;

function reviewGoal(command: ReviewGoal, state: PlanState, today: string): PlanEvent[] {
  const d = command.data;
  const goal = state.goals?.[d.goalId];
  if (!goal) throw new NotFoundError(`goal ${d.goalId} not found in case ${d.caseId}`);
  const p = new Problems();
  const scale = ATTAINMENT_SCALE.find((a) => a.code === d.attainment);
  if (!scale) p.add('attainment', `must be one of ${ATTAINMENT_SCALE.map((a) => a.code).join(', ')}`, 'isIn');
  if (d.occasion !== 'review' && d.occasion !== 'closure') p.add('occasion', 'must be review or closure', 'isIn');
  const reviewedOk = p.date('reviewedOn', d.reviewedOn, {
    from: goal.agreedOn,
    fromWhat: 'the agreement',
    until: today,
  });
  const final = d.occasion === 'closure' || scale?.final === true;
  if (!final && d.nextReviewOn !== undefined && reviewedOk) {
    p.date('nextReviewOn', d.nextReviewOn, { from: d.reviewedOn, fromWhat: 'the review' });
  }
  p.throwIfAny();
  if (state.status === 'closed') throw new RuleViolationError('case-closed');
  if (!goal.open) throw new ConflictError(`goal ${d.goalId} has its final attainment already`);
  const nextReviewOn = final ? undefined : (d.nextReviewOn ?? addMonths(d.reviewedOn, NEXT_REVIEW_MONTHS));
  return [
    {
      type: 'GoalReviewed',
      data: {
        caseId: d.caseId,
        personId: state.personId!,
        goalId: d.goalId,
        reviewedOn: d.reviewedOn,
        occasion: d.occasion,
        attainment: d.attainment,
        final,
        ...(nextReviewOn ? { nextReviewOn } : {}),
        reviewedBy: d.reviewedBy,
        ...(text(d.note) ? { personal: { note: d.note! } } : {}),
      },
    },
  ];
}

/** Longest contact the figures accept: a day's counselling. */
const MAX_CONTACT_MINUTES = 600;

function recordContact(command: RecordContact, state: PlanState, today: string): PlanEvent[] {
  const d = command.data;
  const p = new Problems();
  p.date('contactOn', d.contactOn, { from: state.openedOn, fromWhat: 'the case was opened', until: today });
  if (!CONTACT_CHANNELS.includes(d.channel)) p.add('channel', `must be one of ${CONTACT_CHANNELS.join(', ')}`, 'isIn');
  if (!Number.isInteger(d.durationMinutes) || d.durationMinutes < 1 || d.durationMinutes > MAX_CONTACT_MINUTES) {
    p.add('durationMinutes', `must be whole minutes from 1 to ${MAX_CONTACT_MINUTES}`, 'isInt');
  }
  if (d.interpreter) {
    if (!/^[a-z]{2,3}$/.test(d.interpreter.language ?? ''))
      p.add('interpreter.language', 'must be a language code like ar', 'matches');
    if (!INTERPRETER_KINDS.includes(d.interpreter.kind))
      p.add('interpreter.kind', `must be one of ${INTERPRETER_KINDS.join(', ')}`, 'isIn');
  }
  p.throwIfAny();
  if (state.status === 'closed') throw new RuleViolationError('case-closed');
  // § 203 Abs. 4 StGB, § 35 SGB I: whoever helps at a counselling learns what is confidential; an
  // interpreter takes part only once bound to confidentiality (Verpflichtungsgesetz or contract).
  if (d.interpreter && d.interpreter.boundToConfidentiality !== true) {
    throw new RuleViolationError('interpreter-not-bound-to-confidentiality');
  }
  return [
    {
      type: 'ContactRecorded',
      data: {
        caseId: d.caseId,
        personId: state.personId!,
        contactId: d.contactId,
        contactOn: d.contactOn,
        channel: d.channel,
        durationMinutes: d.durationMinutes,
        ...(d.interpreter
          ? {
              interpreter: {
                language: d.interpreter.language,
                kind: d.interpreter.kind,
                boundToConfidentiality: true as const,
              },
            }
          : {}),
        recordedBy: d.recordedBy,
        ...(text(d.note) ? { personal: { note: d.note! } } : {}),
      },
    },
  ];
}
