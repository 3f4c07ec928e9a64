import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchContext } from '../lib/context.js';
import { log } from '../lib/context.js';
import type { Row } from '../lib/results.js';
import { median, repeat, round } from '../lib/stats.js';
import { ACTION_BODY, KimClient, seedCases, type SeededCase } from '../http/kim-client.js';
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

/** What B7 GET /cases/:id answered per second in the re-run of 2026-11-29 (17:47Z, H 54,183), before issue 19. */
const GET_CASE_BEFORE = 797;

/** A POST load of RecordActionDto bodies against `server`, one random case each (the floors ignore the case). */
const postActions = (ctx: BenchContext, url: string, pick: () => { caseId: string; token?: string }) =>
  load({
    url,
    connections: CONNECTIONS,
    seconds: ctx.httpSeconds,
    method: 'POST',
    request: () => {
      const { caseId, token } = pick();
      return {
        path: `/api/v1/cases/${caseId}/actions`,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(ACTION_BODY),
      };
    },
  });

/** Runs a throwaway server of the calibration or a peer under the same POST load, then stops it. */
async function measureServer(
  ctx: BenchContext,
  what: string,
  script: 'floor-server.js' | 'emmett-server.js',
  env = {},
) {
  const server = await startServer(script, env);
  const url = `http://127.0.0.1:${server.port}`;
  const caseIds = Array.from({ length: CASES }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const result = await repeated(ctx, what, server, () =>
    postActions(ctx, url, () => ({ caseId: caseIds[Math.floor(Math.random() * CASES)]! })),
  );
  await server.stop();
  return result;
}

/**
 * H, the floors and B7 over loopback with autocannon, 100 connections, bounded in time. Each server runs in
 * its own process; autocannon shares the machine with it (as for the limits, so ratios are fair).
 * H: an empty NestJS POST. floor / floorN: NestJS + Fastify + the ValidationPipe on RecordActionDto + one
 * SQLite INSERT (synchronous FULL / NORMAL) — the least a durable command endpoint does on this stack.
 * Peer: Emmett's CommandHandler over emmett-sqlite on Fastify. B7 POST: record a counselling action on a
 * random one of 100 cases (JWT, validation, need to know on the folded streams, decide, encryption of the
 * summary, append, idempotency, projections). B7 GET: read a random case with its newest timeline page, and a
 * random person (both through the personal-data gate, each read logged before the answer).
 */
export const b7Bench: Benchmark = {
  id: 'B7',
  title: 'HTTP command path and reads end to end, against the empty endpoint (H) and the floors of this stack',
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
    const floor = await measureServer(ctx, 'floor', 'floor-server.js', { FLOOR_SYNC: 'FULL' });
    const floorN = await measureServer(ctx, 'floorN', 'floor-server.js', { FLOOR_SYNC: 'NORMAL' });
    let emmett: Awaited<ReturnType<typeof measureServer>> | undefined;
    let emmettNote: string | undefined;
    try {
      emmett = await measureServer(ctx, 'emmett HTTP peer', 'emmett-server.js');
    } catch (error) {
      emmettNote = `emmett peer not measured: ${(error as Error).message}`;
      log(emmettNote);
    }

    const dataDir = join(ctx.dir, 'b7-data');
    mkdirSync(dataDir, { recursive: true });
    const server = await startServer('kim-server.js', { ...BENCH_SERVER_ENV, KIM_DATA_DIR: dataDir });
    const client = new KimClient(`http://127.0.0.1:${server.port}`, dataDir);
    const cases = await seedCases(client, CASES);
    const tokens = await Promise.all(cases.map((c) => client.token(c.caseworker, 'caseworker')));
    const pickCase = () => Math.floor(Math.random() * cases.length);
    const url = `http://127.0.0.1:${server.port}`;
    const post = await repeated(ctx, 'B7 POST', server, () =>
      postActions(ctx, url, () => {
        const i = pickCase();
        return { caseId: cases[i]!.caseId, token: tokens[i]! };
      }),
    );
    const read = (what: string, path: (c: SeededCase) => string) =>
      repeated(ctx, what, server, () =>
        load({
          url,
          connections: CONNECTIONS,
          seconds: ctx.httpSeconds,
          method: 'GET',
          request: () => {
            const i = pickCase();
            return { path: path(cases[i]!), headers: { authorization: `Bearer ${tokens[i]}` } };
          },
        }),
      );
    const getCase = await read('B7 GET case', (c) => `/api/v1/cases/${c.caseId}`);
    const getPerson = await read('B7 GET person', (c) => `/api/v1/persons/${c.personId}`);
    const peakRss = server.peakRssMb();
    await server.stop();
    const workload = `autocannon, ${CONNECTIONS} connections, 127.0.0.1, ${ctx.runs} × ${ctx.httpSeconds} s; ${CASES} cases over 4 caseworkers; rate limit raised for the load`;
    const cpu = `user + system CPU of the server process (all threads) per request, /proc/<pid>/stat`;
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
        id: 'floor',
        metric: 'Nest + ValidationPipe + one INSERT, synchronous=FULL',
        value: round(floor.okPerSecond),
        unit: 'req/s',
        runs: floor.runs,
        workload: `${workload}; p99 ${floor.p99} ms`,
      },
      { id: 'floorCPU', metric: 'server CPU per floor POST', value: floor.cpuMsPerRequest, unit: 'ms', workload: cpu },
      {
        id: 'floorN',
        metric: 'Nest + ValidationPipe + one INSERT, synchronous=NORMAL',
        value: round(floorN.okPerSecond),
        unit: 'req/s',
        runs: floorN.runs,
        workload: `${workload}; p99 ${floorN.p99} ms`,
      },
      {
        id: 'floorNCPU',
        metric: 'server CPU per floorN POST',
        value: floorN.cpuMsPerRequest,
        unit: 'ms',
        workload: cpu,
      },
      {
        id: 'B7',
        metric: 'POST /cases/:id/actions',
        value: round(post.okPerSecond),
        unit: 'req/s',
        runs: post.runs,
        limit: 'floor',
        target: { kind: 'ratio-at-least', factor: 2 },
        ...(emmett ? { peers: { 'emmett-sqlite (HTTP)': round(emmett.okPerSecond) } } : {}),
        workload,
        ...(emmettNote ? { note: emmettNote } : {}),
      },
      { id: 'B7', metric: 'POST p99', value: post.p99, unit: 'ms', target: { kind: 'at-most', max: 50 }, workload },
      {
        id: 'B7',
        metric: 'server CPU per POST',
        value: post.cpuMsPerRequest,
        unit: 'ms',
        limit: 'floorCPU',
        target: { kind: 'ratio-at-most', factor: 1 },
        ...(emmett ? { peers: { 'emmett-sqlite (HTTP)': emmett.cpuMsPerRequest } } : {}),
        workload: cpu,
      },
      {
        id: 'B7',
        metric: 'GET /cases/:id (newest 20 entries)',
        value: round(getCase.okPerSecond),
        unit: 'req/s',
        runs: getCase.runs,
        target: { kind: 'at-least', min: round(2.5 * GET_CASE_BEFORE) },
        workload: `${workload}; target 2.5 × ${GET_CASE_BEFORE} req/s, the figure of 2026-11-29 (100 entries per page then)`,
      },
      { id: 'B7', metric: 'GET case p99', value: getCase.p99, unit: 'ms', workload },
      { id: 'B7', metric: 'server CPU per GET case', value: getCase.cpuMsPerRequest, unit: 'ms', workload: cpu },
      {
        id: 'B7',
        metric: 'GET /persons/:id',
        value: round(getPerson.okPerSecond),
        unit: 'req/s',
        runs: getPerson.runs,
        limit: 'H',
        workload,
      },
      { id: 'B7', metric: 'GET person p99', value: getPerson.p99, unit: 'ms', workload },
      {
        id: 'B7',
        metric: 'server CPU per GET person',
        value: getPerson.cpuMsPerRequest,
        unit: 'ms',
        limit: 'floorNCPU',
        target: { kind: 'ratio-at-most', factor: 1.5 },
        workload: cpu,
      },
      { id: 'H', metric: 'server CPU per empty POST', value: h.cpuMsPerRequest, unit: 'ms', workload: cpu },
      {
        id: 'B7',
        metric: 'errors + non-2xx',
        value: post.errors + getCase.errors + getPerson.errors,
        unit: 'count',
        target: { kind: 'at-most', max: 0 },
        workload,
      },
      { id: 'B7', metric: 'server peak RSS', value: peakRss, unit: 'MB', workload },
    ];
    return { rows };
  },
};
