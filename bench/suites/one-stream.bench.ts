import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { ConcurrencyError } from '../../src/shared/errors.js';
import type { Benchmark } from '../lib/context.js';
import { nowMs, round } from '../lib/stats.js';
import { commandEvents } from '../peers/writer-store.js';

/**
 * B3: 16 writers race on ONE stream; each reads the revision, appends with it as expected revision and
 * retries on a conflict until it has written its share. Afterwards every revision must be there exactly
 * once, every written event id once, and the global positions gapless; the hash chain must verify.
 */
export const b3Bench: Benchmark = {
  id: 'B3',
  title: '16 writers on one stream, retry on conflict',
  async run(ctx) {
    const writers = 16;
    const perWriter = ctx.mode === 'full' ? 500 : 100;
    const dir = join(ctx.dir, 'b3');
    mkdirSync(dir, { recursive: true });
    const store = openSqliteEventStore({ path: join(dir, 'events.db') });
    const stream = 'case-contended';
    const written: string[] = [];
    let conflicts = 0;
    const start = nowMs();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = 0; n < perWriter;) {
          const expected = (await store.streamRevision(stream)) ?? 'no_stream';
          const batch = commandEvents(stream, n + w);
          try {
            await store.appendToStream(stream, batch, expected);
            written.push(...batch.map((e) => e.id));
            n++;
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
            conflicts++;
          }
        }
      }),
    );
    const seconds = (nowMs() - start) / 1000;
    const events = await store.readStream(stream);
    const all = await store.readAll();
    const chain = await store.verifyChain();
    await store.close();
    rmSync(dir, { recursive: true, force: true });

    const stored = new Set(events.map((e) => e.id));
    const lost = written.filter((id) => !stored.has(id)).length;
    const writtenIds = new Set(written);
    const duplicated = events.length - stored.size + [...stored].filter((id) => !writtenIds.has(id)).length;
    const revisionGaps = events.filter((e, i) => e.revision !== i).length;
    const positionGaps = all.filter((e, i) => e.position !== BigInt(i + 1)).length;
    const workload = `${writers} writers × ${perWriter} successful commands (1–3 events) on one stream, expected revision from streamRevision`;
    const at = (metric: string, value: number) => ({
      id: 'B3',
      metric,
      value,
      unit: 'count',
      target: { kind: 'at-most' as const, max: 0 },
      workload,
    });
    return {
      rows: [
        at('lost revisions', lost),
        at('duplicated revisions', duplicated),
        at('revision gaps', revisionGaps),
        at('global position gaps', positionGaps),
        at('hash chain failures', chain.ok ? 0 : 1),
        { id: 'B3', metric: 'conflicts retried', value: conflicts, unit: 'count', workload },
        {
          id: 'B3',
          metric: 'successful commands/s',
          value: round((writers * perWriter) / seconds),
          unit: 'commands/s',
          workload,
        },
      ],
    };
  },
};
