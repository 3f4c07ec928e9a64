import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import { processHolderId } from './lease-holder.js';
import { canSwap, fillShadows, rebuildProjection, type RebuildResult } from './rebuild-projection.js';

export interface RebuildProjectionsOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly ProjectionDefinition[];
  /** Projection names to rebuild; empty or missing: all. */
  names?: readonly string[];
  holder?: string;
  /**
   * A progress reporter per step (the CLI draws a bar, the admin endpoint may log): the shared pass over
   * the log is reported under ONE_PASS, then each projection's catch-up and swap under its name.
   */
  progress?: (step: string) => {
    update(position: bigint, head: bigint): void;
    finish(): void;
  };
}

export const ONE_PASS = 'all, one pass over the log';

export interface ProjectionRebuilt extends RebuildResult {
  /** Time spent applying events and committing documents in the shared pass, in ms. */
  applyMs?: number;
}

/**
 * Rebuilds the selected projections; the entry point of `kim rebuild` and the benchmarks. Where the store
 * swaps shadow collections, all of them are filled in one pass over the log first; then each is caught up
 * and swapped in on its own, so a running service keeps answering from the old documents until then.
 */
export async function rebuildProjections(options: RebuildProjectionsOptions): Promise<Map<string, ProjectionRebuilt>> {
  const known = new Map(options.projections.map((p) => [p.name, p]));
  const names = options.names?.length ? options.names : [...known.keys()];
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    throw new Error(`unknown projection(s): ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`);
  const holder = options.holder ?? `rebuild:${processHolderId()}`;
  const { eventStore, readStore } = options;
  let applyMs = new Map<string, number>();
  if (canSwap(readStore)) {
    const progress = options.progress?.(ONE_PASS);
    applyMs = await fillShadows({
      eventStore,
      readStore,
      projections: names.map((n) => known.get(n)!),
      onProgress: (position, head) => progress?.update(position, head),
    });
    progress?.finish();
  }
  const results = new Map<string, ProjectionRebuilt>();
  for (const name of names) {
    const progress = options.progress?.(name);
    const result = await rebuildProjection({
      eventStore,
      readStore,
      projection: known.get(name)!,
      holder,
      shadowsFilled: applyMs.has(name),
      onProgress: (position, head) => progress?.update(position, head),
    });
    progress?.finish();
    results.set(name, { ...result, ...(applyMs.has(name) ? { applyMs: applyMs.get(name)! } : {}) });
  }
  return results;
}
