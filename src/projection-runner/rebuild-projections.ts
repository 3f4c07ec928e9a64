import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import { processHolderId } from './projection-runners.js';
import { rebuildProjection, type RebuildResult } from './rebuild-projection.js';

export interface RebuildProjectionsOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly ProjectionDefinition[];
  /** Projection names to rebuild; empty or missing: all. */
  names?: readonly string[];
  holder?: string;
  /** A progress reporter per projection (the CLI draws a bar, the admin endpoint may log). */
  progress?: (name: string) => {
    update(position: bigint, head: bigint): void;
    finish(): void;
  };
}

/** Rebuilds the selected projections one after another; the entry point of `kim rebuild` and the admin API. */
export async function rebuildProjections(options: RebuildProjectionsOptions): Promise<Map<string, RebuildResult>> {
  const known = new Map(options.projections.map((p) => [p.name, p]));
  const names = options.names?.length ? options.names : [...known.keys()];
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    throw new Error(`unknown projection(s): ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`);
  const holder = options.holder ?? `rebuild:${processHolderId()}`;
  const results = new Map<string, RebuildResult>();
  for (const name of names) {
    const progress = options.progress?.(name);
    const result = await rebuildProjection({
      eventStore: options.eventStore,
      readStore: options.readStore,
      projection: known.get(name)!,
      holder,
      onProgress: (position, head) => progress?.update(position, head),
    });
    progress?.finish();
    results.set(name, result);
  }
  return results;
}
