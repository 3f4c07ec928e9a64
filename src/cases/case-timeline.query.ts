import { CASE_TIMELINE, type TimelineEntry } from '../../projections/cases.projection.js';
import type { ReadStore } from '../read-store/read-store.port.js';

/** The whole timeline of a case in the order it happened (entries are kept one document each). */
export async function caseTimeline(store: ReadStore, caseId: string): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find<TimelineEntry>(CASE_TIMELINE, {
      filter: { caseId },
      sort: { field: 'seq', direction: 'asc' },
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}
