import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../../projections/index.js';
import { openSqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { rebuildProjections } from '../../projection-runner/rebuild-projections.js';
import { openSqliteReadStore } from '../../read-store/sqlite/sqlite-read-store.js';
import { REBUILD_PAGE_CACHE_MIB } from '../../read-store/sqlite/sqlite-schema.js';
import { progressBar } from '../progress-bar.js';

export const summary = 'rebuild one or all projections from the event log (the service may keep running)';

/**
 * `kim rebuild [name...]`: replays the global log of `${KIM_DATA_DIR}/events.db` into shadow collections
 * of `${KIM_DATA_DIR}/read.db` and swaps them in at the end, so a running service keeps answering from
 * the old documents until then.
 */
export async function run(args: string[]): Promise<number> {
  const projections = ALL_PROJECTIONS;
  if (args.includes('--help')) {
    console.log('usage: npm run kim -- rebuild [projection...]   (reads KIM_DATA_DIR, default ./data)');
    console.log(`projections: ${projections.map((p) => p.name).join(', ')}`);
    return 0;
  }
  const dir = process.env.KIM_DATA_DIR ?? './data';
  const eventStore = openSqliteEventStore({
    path: join(dir, 'events.db'),
    chainHeadPath: join(dir, 'chain-head.json'),
  });
  const readStore = openSqliteReadStore({ path: join(dir, 'read.db'), pageCacheMiB: REBUILD_PAGE_CACHE_MIB });
  try {
    const results = await rebuildProjections({
      eventStore,
      readStore,
      projections,
      names: args.filter((a) => !a.startsWith('-')),
      progress: (name) => {
        const bar = progressBar(`rebuild ${name}`);
        let head = 0n;
        return {
          update: (position, total) => bar.update(Number(position), Number((head = total))),
          finish: () => {
            bar.update(Number(head), Number(head));
            bar.finish();
          },
        };
      },
    });
    for (const [name, result] of results)
      console.log(`${name}: rebuilt up to position ${result.checkpoint ?? 'none'} (${result.mode})`);
    return 0;
  } finally {
    await readStore.close();
    await eventStore.close();
  }
}
