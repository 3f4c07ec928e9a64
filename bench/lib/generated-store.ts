import { existsSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { fillStore } from './county-week-generator.js';
import { log, type BenchContext } from './context.js';
import { nowMs } from './stats.js';

export interface GeneratedStore {
  dir: string;
  eventsPath: string;
  events: number;
  /** Seconds the generator took (not a benchmark figure: it includes generation). */
  seconds: number;
}

/**
 * A store of `size` generated events, built once per run and shared by the benchmarks that need one
 * (each benchmark runs in its own process, so the marker file tells whether it is complete).
 */
export async function generatedStore(ctx: BenchContext, size: number): Promise<GeneratedStore> {
  const dir = join(ctx.dir, `store-${size}`);
  const marker = join(dir, 'complete.json');
  const eventsPath = join(dir, 'events.db');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as GeneratedStore;
  mkdirSync(dir, { recursive: true });
  log(`generating ${size.toLocaleString('en')} events (direct event generator) in ${dir}`);
  const started = nowMs();
  const store = openSqliteEventStore({ path: eventsPath });
  await fillStore(store, size, (n) => log(`  ${n.toLocaleString('en')} events`));
  const events = Number((await store.headPosition()) ?? 0n);
  await store.close();
  const result: GeneratedStore = { dir, eventsPath, events, seconds: Math.round((nowMs() - started) / 100) / 10 };
  writeFileSync(marker, JSON.stringify(result));
  log(`generated ${events.toLocaleString('en')} events in ${result.seconds} s`);
  return result;
}

/**
 * Deletes a generated store (events and read models) once no later benchmark of the run needs it: the full
 * run's 1M, 5M and 10M stores with their read models take ~70 GB together. The store of the last regular
 * size (B9, S1) and the trail store (B8) are kept for the benchmarks that follow B5.
 */
export function releaseStore(ctx: BenchContext, size: number): void {
  rmSync(join(ctx.dir, `store-${size}`), { recursive: true, force: true });
  log(`deleted the ${size.toLocaleString('en')}-event store (not needed by later benchmarks)`);
}

/** Sizes B5 may delete after rebuilding them: used neither by B8 (trail) nor by B9/S1 (the largest). */
export const releasableAfterRebuild = (ctx: BenchContext, size: number) =>
  size !== ctx.storeSizes.at(-1) && size !== ctx.trailSize;
