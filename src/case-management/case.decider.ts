import type { Catalogue } from '../config/catalogue.js';
import { isIsoDate, localDate, requireInstant } from '../shared/calendar.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import type { CaseCommand, RecordCaseAction } from './case.commands.js';
import { CASE_ACTION_TYPES, CLOSE_REASONS, type CaseEvent } from './case.events.js';
import { DEFAULT_CASEWORK_RULES, type CaseworkRules } from './plan/casework.config.js';
import type { CatalogueV2 } from '../catalogue/catalogue.js';
import { DEFAULT_CATALOGUE_V2 } from '../catalogue/default-catalogue.js';
import type { ProvenanceMark } from '../legal-basis/consent-facts.js';
import { provenanceProblems } from '../legal-basis/consent-v2.rules.js';
import { decidePlan, evolvePlan, openGoalIds, type GoalState } from './plan/plan.rules.js';

/** Decider of the stream `case-<caseId>`: the KIM case management cycle (Baustein 2). */
export interface CaseFile {
  status: 'none' | 'open' | 'closed';
  caseId?: string;
  personId?: string;
  municipality?: string;
  openedBy?: string;
  /** Calendar date of the opening: no action may be dated before it. */
  openedOn?: string;
  /** The assignee; kept after closing (grace period, need to know), cleared by a reopening. */
  caseworkerId?: string;
  /** Who held the case last; after a reopening they keep working on it until the team lead reassigns. */
  lastCaseworkerId?: string;
  everAssigned: boolean;
  /** Instant of the last closing. */
  closedAt?: string;
  /** Unassigned since this day (opening or reopening): the case is on the waiting list. */
  waitingSince?: string;
  /** The Integrationsplan: its version and its goals (absent until a plan is agreed). */
  planVersion?: number;
  goals?: Readonly<Record<string, GoalState>>;
  /**
   * Provenance tags of the case's notes (issue 14 item 5), one per tag and entruster: a transfer that sends
   * case notes carries them, so a legal-basis row they block (§ 88 AufenthG, § 65 SGB VIII) refuses it.
   */
  noteProvenance?: readonly ProvenanceMark[];
}

/*
 * No list of recorded action ids: an action id is derived from its command id (cases.controller), and a
 * command id is accepted once per stream (folded-streams), so an action cannot be recorded twice (spec:
 * tests/e2e/whole-case.spec.ts, "when a case action is sent twice with one Idempotency-Key"). The list
 * this state used to keep was copied and searched on every command — O(actions so far) per command; B7
 * POST fell from 2,319 to 2,011/s over four 8-second runs as the cases grew, and held steady without it.
 */
export const initialCaseFile = (): CaseFile => ({ status: 'none', everAssigned: false });

export function evolveCaseFile(state: CaseFile, event: CaseEvent): CaseFile {
  switch (event.type) {
    case 'CaseOpened':
      return {
        ...state,
        status: 'open',
        caseId: event.data.caseId,
        personId: event.data.personId,
        municipality: event.data.municipality,
        openedBy: event.data.openedBy,
        openedOn: event.data.openedOn,
        waitingSince: event.data.openedOn,
      };
    case 'CaseAssigned':
      return {
        ...state,
        caseworkerId: event.data.caseworkerId,
        lastCaseworkerId: event.data.caseworkerId,
        everAssigned: true,
        waitingSince: undefined,
      };
    case 'CaseActionRecorded':
      return event.data.provenance?.length
        ? { ...state, noteProvenance: mergeMarks(state.noteProvenance ?? [], event.data.provenance) }
        : state;
    case 'CaseClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt };
    case 'CaseReopened':
      // Closing released the caseload slot, so a reopened case starts unassigned and needs a new one.
      return { ...state, status: 'open', caseworkerId: undefined, waitingSince: event.data.reopenedOn };
    case 'IntegrationPlanAgreed':
    case 'GoalReviewed':
    case 'ContactRecorded':
      return evolvePlan(state, event);
    default:
      return assertNever(event);
  }
}

/** The marks of both lists, each tag and entruster once (only tag and entruster: a note is one category). */
export function mergeMarks(before: readonly ProvenanceMark[], added: readonly ProvenanceMark[]): ProvenanceMark[] {
  const merged = new Map(before.map((m) => [`${m.tag}|${m.entrustedBy ?? ''}`, m]));
  for (const { tag, entrustedBy } of added) {
    merged.set(`${tag}|${entrustedBy ?? ''}`, { tag, ...(entrustedBy ? { entrustedBy } : {}) });
  }
  return [...merged.values()];
}

/** Whole calendar days from one date to a later one (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const requireText = (value: unknown, field: string): void => {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`${field} is required`, [field]);
};

/**
 * Plausibility (issue 16): an action takes place between the opening of its case and today. An action
 * dated before the case existed is a typing error or belongs to another case.
 */
function validateActionDate(actionDate: unknown, at: string, openedOn: string | undefined): void {
  if (!isIsoDate(actionDate) || actionDate > localDate(at)) {
    throw new ValidationError(
      'actionDate must be a date (YYYY-MM-DD) not in the future',
      ['actionDate'],
      [
        {
          field: 'actionDate',
          message: 'actionDate must be a date (YYYY-MM-DD) not in the future',
          check: 'notInFuture',
        },
      ],
    );
  }
  if (openedOn && actionDate < openedOn) {
    const message = `actionDate must not be before the case was opened (${openedOn})`;
    throw new ValidationError(message, ['actionDate'], [{ field: 'actionDate', message, check: 'notBeforeOpening' }]);
  }
}

function validateAction(d: RecordCaseAction['data'], at: string, catalogue: Catalogue, openedOn?: string): void {
  requireText(d.actionId, 'actionId');
  requireText(d.summary, 'summary');
  if (!CASE_ACTION_TYPES.includes(d.actionType)) {
    throw new ValidationError(`actionType must be one of ${CASE_ACTION_TYPES.join(', ')}`, ['actionType']);
  }
  validateActionDate(d.actionDate, at, openedOn);
  const unknown = Array.isArray(d.agencies)
    ? d.agencies.filter((a) => !catalogue.agencies.some((c) => c.code === a))
    : [];
  if (!Array.isArray(d.agencies) || unknown.length > 0) {
    throw new ValidationError(`unknown agency: ${unknown.join(', ')}`, ['agencies']);
  }
  // Baustein 3: a special integration achievement counts for naturalisation only when it is proven.
  if (d.actionType === 'special-integration-achievement') {
    requireText(d.achievementKind, 'achievementKind');
    requireText(d.evidence, 'evidence');
  }
}

export function caseDecider(
  catalogue: Catalogue,
  rules: CaseworkRules = DEFAULT_CASEWORK_RULES,
  /** Catalogue v2: the provenance tags a note may carry (KIM_CATALOGUE_FILE). */
  catalogueV2: CatalogueV2 = DEFAULT_CATALOGUE_V2,
): Decider<CaseCommand, CaseEvent, CaseFile> {
  return {
    initialState: initialCaseFile,
    evolve: evolveCaseFile,
    decide: (command, state) => {
      const at = requireInstant(command.data.at);
      const { caseId } = command.data;
      if (command.type === 'OpenCase') {
        const { personId, municipality, openedBy } = command.data;
        requireText(caseId, 'caseId');
        requireText(personId, 'personId');
        if (!catalogue.municipalities.includes(municipality)) {
          throw new ValidationError(`unknown municipality: ${String(municipality)}`, ['municipality']);
        }
        if (state.status !== 'none') throw new ConflictError(`case ${caseId} already exists`);
        return [{ type: 'CaseOpened', data: { caseId, personId, municipality, openedBy, openedOn: localDate(at) } }];
      }
      if (state.status === 'none') throw new NotFoundError(`case ${caseId} not found`);
      const personId = state.personId!;
      switch (command.type) {
        case 'AssignCase': {
          const { caseworkerId, assignedBy } = command.data;
          requireText(caseworkerId, 'caseworkerId');
          if (state.status === 'closed') throw new RuleViolationError('case-closed');
          // Assigning to the current caseworker changes nothing.
          if (state.caseworkerId === caseworkerId) return [];
          const previous = state.caseworkerId ? { previousCaseworkerId: state.caseworkerId } : {};
          const waited = state.waitingSince
            ? { waitingSince: state.waitingSince, waitedDays: daysBetween(state.waitingSince, localDate(at)) }
            : {};
          return [
            { type: 'CaseAssigned', data: { caseId, personId, caseworkerId, ...previous, assignedBy, ...waited } },
          ];
        }
        case 'RecordCaseAction': {
          const d = command.data;
          validateAction(d, at, catalogue, state.openedOn);
          const problems = provenanceProblems(d.provenance, catalogueV2);
          if (problems.length > 0) {
            throw new ValidationError(
              problems.map((p) => `${p.field} ${p.en}`).join('; '),
              problems.map((p) => p.field),
              problems.map((p) => ({ field: p.field, message: `${p.field} ${p.en}`, de: p.de })),
            );
          }
          if (state.status === 'closed') throw new RuleViolationError('case-closed');
          const special = d.actionType === 'special-integration-achievement';
          return [
            {
              type: 'CaseActionRecorded',
              data: {
                caseId,
                personId,
                actionId: d.actionId,
                actionType: d.actionType,
                actionDate: d.actionDate,
                agencies: d.agencies,
                ...(d.achievementKind ? { achievementKind: d.achievementKind } : {}),
                ...(d.provenance?.length
                  ? {
                      provenance: d.provenance.map(({ tag, entrustedBy }) => ({
                        tag,
                        ...(entrustedBy ? { entrustedBy } : {}),
                      })),
                    }
                  : {}),
                recordedBy: d.recordedBy,
                personal: { summary: d.summary, ...(special || d.evidence ? { evidence: d.evidence } : {}) },
              },
            },
          ];
        }
        case 'CloseCase': {
          const { reason, closedBy } = command.data;
          if (!CLOSE_REASONS.includes(reason)) {
            throw new ValidationError(`reason must be one of ${CLOSE_REASONS.join(', ')}`, ['reason']);
          }
          if (state.status === 'closed') throw new ConflictError(`case ${caseId} is already closed`);
          // Closure is the last review: each goal of the plan leaves it with its attainment (DGCC cycle).
          const unreviewed = openGoalIds(state);
          if (unreviewed.length > 0) throw new RuleViolationError(`goals-need-final-review:${unreviewed.join(',')}`);
          return [{ type: 'CaseClosed', data: { caseId, personId, reason, closedBy, closedAt: at } }];
        }
        case 'ReopenCase': {
          if (state.status !== 'closed') throw new ConflictError(`case ${caseId} is not closed`);
          // One open case per person (issue 16): a newer case carries on the work instead.
          const others = command.data.otherOpenCaseIds ?? [];
          if (others.length > 0) throw new RuleViolationError(`person-has-open-case:${others.join(',')}`);
          return [
            {
              type: 'CaseReopened',
              data: {
                caseId,
                personId,
                reopenedBy: command.data.reopenedBy,
                ...(state.lastCaseworkerId ? { previousCaseworkerId: state.lastCaseworkerId } : {}),
                unassigned: true,
                reopenedOn: localDate(at),
              },
            },
          ];
        }
        case 'AgreeIntegrationPlan':
        case 'ReviewGoal':
        case 'RecordContact':
          return decidePlan(command, state, at, rules, catalogue);
        default:
          return assertNever(command);
      }
    },
  };
}
