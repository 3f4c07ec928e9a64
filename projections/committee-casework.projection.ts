import type { CaseAssigned, CaseClosed, CaseOpened, CaseReopened } from '../src/case-management/case.events.js';
import type { ContactRecorded, GoalReviewed, IntegrationPlanAgreed } from '../src/case-management/plan/plan.events.js';
import {
  businessDate,
  COMMITTEE_COLLECTIONS as C,
  daysBetween,
  germanDate,
  staffKey,
  STILL_OPEN,
  type CaseWorkDoc,
  type ContactFactDoc,
  type GoalFactDoc,
  type StaffFactDoc,
} from '../src/reports/committee-documents.js';
import type { StaffMemberRecorded } from '../src/staff/staff.events.js';
import type { ProjectionContext, ProjectionDefinition, Recorded } from './projection.js';

/**
 * Casework facts for the committee report (issue 17, item 3): goals per field of action with their
 * reviews, contacts (channel, interpreter, duration), the waiting list (opening → assignment) with who
 * held a case, and the staff register under pseudonyms (provider, FTE, Baustein). Codes, dates and ids
 * only — never `data.personal`, never a person or staff id (staff appear as `staffKey`).
 */
type CaseworkEvent =
  | CaseOpened
  | CaseAssigned
  | CaseClosed
  | CaseReopened
  | IntegrationPlanAgreed
  | GoalReviewed
  | ContactRecorded
  | StaffMemberRecorded;

const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

export const committeeCaseworkProjection: ProjectionDefinition<CaseworkEvent> = {
  name: 'committee-casework',
  version: 1,
  collections: [
    { name: C.goals, indexes: ['setOn', 'firstReviewedOn', 'lastReviewedOn'] },
    { name: C.contacts, indexes: ['on'] },
    { name: C.caseWork, indexes: ['waitingFrom', 'waitingUntil'] },
    { name: C.staff, indexes: [] },
  ],
  eventTypes: [
    'CaseOpened',
    'CaseAssigned',
    'CaseClosed',
    'CaseReopened',
    'IntegrationPlanAgreed',
    'GoalReviewed',
    'ContactRecorded',
    'StaffMemberRecorded',
  ],
  async apply(event, ctx) {
    switch (event.type) {
      case 'IntegrationPlanAgreed':
        return planAgreed(event, ctx);
      case 'GoalReviewed':
        return goalReviewed(event, ctx);
      case 'ContactRecorded':
        return contact(event, ctx);
      case 'StaffMemberRecorded':
        return staff(event, ctx);
      default:
        return waitingAndHolding(event, ctx);
    }
  },
};

async function planAgreed(event: Recorded<IntegrationPlanAgreed>, ctx: ProjectionContext) {
  const goals = Array.isArray(event.data.goals) ? event.data.goals : [];
  const on = text(event.data.agreedOn) ? germanDate(event.data.agreedOn) : businessDate(event);
  for (const goal of goals) {
    // A plan update (Fortschreibung) repeats goals already agreed: a goal is set once, when first agreed.
    if (!text(goal?.goalId) || (await ctx.get(C.goals, goal.goalId))) continue;
    const doc: GoalFactDoc = {
      goalId: goal.goalId,
      caseId: event.data.caseId,
      fieldOfAction: text(goal.fieldOfAction) ? goal.fieldOfAction : 'unknown',
      setOn: on,
      reviews: [],
      firstReviewedOn: '',
      lastReviewedOn: '',
    };
    ctx.put(C.goals, doc.goalId, doc);
  }
}

async function goalReviewed(event: Recorded<GoalReviewed>, ctx: ProjectionContext) {
  const doc = await ctx.get<GoalFactDoc>(C.goals, event.data.goalId);
  if (!doc) return;
  const on = text(event.data.reviewedOn) ? germanDate(event.data.reviewedOn) : businessDate(event);
  const review = { on, attainment: String(event.data.attainment ?? 'unknown'), final: event.data.final === true };
  // A replayed event changes nothing: the same review (day, attainment, finality) is kept once.
  if (doc.reviews.some((r) => r.on === on && r.attainment === review.attainment && r.final === review.final)) return;
  doc.reviews.push(review);
  doc.reviews.sort((a, b) => a.on.localeCompare(b.on));
  doc.firstReviewedOn = doc.reviews[0]!.on;
  doc.lastReviewedOn = doc.reviews[doc.reviews.length - 1]!.on;
  ctx.put(C.goals, doc.goalId, doc);
}

function contact(event: Recorded<ContactRecorded>, ctx: ProjectionContext) {
  const { data } = event;
  if (!text(data.contactId)) return;
  const doc: ContactFactDoc = {
    contactId: data.contactId,
    on: text(data.contactOn) ? germanDate(data.contactOn) : businessDate(event),
    channel: text(data.channel) ? data.channel : 'unknown',
    interpreter: data.interpreter !== undefined && data.interpreter !== null,
    durationMinutes: Number(data.durationMinutes) || 0,
    staffKey: text(data.recordedBy) ? staffKey(data.recordedBy) : '',
  };
  ctx.put(C.contacts, doc.contactId, doc);
}

function staff(event: Recorded<StaffMemberRecorded>, ctx: ProjectionContext) {
  const { caseworkerId, provider, fte, baustein, activeFrom, activeUntil } = event.data;
  if (!text(caseworkerId)) return;
  const key = staffKey(caseworkerId);
  const doc: StaffFactDoc = {
    staffKey: key,
    provider: text(provider) ? provider : 'unknown',
    fte: Number(fte) || 0,
    baustein: Number(baustein) || 0,
    ...(text(activeFrom) ? { activeFrom } : {}),
    ...(text(activeUntil) ? { activeUntil } : {}),
  };
  ctx.put(C.staff, key, doc);
}

/** The waiting list: a stay starts at the opening or a reopening and ends at the assignment or a closure. */
async function waitingAndHolding(
  event: Recorded<CaseOpened | CaseAssigned | CaseClosed | CaseReopened>,
  ctx: ProjectionContext,
) {
  const { caseId } = event.data;
  const on = businessDate(event);
  const existing = await ctx.get<CaseWorkDoc>(C.caseWork, caseId);
  if (existing && event.revision <= existing.revision) return;
  const doc: CaseWorkDoc = existing ?? {
    caseId,
    waits: [],
    holders: [],
    waitingFrom: STILL_OPEN,
    waitingUntil: '',
    revision: -1,
  };
  const open = doc.waits.find((w) => w.until === null);
  switch (event.type) {
    case 'CaseOpened': {
      const since = text(event.data.openedOn) ? event.data.openedOn : on;
      if (!open && doc.waits.length === 0) doc.waits.push({ since, until: null, assigned: false });
      break;
    }
    case 'CaseReopened':
      if (!open)
        doc.waits.push({
          since: text(event.data.reopenedOn) ? event.data.reopenedOn : on,
          until: null,
          assigned: false,
        });
      // Reopened cases are unassigned until the next assignment.
      doc.holders.push({ staffKey: '', from: on });
      break;
    case 'CaseAssigned':
      if (open) {
        open.until = on;
        open.assigned = true;
        open.days =
          typeof event.data.waitedDays === 'number' ? event.data.waitedDays : Math.max(0, daysBetween(open.since, on));
      }
      if (text(event.data.caseworkerId)) doc.holders.push({ staffKey: staffKey(event.data.caseworkerId), from: on });
      break;
    case 'CaseClosed':
      if (open) open.until = on;
      break;
  }
  doc.waitingFrom = doc.waits[0]?.since ?? STILL_OPEN;
  const last = doc.waits[doc.waits.length - 1];
  doc.waitingUntil = last ? (last.until ?? STILL_OPEN) : '';
  doc.revision = event.revision;
  ctx.put(C.caseWork, caseId, doc);
}
