import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { log } from '../lib/context.js';
import { generatedStore } from '../lib/generated-store.js';
import type { Row, Skipped } from '../lib/results.js';
import { median, nowMs, percentile, repeat, round, withTimeout } from '../lib/stats.js';
import { OurStore } from '../peers/our-store.js';
import { commandEvents, type WriterStore } from '../peers/writer-store.js';
import { OPENERS } from './writers.bench.js';

/** Streams of the generated store with about 50 events (aggregates as the command path loads them). */
function aggregatesOfAbout50(eventsPath: string): string[] {
  const db = new Database(eventsPath, { readonly: true });
  const names = db
    .prepare(
      `SELECT s.name FROM streams s JOIN (SELECT stream_id, count(*) AS n FROM events GROUP BY stream_id) c
       ON c.stream_id = s.id WHERE c.n BETWEEN 40 AND 60 LIMIT 2000`,
    )
    .pluck()
    .all() as string[];
  db.close();
  return names;
}

async function loadRun(store: WriterStore, streams: readonly string[], seconds: number) {
  const latencies: number[] = [];
  let events = 0;
  const start = nowMs();
  const end = start + seconds * 1000;
  while (nowMs() < end) {
    const stream = streams[Math.floor(Math.random() * streams.length)]!;
    const t0 = nowMs();
    events += await store.load(stream);
    latencies.push(nowMs() - t0);
  }
  return {
    eventsPerSecond: events / ((nowMs() - start) / 1000),
    p99: percentile(latencies, 99),
    loads: latencies.length,
  };
}

async function measure(ctx: BenchContext, store: WriterStore, streams: readonly string[]) {
  await loadRun(store, streams, Math.min(1, ctx.seconds)); // warm-up: the page cache as on a running server
  const runs = await repeat(ctx.runs, () => loadRun(store, streams, ctx.seconds));
  return {
    eventsPerSecond: median(runs.map((r) => r.eventsPerSecond)),
    p99: median(runs.map((r) => r.p99)),
    runs: runs.map((r) => round(r.eventsPerSecond)),
  };
}

/**
 * The peers cannot be filled with millions of events in the time of a run (emmett-sqlite commits one
 * append at a time), so the comparison runs on a small side store with the same 50-event aggregates,
 * for all three stores alike. The target figure is ours on the large generated store.
 */
async function peerComparison(ctx: BenchContext, skipped: Skipped[]): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const streams = Array.from({ length: 100 }, (_, i) => `case-agg-${i}`);
  const attempts = ['kim-ledger', 'naive', 'emmett-sqlite'].flatMap((name) => [name, name, name]);
  for (const [i, name] of attempts.entries()) {
    if (figures[name] !== undefined) continue; // up to three attempts each: emmett-sqlite fails intermittently
    const dir = join(ctx.dir, `b4-${name}-${i}`);
    mkdirSync(dir, { recursive: true });
    try {
      const store = await OPENERS[name]!(join(dir, 'events.db'));
      try {
        const fillAndMeasure = async () => {
          // 50 events per stream in 17 commands of 1–3 events, streams interleaved as in a real log.
          const revisions = new Map(streams.map((s) => [s, -1]));
          for (let n = 0; n < 17; n++) {
            await Promise.all(
              streams.map(async (s) => revisions.set(s, await store.append(s, commandEvents(s, n), revisions.get(s)!))),
            );
          }
          return (await measure(ctx, store, streams)).eventsPerSecond;
        };
        figures[name] = round(await withTimeout(fillAndMeasure(), (ctx.runs * ctx.seconds * 3 + 60) * 1000, name));
      } finally {
        await store.close();
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      skipped.push({ id: `B4 peer ${name}, attempt ${(i % 3) + 1}/3`, reason });
      log(`B4 peer ${name} failed: ${reason}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

export const b4Bench: Benchmark = {
  id: 'B4',
  title: 'Load an aggregate of ~50 events from a large store',
  async run(ctx) {
    const rows: Row[] = [];
    const skipped: Skipped[] = [];
    const side = await peerComparison(ctx, skipped);
    const ourSide = side['kim-ledger'];
    delete side['kim-ledger'];
    for (const size of ctx.storeSizes) {
      const generated = await generatedStore(ctx, size);
      const streams = aggregatesOfAbout50(generated.eventsPath);
      if (streams.length === 0) {
        skipped.push({ id: `B4 ${size}`, reason: 'the generated store has no stream of 40–60 events' });
        continue;
      }
      const store = new OurStore(generated.eventsPath);
      const m = await measure(ctx, store, streams);
      await store.close();
      const label = `${(generated.events / 1e6).toLocaleString('en')}M`;
      const workload =
        `readStream (JSON.parse of data + metadata) of random streams with 40–60 events among ${streams.length} such ` +
        `streams in a ${generated.events.toLocaleString('en')}-event generated store, sequential, warm cache`;
      rows.push({
        id: 'B4',
        metric: `events/s, ${label} store`,
        value: round(m.eventsPerSecond),
        unit: 'events/s',
        runs: m.runs,
        limit: 'RP',
        target: { kind: 'ratio-at-least', factor: 0.5 },
        workload,
      });
      rows.push({
        id: 'B4',
        metric: `p99 load, ${label} store`,
        value: round(m.p99, 2),
        unit: 'ms',
        target: { kind: 'at-most', max: 5 },
        workload,
      });
    }
    if (ourSide !== undefined) {
      rows.push({
        id: 'B4',
        metric: 'events/s, side store (peer comparison)',
        value: ourSide,
        unit: 'events/s',
        peers: side,
        workload:
          'the same loads on a small side store of 100 aggregates × 50 events, written by each store through its own append API',
      });
    }
    return { rows, skipped };
  },
};
