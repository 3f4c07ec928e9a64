import { join } from 'node:path';
import { rmSync, mkdirSync } from 'node:fs';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { log } from '../lib/context.js';
import type { Row, Skipped } from '../lib/results.js';
import { median, nowMs, percentile, repeat, round, withTimeout } from '../lib/stats.js';
import { openEmmettStore } from '../peers/emmett-store.js';
import { NaiveSqliteStore } from '../peers/naive-sqlite-store.js';
import { OurStore } from '../peers/our-store.js';
import { commandEvents, type WriterStore } from '../peers/writer-store.js';

type Opener = (path: string) => Promise<WriterStore>;

export const OPENERS: Record<string, Opener> = {
  'kim-ledger': (path) => OurStore.asShipped(path),
  naive: async (path) => new NaiveSqliteStore(path),
  'emmett-sqlite': openEmmettStore,
};

interface WriterRun {
  commandsPerSecond: number;
  eventsPerSecond: number;
  p99Ms: number;
}

/** `writers` concurrent writers, each on its own stream, for `seconds`; every command checks its revision. */
async function writeLoad(ctx: BenchContext, open: Opener, writers: number, run: number): Promise<WriterRun> {
  const dir = join(ctx.dir, `writers-${writers}-${run}-${process.hrtime.bigint()}`);
  mkdirSync(dir, { recursive: true });
  const store = await open(join(dir, 'events.db'));
  const latencies: number[] = [];
  let commands = 0;
  let events = 0;
  const start = nowMs();
  const end = start + ctx.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const stream = `case-bench-${w}`;
        let expected = -1;
        for (let n = 0; nowMs() < end; n++) {
          const batch = commandEvents(stream, n + w);
          const t0 = nowMs();
          expected = await store.append(stream, batch, expected);
          latencies.push(nowMs() - t0);
          commands += 1;
          events += batch.length;
        }
      }),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (nowMs() - start) / 1000;
  return { commandsPerSecond: commands / seconds, eventsPerSecond: events / seconds, p99Ms: percentile(latencies, 99) };
}

async function measure(ctx: BenchContext, open: Opener, writers: number) {
  const runs = await repeat(ctx.runs, (i) => writeLoad(ctx, open, writers, i));
  return {
    commands: median(runs.map((r) => r.commandsPerSecond)),
    events: median(runs.map((r) => r.eventsPerSecond)),
    p99: median(runs.map((r) => r.p99Ms)),
    commandRuns: runs.map((r) => round(r.commandsPerSecond)),
    eventRuns: runs.map((r) => round(r.eventsPerSecond)),
  };
}

/** Measures each peer with the same workload; a peer that cannot run is listed as skipped with the reason. */
const ATTEMPTS = 3;

/**
 * Measures each peer with the same workload. emmett-sqlite 0.38.5 fails intermittently even when called
 * one at a time (SQLITE_BUSY "cannot commit transaction - SQL statements in progress"), so a failed
 * measurement is retried up to ATTEMPTS times; every failure is listed with its reason.
 */
async function peerFigures(
  ctx: BenchContext,
  writers: number,
  pick: (m: Awaited<ReturnType<typeof measure>>) => number,
  skipped: Skipped[],
) {
  const figures: Record<string, number> = {};
  for (const name of ['naive', 'emmett-sqlite']) {
    for (let attempt = 1; attempt <= ATTEMPTS && figures[name] === undefined; attempt++) {
      try {
        const limitMs = (ctx.runs * ctx.seconds * 3 + 30) * 1000;
        figures[name] = round(pick(await withTimeout(measure(ctx, OPENERS[name]!, writers), limitMs, name)));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        skipped.push({ id: `peer ${name}, ${writers} writer(s), attempt ${attempt}/${ATTEMPTS}`, reason });
        log(`peer ${name} failed (attempt ${attempt}): ${reason}`);
      }
    }
  }
  return figures;
}

export const b1Bench: Benchmark = {
  id: 'B1',
  title: 'One writer: expected-revision check + 1–3 events per command',
  async run(ctx) {
    const skipped: Skipped[] = [];
    const ours = await measure(ctx, OPENERS['kim-ledger']!, 1);
    const peers = await peerFigures(ctx, 1, (m) => m.commands, skipped);
    const workload = `1 writer, own stream, ~700 B events, ${ctx.runs} × ${ctx.seconds} s, fresh store per run`;
    const rows: Row[] = [
      {
        id: 'B1',
        metric: 'commands/s',
        value: round(ours.commands),
        unit: 'commands/s',
        runs: ours.commandRuns,
        limit: 'W1',
        target: { kind: 'ratio-at-least', factor: 0.7 },
        peers,
        workload,
      },
      {
        id: 'B1',
        metric: 'p99 latency',
        value: round(ours.p99, 2),
        unit: 'ms',
        target: { kind: 'at-most', max: 3 },
        workload,
      },
    ];
    return { rows, skipped };
  },
};

export const b2Bench: Benchmark = {
  id: 'B2',
  title: 'Concurrent writers with group commit',
  async run(ctx) {
    const skipped: Skipped[] = [];
    const rows: Row[] = [];
    for (const writers of [64, 256]) {
      const ours = await measure(ctx, OPENERS['kim-ledger']!, writers);
      const peers = await peerFigures(ctx, writers, (m) => m.events, skipped);
      const workload = `${writers} writers, one stream each, 1–3 events per command, ${ctx.runs} × ${ctx.seconds} s`;
      rows.push({
        id: 'B2',
        metric: `events/s, ${writers} writers`,
        value: round(ours.events),
        unit: 'events/s',
        runs: ours.eventRuns,
        limit: 'C',
        ...(writers === 64 ? { target: { kind: 'ratio-at-least' as const, factor: 0.5 } } : {}),
        peers,
        workload,
      });
      rows.push({
        id: 'B2',
        metric: `vs naive peer, ${writers} writers`,
        value: round(ours.events),
        unit: 'events/s',
        target: { kind: 'peer-at-least', peer: 'naive', factor: 4 },
        peers,
        workload,
      });
      rows.push({
        id: 'B2',
        metric: `p99 append, ${writers} writers`,
        value: round(ours.p99, 2),
        unit: 'ms',
        workload,
      });
    }
    return { rows, skipped };
  },
};
