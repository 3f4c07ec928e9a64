import type { Document, Filter, ReadStore } from '../read-store/read-store.port.js';

/** Every document matching a filter, page by page (the report reads a period's facts, not events). */
export async function readAll<D extends Document>(store: ReadStore, collection: string, filter?: Filter): Promise<D[]> {
  const all: D[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find<D>(collection, {
      ...(filter ? { filter } : {}),
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
