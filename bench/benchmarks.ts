import type { Benchmark } from './lib/context.js';
import { b4Bench } from './suites/aggregate-load.bench.js';
import { b8Bench } from './suites/audit-trail.bench.js';
import { calibrationBench } from './suites/calibration.bench.js';
import { b9Bench } from './suites/committee-report.bench.js';
import { b7Bench } from './suites/http.bench.js';
import { b3Bench } from './suites/one-stream.bench.js';
import { b6Bench } from './suites/projection-lag.bench.js';
import { b5Bench } from './suites/rebuild.bench.js';
import { s1Bench } from './suites/soak.bench.js';
import { b1Bench, b2Bench } from './suites/writers.bench.js';

/**
 * Every benchmark in run order; `--only` selects by id (calibration always runs first). B8, B9 and S1
 * use the read store B5 rebuilt (or rebuild it themselves); S1 writes into the generated store, so it runs last.
 */
export const BENCHMARKS: readonly Benchmark[] = [
  calibrationBench,
  b1Bench,
  b2Bench,
  b3Bench,
  b4Bench,
  b5Bench,
  b6Bench,
  b7Bench,
  b8Bench,
  b9Bench,
  s1Bench,
];
