import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { generatedStore } from '../lib/generated-store.js';
import { readStorePath, rebuildAll } from './rebuild.bench.js';

/**
 * Generates a store of `size` events and rebuilds its read models, each only if missing, in a process of
 * its own, as the benchmarks before B9 do in a full run: a benchmark that measures memory afterwards (B9)
 * then starts from its own baseline. Run alone (`--only B9`), generating and rebuilding in B9's own
 * process left 280 MB behind before the report began.
 */
export function prepareInChildProcess(ctx: BenchContext, size: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_PREPARE: JSON.stringify({ ctx, size }) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`store preparation ended (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function prepare(ctx: BenchContext, size: number): Promise<void> {
  const generated = await generatedStore(ctx, size);
  if (!existsSync(readStorePath(generated))) await rebuildAll(generated);
}

if (process.env.BENCH_PREPARE && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ctx, size } = JSON.parse(process.env.BENCH_PREPARE) as { ctx: BenchContext; size: number };
  prepare(ctx, size).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `preparation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
