import type { Random } from './prng.js';

/**
 * Simulated time for the demo county: a queue of things to do, run strictly in time order (ties in the
 * order they were planned), so commands reach the API as they would have over two years.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

export class Timeline {
  private readonly heap: Entry[] = [];
  private seq = 0;
  now: number;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    this.now = start;
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Plans `run` at `at`; anything after the end of the history is simply never done. */
  at(at: number, run: () => void): void {
    if (at > this.end) return;
    this.push({ at: Math.max(at, this.now), seq: this.seq++, run });
  }

  /** Runs everything planned, including what the steps plan on the way, in time order. */
  async drain(afterStep?: (now: number) => Promise<void> | void): Promise<void> {
    for (let entry = this.pop(); entry; entry = this.pop()) {
      this.now = entry.at;
      entry.run();
      await afterStep?.(this.now);
    }
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A moment during office hours (07:30–15:30 UTC, i.e. morning to afternoon in Germany) on a working day
 * `minDays`–`maxDays` after `from`, and never before `from` itself.
 */
export function officeTime(random: Random, from: number, minDays: number, maxDays: number): number {
  const day = Math.floor((from + (minDays + random.next() * (maxDays - minDays)) * DAY_MS) / DAY_MS) * DAY_MS;
  const weekday = new Date(day).getUTCDay();
  const workday = day + (weekday === 6 ? 2 : weekday === 0 ? 1 : 0) * DAY_MS;
  const at = workday + Math.round((7.5 + random.next() * 8) * 60) * 60_000;
  return at > from ? at : from + random.int(5, 90) * 60_000;
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const isoInstant = (ms: number): string => new Date(ms).toISOString();
