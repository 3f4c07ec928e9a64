import { ALL_PROJECTIONS } from '../../projections/index.js';
import { findingsProjection } from '../../projections/findings.projection.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { rebuildProjection } from '../../src/projection-runner/rebuild-projection.js';
import { DEFAULT_CATALOGUE } from '../../src/config/catalogue.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { buildCommitteeReport } from '../../src/reports/committee-report.builder.js';
import { hmacRecordKeys } from '../../src/reports/disclosure/record-keys.js';
import { parsePeriod } from '../../src/reports/report-period.js';
import { systemClock } from '../../src/shared/clock.js';
import type { Benchmark } from '../lib/context.js';
import { generatedStore } from '../lib/generated-store.js';
import { median, nowMs, repeat, round, RssSampler } from '../lib/stats.js';
import { readStorePath } from './rebuild.bench.js';
import { prepareInChildProcess } from './rebuild-process.js';

/**
 * B9: the committee report for one year, built by src/reports/committee-report.builder.ts from the read
 * models B5 rebuilt for the largest generated store. The generator starts on 2024-01-01 with 20 s of
 * simulated time per command, so the year 2024 holds all (quick) or ~1.6M commands' worth (full) of facts.
 * Targets (issue 17, item 6: "at most as slow as today" with disclosure control on): the full run's
 * figures of 2026-11-29 before the protection, 6,288 ms and 410 MB; they apply to the full 5M store only.
 */
const FULL_TARGETS = { ms: 6_288, rssMb: 410 };

export const b9Bench: Benchmark = {
  id: 'B9',
  title: 'Committee report for a year',
  async run(ctx) {
    const size = ctx.storeSizes.at(-1)!;
    // A store or read models missing (B9 run alone): made in a process of their own, as in a full run.
    await prepareInChildProcess(ctx, size);
    const generated = await generatedStore(ctx, size);
    const readStore = openSqliteReadStore({ path: readStorePath(generated) });
    let facts: Record<string, unknown> = {};
    if (!ALL_PROJECTIONS.some((p) => p.name === findingsProjection.name)) {
      // The report reads the findings collection, whose projection is not (yet) in ALL_PROJECTIONS:
      // build it here so the report can run, and say so.
      const eventStore = openSqliteEventStore({ path: generated.eventsPath });
      await rebuildProjection({ eventStore, readStore, projection: findingsProjection, holder: 'bench' });
      await eventStore.close();
      facts = { 'B9 note': 'findings projection is not in ALL_PROJECTIONS; B9 rebuilt it itself' };
    }
    const period = parsePeriod('2024');
    // Disclosure control on, as in the service: record keys under a (fixed, bench-only) report secret.
    const recordKeys = hmacRecordKeys(Buffer.alloc(32, 7));
    const rss = new RssSampler(50);
    const runs = await repeat(ctx.runs, async () => {
      const t0 = nowMs();
      await buildCommitteeReport({ readStore, catalogue: DEFAULT_CATALOGUE, clock: systemClock, recordKeys }, period);
      return nowMs() - t0;
    });
    const memory = rss.stop();
    await readStore.close();
    const workload = `buildCommitteeReport for 2024 over the read models of the ${generated.events.toLocaleString('en')}-event generated store (direct generator; a county, not yet a state)`;
    return {
      facts,
      rows: [
        {
          id: 'B9',
          metric: 'report time',
          value: round(median(runs)),
          unit: 'ms',
          runs: runs.map((r) => round(r)),
          workload,
          ...(ctx.mode === 'full' ? { target: { kind: 'at-most' as const, max: FULL_TARGETS.ms } } : {}),
        },
        {
          id: 'B9',
          metric: 'peak RSS',
          value: memory.peakMb,
          unit: 'MB',
          workload,
          ...(ctx.mode === 'full' ? { target: { kind: 'at-most' as const, max: FULL_TARGETS.rssMb } } : {}),
          note: `RSS before: ${memory.startMb} MB`,
        },
      ],
    };
  },
};
