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

export interface TimelinePage {
  /** In the order they happened; the last is the newest of the page. */
  entries: TimelineEntry[];
  /** Present when older entries exist: pass it as `before` to read the page before this one. */
  olderCursor?: string;
}

/**
 * The newest `limit` entries of a case's timeline, or the `limit` entries before a page's `olderCursor`:
 * what a case manager opening a case sees first, without reading (and decrypting) years of history.
 */
export async function recentTimeline(
  store: ReadStore,
  caseId: string,
  options: { limit: number; before?: string },
): Promise<TimelinePage> {
  const page = await store.find<TimelineEntry>(CASE_TIMELINE, {
    filter: { caseId },
    sort: { field: 'seq', direction: 'desc' },
    limit: options.limit,
    ...(options.before ? { cursor: options.before } : {}),
  });
  return { entries: page.items.reverse(), ...(page.nextCursor ? { olderCursor: page.nextCursor } : {}) };
}
