import fc from 'fast-check';
import {
  protectList,
  protectTable,
  published,
  type ProtectedCell,
  type ProtectedTable,
  type PublishedValue,
} from '../../../../src/reports/disclosure/suppression.js';

/**
 * An attacker who knows the publication rules: `<5` is 1..4, `x` is a withheld count that is not 1..4
 * (so 0 or at least 5), numbers are exact, and every published total holds. It searches all completions
 * of the withheld entries and collects the values each `<5` entry can take (a recovered `x` is no small
 * count, and what it would reveal about a `<5` shows in that entry's values).
 */
function possibleValues(table: ProtectedTable): Map<string, Set<number>> {
  type Entry = { id: string; shown: PublishedValue };
  const entry = (id: string, cell: ProtectedCell): Entry => ({
    id,
    shown: published(cell),
  });
  const grid: Entry[][] = table.cells.map((row, i) => row.map((c, j) => entry(`${i},${j}`, c)));
  const lines: { entry: Entry; sign: number }[][] = [];
  if (table.rowTotals) {
    grid.forEach((row, i) =>
      lines.push([
        ...row.map((e) => ({ entry: e, sign: 1 })),
        { entry: entry(`${i},T`, table.rowTotals![i]!), sign: -1 },
      ]),
    );
  }
  if (table.columnTotals) {
    table.columnKeys.forEach((_, j) =>
      lines.push([
        ...grid.map((row) => ({ entry: row[j]!, sign: 1 })),
        { entry: entry(`T,${j}`, table.columnTotals![j]!), sign: -1 },
      ]),
    );
  }
  if (table.rowTotals && table.columnTotals && table.grandTotal) {
    const grand = { entry: entry('T,T', table.grandTotal), sign: -1 };
    lines.push([
      ...table.rowTotals.map((c, i) => ({
        entry: entry(`${i},T`, c),
        sign: 1,
      })),
      grand,
    ]);
    lines.push([
      ...table.columnTotals.map((c, j) => ({
        entry: entry(`T,${j}`, c),
        sign: 1,
      })),
      grand,
    ]);
  }
  const hiddenIds = [
    ...new Set(
      lines
        .flat()
        .filter((l) => typeof l.entry.shown !== 'number')
        .map((l) => l.entry.id),
    ),
  ];
  const shownOf = new Map(lines.flat().map((l) => [l.entry.id, l.entry.shown]));
  const cap = lines.flat().reduce((s, l) => s + (typeof l.entry.shown === 'number' ? l.entry.shown : 4), 0) + 10;
  const domain = (id: string): [number, number][] =>
    shownOf.get(id) === '<5'
      ? [[1, 4]]
      : [
          [0, 0],
          [5, cap],
        ];
  const values = new Map<string, number>();
  const feasible = () =>
    lines.every((line) => {
      let low = 0;
      let high = 0;
      for (const { entry: e, sign } of line) {
        const v = typeof e.shown === 'number' ? e.shown : values.get(e.id);
        const [lo, hi] = v !== undefined ? [v, v] : [domain(e.id)[0]![0], domain(e.id).at(-1)![1]];
        low += sign > 0 ? lo : -hi;
        high += sign > 0 ? hi : -lo;
      }
      return low <= 0 && high >= 0;
    });
  // Is there any completion of the entries from k on, given those already fixed?
  const completes = (ids: string[], k: number): boolean => {
    if (k === ids.length) return true;
    for (const [from, to] of domain(ids[k]!)) {
      for (let v = from; v <= to; v++) {
        values.set(ids[k]!, v);
        if (feasible() && completes(ids, k + 1)) return (values.delete(ids[k]!), true);
      }
    }
    values.delete(ids[k]!);
    return false;
  };
  const seen = new Map<string, Set<number>>();
  for (const id of hiddenIds.filter((h) => shownOf.get(h) === '<5')) {
    const rest = hiddenIds.filter((h) => h !== id);
    seen.set(id, new Set([1, 2, 3, 4].filter((v) => (values.set(id, v), feasible() && completes(rest, 0)))));
    values.delete(id);
  }
  return seen;
}

describe('small-cell suppression', () => {
  describe('a list of counts with a published total', () => {
    const table = protectList([
      ['Erkrath', 12],
      ['Haan', 3],
      ['Hilden', 27],
      ['Mettmann', 0],
    ]);

    it('shows 1 to 4 as <5, withholds the next smallest count as x and keeps zeros and the rest', () => {
      expect(table.cells.map((r) => published(r[0]!))).toEqual(['x', '<5', 27, 0]);
      expect(published(table.columnTotals![0]!)).toBe(42);
    });

    it('withholds a second cell so the small one cannot be computed from the total', () => {
      const hidden = table.cells.flat().filter((c) => c.mark);
      expect(hidden).toHaveLength(2);
      expect(possibleValues(table).get('1,0')!.size).toBeGreaterThan(1);
    });
  });

  describe('a municipality × legal basis table with row and column totals', () => {
    const table = protectTable({
      rowKeys: ['Erkrath', 'Haan', 'Velbert'],
      columnKeys: ['consent', 'SGB X §69', 'SGB X §71'],
      values: [
        [20, 2, 7],
        [15, 9, 6],
        [31, 8, 0],
      ],
      rowTotals: true,
      columnTotals: true,
    });

    it('an attacker using every published total still finds more than one value for each withheld cell', () => {
      const seen = possibleValues(table);
      expect([...seen.keys()]).toEqual(['0,1']);
      expect(table.cells.flat().filter((c) => c.mark).length).toBeGreaterThanOrEqual(4);
      for (const [cell, values] of seen) expect({ cell, count: values.size > 1 }).toEqual({ cell, count: true });
    });

    it('the original small value is among the possibilities, so the check is not vacuous', () => {
      expect(possibleValues(table).get('0,1')).toContain(2);
    });
  });

  describe('a small count whose line holds only zeros otherwise', () => {
    it('withholds the total, which would equal the small count', () => {
      const table = protectTable({
        rowKeys: ['a', 'b'],
        columnKeys: ['x', 'y'],
        values: [
          [3, 0],
          [10, 12],
        ],
        rowTotals: true,
        columnTotals: true,
      });
      expect(published(table.rowTotals![0]!)).not.toBe(3);
      for (const values of possibleValues(table).values()) expect(values.size).toBeGreaterThan(1);
    });
  });

  describe('any small table', () => {
    it('never lets a withheld cell be recovered from the published totals', () => {
      const cell = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 14 }));
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3 }).chain((r) =>
            fc.integer({ min: 1, max: 3 }).chain((c) =>
              fc.tuple(
                fc.array(fc.array(cell, { minLength: c, maxLength: c }), {
                  minLength: r,
                  maxLength: r,
                }),
                fc.boolean(),
              ),
            ),
          ),
          ([values, both]) => {
            const table = protectTable({
              rowKeys: values.map((_, i) => `r${i}`),
              columnKeys: values[0]!.map((_, j) => `c${j}`),
              values,
              rowTotals: both,
              columnTotals: true,
            });
            for (const [id, seen] of possibleValues(table)) {
              if (seen.size < 2) throw new Error(`cell ${id} recoverable: ${[...seen]} in ${JSON.stringify(values)}`);
            }
          },
        ),
        { numRuns: 100, seed: 20260930 },
      );
    });
  });
});

/**
 * Under the Cell Key Method a reader knows only that each shown number lies within ±D of the true count
 * (0 for exactly 0, `<5` for 1..4+D, `x` for anything), while the true counts add up. This attacker tries
 * every combination of true inner counts and keeps those whose totals fit what is shown.
 */
function possibleTrueValues(table: ProtectedTable, noise: number): Map<string, Set<number>> {
  const range = (cell: ProtectedCell): [number, number] => {
    const shown = published(cell);
    if (shown === '<5') return [1, 4 + noise];
    if (shown === 'x') return [0, 60];
    return shown === 0 ? [0, 0] : [Math.max(1, shown - noise), shown + noise];
  };
  const cells = table.cells.flatMap((row, i) => row.map((c, j) => ({ id: `${i},${j}`, i, j, c })));
  const seen = new Map(cells.filter((x) => published(x.c) === '<5').map((x) => [x.id, new Set<number>()]));
  const values = new Array<number>(cells.length).fill(0);
  const within = (cell: ProtectedCell, v: number) => {
    const [lo, hi] = range(cell);
    return v >= lo && v <= hi;
  };
  const check = () => {
    const rows = table.cells.map((row, i) => row.reduce((s, _, j) => s + values[i * row.length + j]!, 0));
    const cols = table.columnKeys.map((_, j) => table.cells.reduce((s, row, i) => s + values[i * row.length + j]!, 0));
    if (table.rowTotals && !rows.every((v, i) => within(table.rowTotals![i]!, v))) return;
    if (table.columnTotals && !cols.every((v, j) => within(table.columnTotals![j]!, v))) return;
    if (
      table.grandTotal &&
      !within(
        table.grandTotal,
        rows.reduce((s, v) => s + v, 0),
      )
    )
      return;
    cells.forEach((x, k) => seen.get(x.id)?.add(values[k]!));
  };
  const walk = (k: number) => {
    if (k === cells.length) return check();
    const [lo, hi] = range(cells[k]!.c);
    for (let v = lo; v <= hi; v++) {
      values[k] = v;
      walk(k + 1);
    }
  };
  walk(0);
  return seen;
}

describe('small-cell suppression under the Cell Key Method (a reader who knows D = 4)', () => {
  it('never lets the true count behind a <5 be pinned by the published totals', () => {
    const noisy = (n: number, r: () => number) => (n === 0 ? 0 : Math.max(1, n + Math.round((r() - 0.5) * 8)));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 2 }), {
          minLength: 2,
          maxLength: 2,
        }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (truth, seed) => {
          let s = seed;
          const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          const rows = truth.map((row) => row.reduce((a, b) => a + b, 0));
          const cols = truth[0]!.map((_, j) => truth.reduce((a, row) => a + row[j]!, 0));
          const table = protectTable(
            {
              rowKeys: ['a', 'b'],
              columnKeys: ['x', 'y'],
              values: truth.map((row) => row.map((v) => noisy(v, r))),
              rowTotals: rows.map((v) => noisy(v, r)),
              columnTotals: cols.map((v) => noisy(v, r)),
              grandTotal: noisy(rows[0]! + rows[1]!, r),
            },
            { noise: 4 },
          );
          for (const [id, seen] of possibleTrueValues(table, 4)) {
            if (seen.size < 2) throw new Error(`cell ${id} pinned to ${[...seen]} in ${JSON.stringify(truth)}`);
          }
        },
      ),
      { numRuns: 60, seed: 20261202 },
    );
  });
});
