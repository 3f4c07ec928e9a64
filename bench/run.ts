/**
 * `npm run bench [-- --quick | --full] [--only B1,B7]`: measures kim-ledger against limits of this machine
 * measured in the same run, and against a naive SQLite store and @event-driven-io/emmett-sqlite.
 * Each benchmark runs in its own child process (clean RSS figures, no state shared but the generated
 * stores on disk). Results: a console table, bench/results/<date>.json and bench/results/latest.md.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS } from './benchmarks.js';
import type { BenchContext, BenchOutput } from './lib/context.js';
import { explainMisses } from './lib/explain.js';
import { machine, printTable, writeResults, type RunReport } from './lib/report.js';
import { evaluate, type LimitName, type Limits, type Row, type Skipped } from './lib/results.js';

const LIMIT_IDS: readonly LimitName[] = ['F', 'W1', 'C', 'RP', 'H', 'floor', 'floorN', 'floorCPU', 'floorNCPU'];

function contextFor(mode: 'quick' | 'full', dir: string): BenchContext {
  return mode === 'full'
    ? {
        mode,
        dir,
        runs: 5,
        seconds: 5,
        storeSizes: [1_000_000, 5_000_000],
        trailSize: 10_000_000,
        soakSeconds: 300,
        httpSeconds: 15,
      }
    : { mode, dir, runs: 3, seconds: 2, storeSizes: [50_000], trailSize: 50_000, soakSeconds: 20, httpSeconds: 5 };
}

function runChild(id: string, ctx: BenchContext): Promise<BenchOutput> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', id], {
      env: { ...process.env, BENCH_CTX: JSON.stringify(ctx) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let output: BenchOutput | undefined;
    child.on('message', (message) => (output = message as BenchOutput));
    child.on('exit', (code, signal) => {
      if (output) return resolve(output);
      resolve({
        rows: [],
        skipped: [{ id, reason: `benchmark process ended (${signal ?? `exit ${code}`}) without results` }],
      });
    });
  });
}

async function child(id: string): Promise<void> {
  const ctx = JSON.parse(process.env.BENCH_CTX!) as BenchContext;
  const bench = BENCHMARKS.find((b) => b.id === id)!;
  // The peer's sqlite3 driver emits 'error' events on statements nobody listens to (seen: SQLITE_BUSY,
  // SQLITE_IOERR, SQLITE_MISUSE). Such an error must fail that peer's measurement, not this process.
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (!error.code?.startsWith('SQLITE_')) {
      process.stderr.write(`${id}: ${error.stack ?? error}\n`);
      process.exit(1);
    }
    process.stderr.write(`  ${id}: uncaught ${error.code} from a peer driver: ${error.message}\n`);
  });
  try {
    const output = await bench.run(ctx);
    process.send!(output);
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${id} failed: ${reason}\n`);
    process.send!({ rows: [], skipped: [{ id, reason: `failed: ${reason.split('\n')[0]}` }] } satisfies BenchOutput);
  }
  // Stores, servers and timers of the benchmark may still hold the loop: this process is done.
  setTimeout(() => process.exit(0), 100);
}

async function main(argv: string[]): Promise<void> {
  const mode = argv.includes('--full') ? 'full' : 'quick';
  const onlyArg = argv.find((a) => a.startsWith('--only'));
  const onlyValue = onlyArg?.includes('=')
    ? onlyArg.split('=')[1]
    : onlyArg
      ? argv[argv.indexOf(onlyArg) + 1]
      : undefined;
  const only = onlyValue?.split(',').map((s) => s.trim().toUpperCase());
  const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id)) ?? [];
  if (unknown.length)
    throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  // Calibration always runs: without the limits of this run no figure can be judged.
  const selected = BENCHMARKS.filter((b) => b.id === 'CAL' || !only || only.includes(b.id));
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kim-bench-'));
  const ctx = contextFor(mode, dir);
  const started = Date.now();
  const report: RunReport = {
    date: new Date().toISOString().slice(0, 19) + 'Z',
    mode,
    argv,
    dir,
    machine: machine(),
    limits: {},
    rows: [],
    skipped: [],
    // Stores taken from an earlier run (BENCH_REUSE_STORES) are named in the results, not hidden.
    facts: process.env.BENCH_REUSE_STORES
      ? { 'generated stores reused from (BENCH_REUSE_STORES)': process.env.BENCH_REUSE_STORES }
      : {},
    durationSeconds: 0,
  };
  const rows: Row[] = [];
  const skipped: Skipped[] = [];
  try {
    for (const bench of selected) {
      console.error(`${bench.id}: ${bench.title}`);
      const output = await runChild(bench.id, ctx);
      rows.push(...output.rows);
      skipped.push(...(output.skipped ?? []));
      Object.assign(report.facts, output.facts ?? {});
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const limits: Limits = {};
  for (const row of rows)
    // The first row of a limit's id is the limit itself; further rows (e.g. fdatasync p99) are context.
    if ((LIMIT_IDS as readonly string[]).includes(row.id)) limits[row.id as LimitName] ??= row.value;
  report.limits = limits;
  report.rows = rows.map((r) => evaluate(r, limits));
  explainMisses(report.rows);
  report.skipped = skipped;
  report.machine.loadAfter = loadavg().map((l) => Math.round(l * 100) / 100);
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  printTable(report);
  const written = writeResults(report, new URL('../../bench/results/', import.meta.url));
  console.log(`\nwritten: ${written.json}, ${written.md}`);
}

/** Re-evaluates a results file (targets, explanations) and writes it and latest.md again; measures nothing. */
function render(path: string): void {
  const report = JSON.parse(readFileSync(path, 'utf8')) as RunReport;
  report.rows = report.rows.map(
    ({ ratio: _r, targetText: _t, met: _m, missedBy: _b, ourOverPeer: _o, inTheWay: _w, ...row }) =>
      evaluate(row, report.limits),
  );
  explainMisses(report.rows);
  printTable(report);
  const written = writeResults(report, new URL('../../bench/results/', import.meta.url));
  console.log(`\nwritten: ${written.json}, ${written.md}`);
}

const childIndex = process.argv.indexOf('--child');
const renderIndex = process.argv.indexOf('--render');
if (childIndex >= 0) await child(process.argv[childIndex + 1]!);
else if (renderIndex >= 0) render(process.argv[renderIndex + 1]!);
else await main(process.argv.slice(2));
