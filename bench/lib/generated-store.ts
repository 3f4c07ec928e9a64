import { existsSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLedgerIntegrity } from '../../src/audit/integrity/integrity-setup.js';
import { SqliteChainSource } from '../../src/audit/integrity/sqlite-chain-source.js';
import { loadConfig } from '../../src/config/config.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { WriteGate } from '../../src/event-store/write-gate.js';
import { systemClock } from '../../src/shared/clock.js';
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
  if (existsSync(marker)) {
    await witnessAsGenerated(dir);
    return JSON.parse(readFileSync(marker, 'utf8')) as GeneratedStore;
  }
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
  await witnessAsGenerated(dir);
  return result;
}

/**
 * A server started on a store with events but no witnessed checkpoint refuses to write (issue 13). The
 * generator is trusted: its store is witnessed as it stands, in the witness a server started with the same
 * environment and KIM_DATA_DIR reads (KIM_WITNESS_DIR, default ./witness), without an incident event.
 */
async function witnessAsGenerated(dir: string): Promise<void> {
  const config = loadConfig({ ...process.env, KIM_DATA_DIR: dir });
  const store = openSqliteEventStore({ path: join(dir, 'events.db'), chainHeadPath: join(dir, 'chain-head.json') });
  try {
    const gate = new WriteGate('open');
    const ledger = createLedgerIntegrity({ config, source: new SqliteChainSource(store), gate, clock: systemClock });
    if (!(await ledger.evidence.anchor()).anchor)
      await ledger.publish({ kind: 'checkpoint', state: store.recordedChainState() });
  } finally {
    await store.close();
  }
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
