import type { PublishedValue } from '../../src/reports/report.model.js';

/**
 * A differencing attacker against published count tables. It knows the publication rules — the largest
 * deviation D of the Cell Key Method (0 for exact counts), `<5`, `x`, zeros exact both ways — and that true counts
 * add up: a period is the sum of its months, a total the sum of its rows, and two breakdowns of the same
 * records have the same total. Every published value bounds the true count of its cell; the attacker
 * intersects all of them (interval constraint propagation over every report it has collected) and looks
 * for cells it has pinned to one value — above all to exactly 1, a single record.
 *
 * Unknowns ("atoms") are the true counts of one row of one table in one month; a published figure is a
 * sum of atoms. This is the strongest cheap reasoning over linear relations; it finds every inference of
 * "month = quarter − other months", "cell = total − other cells" and their combinations.
 */
export type Interval = [number, number];

/** Larger than any count here; a finite stand-in for "unbounded", so interval sums stay numbers. */
export const UNBOUNDED = 1e9;

/** The true counts a published value admits. */
export function admitted(value: PublishedValue, noise: number): Interval {
  if (value === 'x') return [0, UNBOUNDED];
  if (value === '<5') return [1, 4 + noise];
  if (value === 0) return [0, 0];
  return [Math.max(noise > 0 ? 1 : 0, value - noise), value + noise];
}

interface Constraint {
  terms: { atom: number; sign: 1 | -1 }[];
  range: Interval;
  label: string;
}

export class DifferencingAttacker {
  private readonly atoms = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly constraints: Constraint[] = [];
  bounds: Interval[] = [];

  constructor(readonly noise: number) {}

  atom(name: string): number {
    let i = this.atoms.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.atoms.set(name, i);
      this.names.push(name);
      this.bounds.push([0, UNBOUNDED]);
    }
    return i;
  }

  /** A published value of the sum of these atoms. */
  observe(atoms: string[], value: PublishedValue, label: string): void {
    if (atoms.length === 0) return;
    this.constraints.push({
      terms: atoms.map((a) => ({ atom: this.atom(a), sign: 1 })),
      range: admitted(value, this.noise),
      label,
    });
  }

  /** Two sums that count the same records (e.g. two breakdowns of the same cases). */
  same(left: string[], right: string[], label: string): void {
    this.constraints.push({
      terms: [
        ...left.map((a) => ({ atom: this.atom(a), sign: 1 as const })),
        ...right.map((a) => ({ atom: this.atom(a), sign: -1 as const })),
      ],
      range: [0, 0],
      label,
    });
  }

  get size() {
    return { atoms: this.names.length, constraints: this.constraints.length };
  }

  /** Narrows every atom's interval until nothing moves. */
  propagate(maxRounds = 200): number {
    let round = 0;
    for (let moved = true; moved && round < maxRounds; round++) {
      moved = false;
      for (const c of this.constraints) {
        let low = 0;
        let high = 0;
        for (const { atom, sign } of c.terms) {
          const [lo, hi] = this.bounds[atom]!;
          low += sign > 0 ? lo : -hi;
          high += sign > 0 ? hi : -lo;
        }
        for (const { atom, sign } of c.terms) {
          const [lo, hi] = this.bounds[atom]!;
          // sign·x + rest ∈ range, rest ∈ [low − own low part, high − own high part]
          const restLow = low - (sign > 0 ? lo : -hi);
          const restHigh = high - (sign > 0 ? hi : -lo);
          let from = c.range[0] - restHigh;
          let to = c.range[1] - restLow;
          if (sign < 0) [from, to] = [-to, -from];
          const next: Interval = [Math.max(lo, Math.ceil(from)), Math.min(hi, Math.floor(to))];
          if (next[0] > next[1]) throw new Error(`inconsistent observations at ${c.label}: ${this.names[atom]}`);
          if (next[0] !== lo || next[1] !== hi) {
            this.bounds[atom] = next;
            moved = true;
          }
        }
      }
    }
    return round;
  }

  interval(name: string): Interval {
    const i = this.atoms.get(name);
    return i === undefined ? [0, UNBOUNDED] : this.bounds[i]!;
  }

  /** The interval the attacker has for a sum of atoms (e.g. a month's total over all rows). */
  sumInterval(names: string[]): Interval {
    return names.reduce<Interval>(
      ([lo, hi], n) => {
        const [a, b] = this.interval(n);
        return [lo + a, hi + b];
      },
      [0, 0],
    );
  }

  /** Atoms pinned to exactly one value. */
  pinned(): Map<string, number> {
    const out = new Map<string, number>();
    this.names.forEach((name, i) => {
      const [lo, hi] = this.bounds[i]!;
      if (lo === hi) out.set(name, lo);
    });
    return out;
  }
}
