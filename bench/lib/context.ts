import type { Row, Skipped } from './results.js';

/** Sizes and durations of one run; `--quick` for development, `--full` for the regular report. */
export interface BenchContext {
  mode: 'quick' | 'full';
  /** Temporary folder on the data disk; deleted after the run. */
  dir: string;
  /** Repetitions of each timed measurement; figures are medians over them. */
  runs: number;
  /** Length of one timed throughput run, in seconds. */
  seconds: number;
  /** Event counts of the generated stores (B4, B5, B9, S1). */
  storeSizes: number[];
  /** Event count of the store whose audit trail B8 pages through (the issue asks for 10M in the full run). */
  trailSize: number;
  /** Length of the S1 soak in seconds. */
  soakSeconds: number;
  /** Length of one autocannon run in seconds. */
  httpSeconds: number;
}

export interface BenchOutput {
  rows: Row[];
  skipped?: Skipped[];
  /** Facts about the run worth keeping in the results (generated store shapes, versions). */
  facts?: Record<string, unknown>;
}

export interface Benchmark {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}

export const log = (line: string) => process.stderr.write(`  ${line}\n`);
