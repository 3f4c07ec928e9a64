import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { log } from '../lib/context.js';
import type { Row } from '../lib/results.js';
import { median, repeat, round } from '../lib/stats.js';
import { ACTION_BODY, KimClient, seedCases } from '../http/kim-client.js';
import { load, settle, type LoadResult } from '../http/load.js';
import { startServer, type ServerProcess } from '../http/server-process.js';

const CONNECTIONS = 100;
const CASES = 100;

/** Settings the load needs that are not the shipped defaults: the per-user rate limit (1,200/min) would refuse it. */
// The full verification a server runs once after start (issue 13) would compete with the first
// measurements on a store of millions of events; the benchmarks measure the steady state.
export const BENCH_SERVER_ENV = { KIM_RATE_LIMIT_PER_MINUTE: '1000000', KIM_VERIFY_ON_START: 'off' };

async function repeated(
  ctx: BenchContext,
  what: string,
  server: ServerProcess | undefined,
  once: () => Promise<LoadResult>,
) {
  await once(); // warm-up run (JIT, connection pools, page cache), discarded
  const runs = await repeat(ctx.runs, async (i) => {
    if (server) {
      const waited = await settle(`http://127.0.0.1:${server.port}`);
      if (waited > 1000) log(`${what}: waited ${round(waited / 1000, 1)} s for the server to drain the previous run`);
    }
    const cpuBefore = server?.cpuSeconds() ?? NaN;
    const r = await once();
    // Includes what the run left queued (projections catching up) only up to its end: a lower bound.
    const cpuMsPerRequest = (((server?.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / Math.max(1, r.requests);
    log(
      `${what} run ${i + 1}: ${round(r.okPerSecond)} ok/s, p99 ${r.p99Ms} ms, errors ${r.errors}, non-2xx ${r.non2xx}, ` +
        `server CPU ${round(cpuMsPerRequest, 3)} ms/request`,
    );
    return { ...r, cpuMsPerRequest };
  });
  return {
    okPerSecond: median(runs.map((r) => r.okPerSecond)),
    p99: round(median(runs.map((r) => r.p99Ms)), 1),
    cpuMsPerRequest: round(median(runs.map((r) => r.cpuMsPerRequest)), 3),
    errors: runs.reduce((s, r) => s + r.errors + r.non2xx, 0),
    runs: runs.map((r) => round(r.okPerSecond)),
  };
}

/**
 * H and B7 over loopback with autocannon, 100 connections, bounded in time. The server runs in its own
 * process; autocannon shares the machine with it (as it does for H, so the ratio is fair).
 * B7 POST: record a counselling action on a random one of 100 cases (JWT, validation, need-to-know,
 * decide, encryption of the summary, append, access log). B7 GET: read a random case with its timeline.
 */
export const b7Bench: Benchmark = {
  id: 'B7',
  title: 'HTTP command path and case read end to end (and H, the empty endpoint)',
  async run(ctx) {
    const empty = await startServer('empty-server.js');
    const h = await repeated(ctx, 'H', empty, () =>
      load({
        url: `http://127.0.0.1:${empty.port}`,
        connections: CONNECTIONS,
        seconds: ctx.httpSeconds,
        method: 'POST',
        request: () => ({
          path: '/empty',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ACTION_BODY),
        }),
      }),
    );
    await empty.stop();

    const dataDir = join(ctx.dir, 'b7-data');
    mkdirSync(dataDir, { recursive: true });
    const server = await startServer('kim-server.js', { ...BENCH_SERVER_ENV, KIM_DATA_DIR: dataDir });
    const client = new KimClient(`http://127.0.0.1:${server.port}`, dataDir);
    const cases = await seedCases(client, CASES);
    const tokens = await Promise.all(cases.map((c) => client.token(c.caseworker, 'caseworker')));
    const pickCase = () => Math.floor(Math.random() * cases.length);
    const url = `http://127.0.0.1:${server.port}`;
    const post = await repeated(ctx, 'B7 POST', server, () =>
      load({
        url,
        connections: CONNECTIONS,
        seconds: ctx.httpSeconds,
        method: 'POST',
        request: () => {
          const i = pickCase();
          return {
            path: `/api/v1/cases/${cases[i]!.caseId}/actions`,
            headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
            body: JSON.stringify(ACTION_BODY),
          };
        },
      }),
    );
    const get = await repeated(ctx, 'B7 GET', server, () =>
      load({
        url,
        connections: CONNECTIONS,
        seconds: ctx.httpSeconds,
        method: 'GET',
        request: () => {
          const i = pickCase();
          return { path: `/api/v1/cases/${cases[i]!.caseId}`, headers: { authorization: `Bearer ${tokens[i]}` } };
        },
      }),
    );
    const peakRss = server.peakRssMb();
    await server.stop();
    const workload = `autocannon, ${CONNECTIONS} connections, 127.0.0.1, ${ctx.runs} × ${ctx.httpSeconds} s; ${CASES} cases over 4 caseworkers; rate limit raised for the load`;
    const rows: Row[] = [
      {
        id: 'H',
        metric: 'empty NestJS POST (Fastify)',
        value: round(h.okPerSecond),
        unit: 'req/s',
        runs: h.runs,
        workload: `${workload}; p99 ${h.p99} ms`,
      },
      {
        id: 'B7',
        metric: 'POST /cases/:id/actions',
        value: round(post.okPerSecond),
        unit: 'req/s',
        runs: post.runs,
        limit: 'H',
        target: { kind: 'ratio-at-least', factor: 0.25 },
        workload,
      },
      { id: 'B7', metric: 'POST p99', value: post.p99, unit: 'ms', target: { kind: 'at-most', max: 50 }, workload },
      {
        id: 'B7',
        metric: 'GET /cases/:id',
        value: round(get.okPerSecond),
        unit: 'req/s',
        runs: get.runs,
        limit: 'H',
        target: { kind: 'ratio-at-least', factor: 0.5 },
        workload,
      },
      { id: 'B7', metric: 'GET p99', value: get.p99, unit: 'ms', workload },
      ...(
        [
          ['H', 'server CPU per empty POST', h.cpuMsPerRequest],
          ['B7', 'server CPU per POST', post.cpuMsPerRequest],
          ['B7', 'server CPU per GET', get.cpuMsPerRequest],
        ] as const
      ).map(([id, metric, value]) => ({
        id,
        metric,
        value,
        unit: 'ms',
        workload: `${workload}; user + system CPU of the server process (all threads) per request, /proc/<pid>/stat`,
      })),
      {
        id: 'B7',
        metric: 'errors + non-2xx',
        value: post.errors + get.errors,
        unit: 'count',
        target: { kind: 'at-most', max: 0 },
        workload,
      },
      { id: 'B7', metric: 'server peak RSS', value: peakRss, unit: 'MB', workload },
    ];
    return { rows };
  },
};
