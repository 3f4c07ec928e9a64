import type { CaseloadEvent } from '../src/case-management/case.events.js';
import {
  businessDate,
  COMMITTEE_COLLECTIONS as C,
  staffKey,
  type CaseloadDayDoc,
  type CaseloadStaffDoc,
} from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * Caseload utilisation (Betreuungsschlüssel 1:80) for the committee: per case manager — under a
 * pseudonym, never the id — the active cases at the end of each day with a change, and the day's peak.
 * The report derives average and maximum from these; it never shows one person's figure.
 */
export const committeeCaseloadProjection: ProjectionDefinition<CaseloadEvent> = {
  name: 'committee-caseload',
  version: 1,
  collections: [
    { name: C.caseloadStaff, indexes: [] },
    { name: C.caseloadDays, indexes: ['staffKey', 'day'] },
  ],
  eventTypes: ['CaseloadSlotTaken', 'CaseloadSlotReleased'],
  async apply(event, ctx) {
    const key = staffKey(event.data.caseworkerId);
    const staff = (await ctx.get<CaseloadStaffDoc>(C.caseloadStaff, key)) ?? {
      staffKey: key,
      caseIds: [],
      limit: 0,
      revision: -1,
    };
    if (event.revision <= staff.revision) return;
    const { caseId } = event.data;
    const held = new Set(staff.caseIds);
    if (event.type === 'CaseloadSlotTaken') {
      held.add(caseId);
      staff.limit = Number(event.data.limit) || staff.limit;
    } else {
      held.delete(caseId);
    }
    staff.caseIds = [...held];
    staff.revision = event.revision;
    ctx.put(C.caseloadStaff, key, staff);

    const day = businessDate(event);
    const dayId = `${key}:${day}`;
    const previous = await ctx.get<CaseloadDayDoc>(C.caseloadDays, dayId);
    const count = held.size;
    const doc: CaseloadDayDoc = { staffKey: key, day, endCount: count, peak: Math.max(previous?.peak ?? 0, count) };
    ctx.put(C.caseloadDays, dayId, doc);
  },
};
