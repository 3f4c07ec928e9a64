import type { CaseActionRecorded, CaseClosed, CaseOpened, CaseReopened } from '../src/case-management/case.events.js';
import type { PersonErased, PersonRegistered } from '../src/person-file/person-file.events.js';
import {
  businessDate,
  COMMITTEE_COLLECTIONS as C,
  daysBetween,
  STILL_OPEN,
  type ActionFactDoc,
  type CaseFactDoc,
  type ResidueDoc,
} from '../src/reports/committee-documents.js';
import { nationalityGroup } from '../src/reports/nationality-groups.js';
import type { ProjectionContext, ProjectionDefinition, Recorded } from './projection.js';

const NATURALISATION_AUTHORITY = 'EINBUERGERUNGSBEHOERDE';

/**
 * Case facts for the committee report: one document per case (municipality, residue, open intervals,
 * closures, first counselling) and one per Baustein 3 action. Reads only pseudonymous fields — never
 * `data.personal`, which is encrypted in the store anyway.
 */
type CommitteeCaseEvent = PersonRegistered | PersonErased | CaseOpened | CaseActionRecorded | CaseClosed | CaseReopened;

export const committeeCasesProjection: ProjectionDefinition<CommitteeCaseEvent> = {
  name: 'committee-cases',
  version: 1,
  collections: [
    { name: C.residue, indexes: [] },
    { name: C.cases, indexes: ['openedOn', 'activeUntil', 'firstCounsellingOn', 'municipality'] },
    { name: C.actions, indexes: ['on', 'kind'] },
  ],
  eventTypes: ['PersonRegistered', 'PersonErased', 'CaseOpened', 'CaseActionRecorded', 'CaseClosed', 'CaseReopened'],
  async apply(event, ctx) {
    switch (event.type) {
      case 'PersonRegistered': {
        const residue: Partial<PersonRegistered['data']['residue']> = event.data.residue ?? {};
        const doc: ResidueDoc = {
          birthYearBand: residue.birthYearBand ?? 'unbekannt',
          nationalityGroup: nationalityGroup(residue.nationality),
        };
        ctx.put(C.residue, event.data.personId, doc);
        return;
      }
      case 'PersonErased':
        // The link person → residue goes; the cases keep the copy they took when opened (issue 5).
        ctx.delete(C.residue, event.data.personId);
        return;
      case 'CaseOpened':
        return opened(event, ctx);
      case 'CaseActionRecorded':
        return action(event, ctx);
      case 'CaseClosed':
      case 'CaseReopened':
        return closedOrReopened(event, ctx);
    }
  },
};

async function opened(event: Recorded<CaseOpened>, ctx: ProjectionContext) {
  const { caseId } = event.data;
  if (await ctx.get(C.cases, caseId)) return;
  const residue = await ctx.get<ResidueDoc>(C.residue, event.data.personId);
  const on = businessDate(event);
  const doc: CaseFactDoc = {
    caseId,
    municipality: event.data.municipality,
    birthYearBand: residue?.birthYearBand ?? 'unbekannt',
    nationalityGroup: residue?.nationalityGroup ?? 'other',
    openedOn: on,
    intervals: [{ from: on, to: null }],
    activeUntil: STILL_OPEN,
    closures: [],
    revision: event.revision,
  };
  ctx.put(C.cases, caseId, doc);
}

async function closedOrReopened(event: Recorded<CaseClosed | CaseReopened>, ctx: ProjectionContext) {
  const doc = await ctx.get<CaseFactDoc>(C.cases, event.data.caseId);
  if (!doc || event.revision <= doc.revision) return;
  const on = businessDate(event);
  const last = doc.intervals[doc.intervals.length - 1];
  if (event.type === 'CaseClosed' && last && last.to === null) {
    last.to = on;
    doc.closures.push({ on, reason: event.data.reason });
    doc.activeUntil = on;
  } else if (event.type === 'CaseReopened' && last && last.to !== null) {
    doc.intervals.push({ from: on, to: null });
    doc.activeUntil = STILL_OPEN;
  }
  doc.revision = event.revision;
  ctx.put(C.cases, doc.caseId, doc);
}

async function action(event: Recorded<CaseActionRecorded>, ctx: ProjectionContext) {
  const { caseId } = event.data;
  const doc = await ctx.get<CaseFactDoc>(C.cases, caseId);
  const on = businessDate(event);
  const type = event.data.actionType;
  if (type === 'counselling' && doc && event.revision > doc.revision) {
    // A counselling recorded late may still be the earliest one: keep the minimum date.
    if (doc.firstCounsellingOn === undefined || on < doc.firstCounsellingOn) {
      doc.firstCounsellingOn = on;
      doc.daysToFirstCounselling = Math.max(0, daysBetween(doc.openedOn, on));
    }
  }
  if (doc && event.revision > doc.revision) {
    doc.revision = event.revision;
    ctx.put(C.cases, caseId, doc);
  }
  const agencies: string[] = Array.isArray(event.data.agencies) ? event.data.agencies : [];
  const kind =
    type === 'special-integration-achievement'
      ? 'achievement'
      : type === 'referral' && agencies.includes(NATURALISATION_AUTHORITY)
        ? 'naturalisation-referral'
        : undefined;
  if (!kind) return;
  const fact: ActionFactDoc = {
    actionId: event.data.actionId,
    kind,
    on,
    municipality: doc?.municipality ?? 'unbekannt',
    ...(kind === 'achievement' ? { achievementKind: event.data.achievementKind ?? 'other' } : {}),
  };
  ctx.put(C.actions, fact.actionId, fact);
}
