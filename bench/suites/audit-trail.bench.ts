import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { log } from '../lib/context.js';
import { generatedStore, releaseStore, type GeneratedStore } from '../lib/generated-store.js';
import type { Row } from '../lib/results.js';
import { median, nowMs, percentile, round } from '../lib/stats.js';
import { KimClient } from '../http/kim-client.js';
import { startServer } from '../http/server-process.js';
import { BENCH_SERVER_ENV } from './http.bench.js';
import { readStorePath, rebuildAll } from './rebuild.bench.js';

const PAGE = 100;

/** The person with the most case actions and the busiest caseworker of the generated store. */
function busiest(store: GeneratedStore): { personId: string; actor: string } {
  const db = new Database(store.eventsPath, { readonly: true });
  const personId = db
    .prepare(
      `SELECT json_extract(data, '$.personId') AS p FROM events WHERE type = 'CaseActionRecorded'
       GROUP BY p ORDER BY count(*) DESC LIMIT 1`,
    )
    .pluck()
    .get() as string;
  const actor = db
    .prepare(`SELECT json_extract(metadata, '$.actor.sub') AS a FROM events GROUP BY a ORDER BY count(*) DESC LIMIT 1`)
    .pluck()
    .get() as string;
  db.close();
  return { personId, actor };
}

async function timed<T>(n: number, once: () => Promise<T>): Promise<{ p99: number; median: number; last: T }> {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < n; i++) {
    const t0 = nowMs();
    last = await once();
    times.push(nowMs() - t0);
  }
  return { p99: percentile(times, 99), median: median(times), last };
}

/**
 * B8 through the real endpoint GET /api/v1/audit/trail (src/audit, role dpo) on a server opened on the
 * generated store and the read store B5 rebuilt. Each page is requested repeatedly and sequentially;
 * the deep page is reached by following `nextCursor` first. Every request also writes its access event.
 */
export const b8Bench: Benchmark = {
  id: 'B8',
  title: 'Audit trail pages and CSV export over a large trail',
  async run(ctx: BenchContext) {
    const size = ctx.trailSize;
    const generated = await generatedStore(ctx, size);
    if (!existsSync(readStorePath(generated))) {
      log('no read store from B5: rebuilding it first');
      await rebuildAll(generated);
    }
    const { personId, actor } = busiest(generated);
    const server = await startServer('kim-server.js', { ...BENCH_SERVER_ENV, KIM_DATA_DIR: generated.dir });
    const client = new KimClient(`http://127.0.0.1:${server.port}`, generated.dir);
    const trail = (query: string) => client.call('dpo-01', 'dpo', 'GET', `/audit/trail?${query}`);
    const repeats = ctx.mode === 'full' ? 200 : 50;
    const depth = ctx.mode === 'full' ? 100 : 20;
    const rows: Row[] = [];
    const label = `${(generated.events / 1e6).toLocaleString('en')}M-event store`;
    const workload = `GET /api/v1/audit/trail, limit ${PAGE}, ${repeats} sequential requests per page, ${label} (direct generator), dpo token`;
    try {
      for (const [who, filter] of [
        ['person', `personId=${personId}`],
        ['actor', `actor=${encodeURIComponent(actor)}`],
      ] as const) {
        const first = await timed(repeats, () => trail(`${filter}&limit=${PAGE}`));
        rows.push({
          id: 'B8',
          metric: `${who}: first page p99`,
          value: round(first.p99, 1),
          unit: 'ms',
          target: { kind: 'at-most', max: 50 },
          workload,
        });
        let cursor: string | undefined = first.last.nextCursor;
        let reached = 1;
        for (; reached < depth && cursor; reached++) {
          const page = await trail(`${filter}&limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`);
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        if (cursor) {
          const deep = await timed(repeats, () =>
            trail(`${filter}&limit=${PAGE}&cursor=${encodeURIComponent(cursor!)}`),
          );
          rows.push({
            id: 'B8',
            metric: `${who}: page ${reached + 1} (cursor) p99`,
            value: round(deep.p99, 1),
            unit: 'ms',
            target: { kind: 'at-most', max: 50 },
            workload,
            note: `the ${who}'s trail has ${reached * PAGE}+ entries; the deep page is page ${reached + 1}`,
          });
        }
      }
      const dpoToken = await client.token('dpo-01', 'dpo');
      const csv = await timed(Math.max(3, Math.floor(repeats / 10)), async () => {
        const response = await fetch(`${client.base}/api/v1/audit/trail?personId=${personId}&format=csv`, {
          headers: { authorization: `Bearer ${dpoToken}` },
        });
        if (response.status !== 200) throw new Error(`CSV export: ${response.status}`);
        return (await response.text()).split('\n').length;
      });
      rows.push({
        id: 'B8',
        metric: 'CSV export of one person, median',
        value: round(csv.median, 1),
        unit: 'ms',
        workload,
        note: `${csv.last} lines`,
      });
    } finally {
      await server.stop();
      // B9 and S1 use the regular sizes only; a trail store of its own has no later use.
      if (!ctx.storeSizes.includes(size)) releaseStore(ctx, size);
    }
    return { rows };
  },
};
