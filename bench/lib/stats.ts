/** Small statistics and timing helpers shared by the benchmarks. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Monotonic milliseconds (fractional). */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `once` n times and returns every result; the caller takes medians of what it needs. */
export async function repeat<T>(n: number, once: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await once(i));
  return results;
}

/** Samples the resident set size while a phase runs; peak and start in MB. */
export class RssSampler {
  private peak = 0;
  private readonly start = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 100) {
    this.peak = this.start;
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), everyMs);
    this.timer.unref();
  }

  stop(): { startMb: number; peakMb: number } {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return { startMb: Math.round(this.start / 2 ** 20), peakMb: Math.round(this.peak / 2 ** 20) };
  }
}

export const round = (value: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Rejects when `promise` has not settled within `ms` (a peer that hangs must not hang the run). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
