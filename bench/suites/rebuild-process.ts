import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GeneratedStore } from '../lib/generated-store.js';
import { rebuildAll } from './rebuild.bench.js';

/**
 * Rebuilds the read models of a generated store in a process of its own, as B5 does in a full run: a
 * benchmark that measures memory after it (B9) then starts from its own baseline, not from the rebuild's
 * heap (run with `--only B9`, the rebuild in the same process left 280 MB behind).
 */
export function rebuildInChildProcess(store: GeneratedStore): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_REBUILD_STORE: JSON.stringify(store) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`rebuild process ended (${signal ?? `exit ${code}`})`)),
    );
  });
}

if (process.env.BENCH_REBUILD_STORE && process.argv[1] === fileURLToPath(import.meta.url)) {
  const store = JSON.parse(process.env.BENCH_REBUILD_STORE) as GeneratedStore;
  rebuildAll(store).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
