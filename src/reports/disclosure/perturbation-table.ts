/**
 * The perturbation table (p-table) of the Cell Key Method: for an original count i, the probability of
 * each deviation v, so that the published value is i + v. Built the way the statistical offices' tool
 * (the `ptable` R package of Destatis, after Giessing 2016) builds it: for each i the distribution of
 * largest entropy — the least predictable noise — under the constraints
 *
 * - |v| ≤ D (maximum deviation), and i + v ≥ 1 for i ≥ 1 (no negative counts, and — our addition —
 *   no count of records published as 0: see below),
 * - mean 0 (the noise does not bias sums), variance at most V,
 * - i = 0 stays 0 (a cell without any record is never published as non-zero).
 *
 * Why non-zero counts never become 0: a published 0 that may hide 1..D records, next to parts shown as
 * `<5` (at least 1 each), lets a reader pin those parts — a quarter shown as 0 over three months each
 * shown as `<5` is three months of exactly one record each. With zeros exact both ways that inference
 * is gone; what a 0 tells (no record at all) it told before as well. A count of 1 therefore stays 1,
 * which the report shows as `<5` anyway.
 *
 * With those constraints the maximum-entropy distribution has the form p(v) ∝ exp(a·v + b·v²); a and b
 * are found by Newton's method on the convex dual. For i > D every row is the same symmetric one.
 */
export interface PerturbationRow {
  /** Deviations in ascending order. */
  deviations: number[];
  probabilities: number[];
  /** Upper ends of the cumulative intervals: a cell key u picks the first deviation with u < upper. */
  upper: number[];
}

export interface PerturbationTable {
  maxDeviation: number;
  variance: number;
  /** Rows for i = 0..D+1; row D+1 serves every larger count. */
  rows: PerturbationRow[];
}

export function buildPerturbationTable(maxDeviation: number, variance: number): PerturbationTable {
  if (!Number.isInteger(maxDeviation) || maxDeviation < 1) throw new Error('maximum deviation must be an integer ≥ 1');
  if (!(variance > 0) || variance > maxDeviation ** 2)
    throw new Error(`variance must lie in (0, ${maxDeviation ** 2}]`);
  const rows: PerturbationRow[] = [row([0], [1])];
  for (let i = 1; i <= maxDeviation + 1; i++) {
    const deviations = range(Math.max(1 - i, -maxDeviation), maxDeviation);
    // With nothing below 0 a mean of 0 leaves only 0: a count of 1 stays 1.
    rows.push(deviations[0] === 0 ? row([0], [1]) : row(deviations, maxEntropy(deviations, variance)));
  }
  return { maxDeviation, variance, rows };
}

/** The deviation the table assigns to an original count and a cell key in [0, 1). */
export function deviationFor(table: PerturbationTable, count: number, cellKey: number): number {
  if (count <= 0) return 0;
  const r = table.rows[Math.min(count, table.maxDeviation + 1)]!;
  for (let k = 0; k < r.upper.length - 1; k++) if (cellKey < r.upper[k]!) return r.deviations[k]!;
  return r.deviations.at(-1)!;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

function row(deviations: number[], probabilities: number[]): PerturbationRow {
  let sum = 0;
  const upper = probabilities.map((p) => (sum += p));
  upper[upper.length - 1] = 1;
  return { deviations, probabilities, upper };
}

/**
 * Maximum entropy over `v` with mean 0 and variance ≤ V. If the distribution constrained only by its
 * mean already has variance ≤ V, the variance bound is slack and that one is the answer (b = 0).
 */
function maxEntropy(v: number[], variance: number): number[] {
  const meanOnly = solve(v, variance, false);
  if (moments(v, meanOnly).variance <= variance + 1e-12) return meanOnly;
  return solve(v, variance, true);
}

/** Newton's method on the dual F(a, b) = log Σ exp(a v + b v²) − b V (b fixed at 0 when unconstrained). */
function solve(v: number[], variance: number, withVariance: boolean): number[] {
  let a = 0;
  let b = 0;
  for (let step = 0; step < 200; step++) {
    const p = gibbs(v, a, b);
    const { mean, second, third, fourth } = moments(v, p);
    const gradient = [mean, withVariance ? second - variance : 0];
    if (Math.abs(gradient[0]!) < 1e-13 && Math.abs(gradient[1]!) < 1e-13) return p;
    // Hessian: covariance of (v, v²).
    const h11 = second - mean * mean;
    const h12 = third - mean * second;
    const h22 = fourth - second * second;
    let da: number;
    let db: number;
    if (withVariance) {
      const det = h11 * h22 - h12 * h12;
      da = -(h22 * gradient[0]! - h12 * gradient[1]!) / det;
      db = -(-h12 * gradient[0]! + h11 * gradient[1]!) / det;
    } else {
      da = -gradient[0]! / h11;
      db = 0;
    }
    // Damped step: the dual is convex, halving until it decreases keeps Newton stable far from the optimum.
    const f0 = dual(v, a, b, variance, withVariance);
    let t = 1;
    while (t > 1e-8 && dual(v, a + t * da, b + t * db, variance, withVariance) > f0 + 1e-15) t /= 2;
    a += t * da;
    b += t * db;
  }
  throw new Error(`perturbation table: no convergence for deviations ${v.join(',')}`);
}

function gibbs(v: number[], a: number, b: number): number[] {
  const exponents = v.map((x) => a * x + b * x * x);
  const top = Math.max(...exponents);
  const weights = exponents.map((e) => Math.exp(e - top));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

function dual(v: number[], a: number, b: number, variance: number, withVariance: boolean): number {
  const exponents = v.map((x) => a * x + b * x * x);
  const top = Math.max(...exponents);
  return top + Math.log(exponents.reduce((s, e) => s + Math.exp(e - top), 0)) - (withVariance ? b * variance : 0);
}

export function moments(v: number[], p: number[]) {
  let mean = 0;
  let second = 0;
  let third = 0;
  let fourth = 0;
  v.forEach((x, k) => {
    const q = p[k]!;
    mean += q * x;
    second += q * x * x;
    third += q * x ** 3;
    fourth += q * x ** 4;
  });
  return { mean, second, third, fourth, variance: second - mean * mean };
}
