import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { progressBar } from '../progress-bar.js';

export const summary = 'verify the hash chain of the embedded event store (exit 1 on tampering)';

/**
 * `kim verify`: recomputes the hash chain of `${KIM_DATA_DIR}/events.db` against the chain head file
 * beside it and prints `{ ok, events, firstBadEvent? }`. Compare the printed head with a copy kept
 * elsewhere: someone who can rewrite both files can rewrite history consistently.
 */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('usage: npm run kim -- verify   (reads KIM_DATA_DIR, default ./data)');
    return 0;
  }
  const dir = process.env.KIM_DATA_DIR ?? './data';
  const path = join(dir, 'events.db');
  if (!existsSync(path)) {
    // Opening would create an empty store, and an empty store "verifies" — say so instead.
    console.error(`kim verify: no event store at ${path}`);
    return 1;
  }
  const store = openSqliteEventStore({ path, chainHeadPath: join(dir, 'chain-head.json') });
  try {
    const progress = progressBar('verify');
    const result = await store.verifyChain((checked, total) => progress.update(checked, total));
    progress.finish();
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
