import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { ProjectionRunners } from '../../src/projection-runner/projection-runners.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import type { Benchmark } from '../lib/context.js';
import { median, nowMs, percentile, repeat, round, sleep } from '../lib/stats.js';
import { commandEvents } from '../peers/writer-store.js';

const WRITERS = 64;
/** Projections that read the events written here; the others' checkpoints need not move. */
const WATCHED = ALL_PROJECTIONS.filter((p) => p.eventTypes.includes('CaseActionRecorded'));

/**
 * B6: the B2 load (64 writers, revision-checked commands of 1–3 events) with every projection running in
 * the same process, as the embedded service runs them. Lag of a commit = the time from its acknowledgement
 * until the stored checkpoint of every projection reading CaseActionRecorded covers its position. Checkpoints are polled every 5 ms, so
 * figures are accurate to about 5 ms.
 */
export const b6Bench: Benchmark = {
  id: 'B6',
  title: 'Live projection lag under the B2 load',
  async run(ctx) {
    const runs = await repeat(ctx.runs, async (run) => {
      const dir = join(ctx.dir, `b6-${run}`);
      mkdirSync(dir, { recursive: true });
      const eventStore = openSqliteEventStore({ path: join(dir, 'events.db') });
      const readStore = openSqliteReadStore({ path: join(dir, 'read.db') });
      const runners = new ProjectionRunners({
        eventStore,
        readStore,
        projections: ALL_PROJECTIONS,
        log: () => undefined,
      });
      runners.start();
      const pending: { position: bigint; at: number }[] = [];
      const lags: number[] = [];
      let writing = true;
      let events = 0;
      const poller = (async () => {
        while (writing || pending.length > 0) {
          const checkpoints = await Promise.all(WATCHED.map((p) => readStore.getCheckpoint(p.name)));
          const visible = checkpoints.reduce<bigint>(
            (min, c) => (c === undefined ? 0n : c < min ? c : min),
            BigInt(Number.MAX_SAFE_INTEGER),
          );
          const now = nowMs();
          while (pending.length > 0 && pending[0]!.position <= visible) lags.push(now - pending.shift()!.at);
          if (!writing && pending.length > 0 && now - pending[0]!.at > 30_000) break; // stuck: reported as lost below
          await sleep(5);
        }
      })();
      const end = nowMs() + ctx.seconds * 1000;
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const stream = `case-lag-${w}`;
          let expected: number | 'no_stream' = 'no_stream';
          for (let n = 0; nowMs() < end; n++) {
            const batch = commandEvents(stream, n + w);
            const result = await eventStore.appendToStream(stream, batch, expected);
            // Appends resolve in position order within a flush; keep the queue sorted anyway.
            pending.push({ position: result.position, at: nowMs() });
            expected = result.nextExpectedRevision;
            events += batch.length;
          }
        }),
      );
      writing = false;
      pending.sort((a, b) => (a.position < b.position ? -1 : 1));
      await poller;
      const notVisible = pending.length;
      await runners.stop();
      await eventStore.close();
      await readStore.close();
      rmSync(dir, { recursive: true, force: true });
      return {
        p99: percentile(lags, 99),
        p50: percentile(lags, 50),
        notVisible,
        eventsPerSecond: events / ctx.seconds,
      };
    });
    const workload = `${WRITERS} writers as in B2 for ${ctx.seconds} s with all ${ALL_PROJECTIONS.length} projections running in-process (lag watched on the ${WATCHED.length} that read these events: ${WATCHED.map((p) => p.name).join(', ')}); ${ctx.runs} runs`;
    return {
      rows: [
        {
          id: 'B6',
          metric: 'p99 commit → visible',
          value: round(median(runs.map((r) => r.p99)), 1),
          unit: 'ms',
          runs: runs.map((r) => round(r.p99, 1)),
          target: { kind: 'at-most', max: 100 },
          workload,
        },
        {
          id: 'B6',
          metric: 'p50 commit → visible',
          value: round(median(runs.map((r) => r.p50)), 1),
          unit: 'ms',
          workload,
        },
        {
          id: 'B6',
          metric: 'commits never visible',
          value: Math.max(...runs.map((r) => r.notVisible)),
          unit: 'count',
          target: { kind: 'at-most', max: 0 },
          workload,
        },
        {
          id: 'B6',
          metric: 'write rate while projecting',
          value: round(median(runs.map((r) => r.eventsPerSecond))),
          unit: 'events/s',
          limit: 'C',
          workload,
        },
      ],
    };
  },
};
