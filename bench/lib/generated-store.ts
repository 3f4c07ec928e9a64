import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
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
