import { existsSync } from 'node:fs';
import type { Benchmark } from '../lib/context.js';
import { log } from '../lib/context.js';
import { generatedStore } from '../lib/generated-store.js';
import type { Row } from '../lib/results.js';
import { nowMs, percentile, round, sleep } from '../lib/stats.js';
import { ACTION_BODY, KimClient, seedCases } from '../http/kim-client.js';
import { startServer } from '../http/server-process.js';
import { BENCH_SERVER_ENV } from './http.bench.js';
import { readStorePath, rebuildAll } from './rebuild.bench.js';

const COMMANDS_PER_SECOND = 20;
const QUERIES_PER_SECOND = 100;

/**
 * S1: a county's steady load, open loop (requests leave on schedule whether or not earlier ones have
 * answered; latency counts from the scheduled time, so a stall is not hidden). Commands record case
 * actions; queries read cases (70%) and persons (30%). The server runs on the largest generated store.
 */
export const s1Bench: Benchmark = {
  id: 'S1',
  title: 'County soak, open loop',
  async run(ctx) {
    const generated = await generatedStore(ctx, ctx.storeSizes.at(-1)!);
    if (!existsSync(readStorePath(generated))) await rebuildAll(generated);
    const server = await startServer('kim-server.js', { ...BENCH_SERVER_ENV, KIM_DATA_DIR: generated.dir });
    const client = new KimClient(`http://127.0.0.1:${server.port}`, generated.dir);
    const cases = await seedCases(client, 40, { staffPrefix: `soak-${Date.now().toString(36)}` });
    const tokens = await Promise.all(cases.map((c) => client.token(c.caseworker, 'caseworker')));
    const latencies: number[] = [];
    let errors = 0;
    const errorKinds = new Map<string, number>();
    const failed = (kind: string) => {
      errors++;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    const send = async (scheduled: number, command: boolean) => {
      const i = Math.floor(Math.random() * cases.length);
      const c = cases[i]!;
      const readPerson = !command && Math.random() < 0.3;
      const path = command
        ? `/cases/${c.caseId}/actions`
        : readPerson
          ? `/persons/${c.personId}`
          : `/cases/${c.caseId}`;
      try {
        const response = await fetch(`${client.base}/api/v1${path}`, {
          method: command ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${tokens[i]}`, ...(command ? { 'content-type': 'application/json' } : {}) },
          ...(command ? { body: JSON.stringify(ACTION_BODY) } : {}),
        });
        await response.arrayBuffer();
        if (response.status >= 300) failed(`${command ? 'POST' : 'GET'} ${response.status}`);
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        failed(`${command ? 'POST' : 'GET'} ${cause?.code ?? (error instanceof Error ? error.message : 'error')}`);
      }
      latencies.push(nowMs() - scheduled);
    };
    log(`soak: ${COMMANDS_PER_SECOND} commands/s + ${QUERIES_PER_SECOND} queries/s for ${ctx.soakSeconds} s`);
    const start = nowMs();
    const end = start + ctx.soakSeconds * 1000;
    const inFlight = new Set<Promise<void>>();
    let commands = 0;
    let queries = 0;
    while (nowMs() < end) {
      const elapsed = (nowMs() - start) / 1000;
      for (; commands < elapsed * COMMANDS_PER_SECOND; commands++) {
        const p = send(start + (commands / COMMANDS_PER_SECOND) * 1000, true).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      for (; queries < elapsed * QUERIES_PER_SECOND; queries++) {
        const p = send(start + (queries / QUERIES_PER_SECOND) * 1000, false).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(2);
    }
    await Promise.all(inFlight);
    const peakRss = server.peakRssMb();
    await server.stop();
    const workload =
      `${COMMANDS_PER_SECOND} POST actions/s + ${QUERIES_PER_SECOND} GET case/person/s, open loop, ${ctx.soakSeconds} s, ` +
      `server on the ${generated.events.toLocaleString('en')}-event generated store (direct generator)`;
    const rows: Row[] = [
      {
        id: 'S1',
        metric: 'p99 latency',
        value: round(percentile(latencies, 99), 1),
        unit: 'ms',
        target: { kind: 'at-most', max: 20 },
        workload,
      },
      {
        id: 'S1',
        metric: 'errors',
        value: errors,
        unit: 'count',
        target: { kind: 'at-most', max: 0 },
        workload,
        ...(errors ? { note: [...errorKinds].map(([k, n]) => `${n} × ${k}`).join(', ') } : {}),
      },
      {
        id: 'S1',
        metric: 'server peak RSS',
        value: peakRss,
        unit: 'MB',
        target: { kind: 'at-most', max: 300 },
        workload,
      },
      { id: 'S1', metric: 'requests', value: latencies.length, unit: 'count', workload },
    ];
    return { rows };
  },
};
