/**
 * Small-cell suppression (Geheimhaltung) for published figures. Counts from 1 to 4 could identify people
 * in a small municipality, so they are shown as `<5` (primary suppression). A small cell must not be
 * recoverable from the published row and column totals either, so further cells are withheld and shown
 * as `x` (secondary suppression) until the rows and columns with their totals, taken together, leave
 * the true count of each `<5` entry at least two possible values.
 *
 * The check reasons with what a reader knows. Under the Cell Key Method (`noise` = D, the largest
 * deviation of the perturbation table, which is published) a shown number n stands for a true count in
 * n−D..n+D (at least 1), a shown 0 for exactly 0, `<5` for 1..4+D, and the lines add up only for
 * the true counts: what a table pins down is what the intersection of those ranges pins down. With
 * noise 0 (exact counts) a `<5` entry lies in 1..4 and an `x` entry is never 1..4, so it is 0 or at
 * least 5 (zeros are withheld only as a last resort, since they protect little).
 */
export const SMALL_CELL_MAX = 4;

export type SuppressionMark = 'primary' | 'secondary';

export interface ProtectedCell {
  /** The number a reader would see: the exact count, or under the Cell Key Method the perturbed one. */
  value: number;
  mark?: SuppressionMark;
}

/** What may be published for a cell: the number, `<5` or `x`. */
export type PublishedValue = number | '<5' | 'x';

export interface TableInput {
  rowKeys: string[];
  columnKeys: string[];
  /** values[row][column], non-negative integers (already perturbed when `noise` > 0). */
  values: number[][];
  /**
   * Published totals per row, per column and overall. `true` means "the exact sum of the cells" (only
   * meaningful without noise); under the Cell Key Method each total is perturbed on its own cell key.
   */
  rowTotals?: number[] | boolean;
  columnTotals?: number[] | boolean;
  grandTotal?: number;
}

export interface ProtectionOptions {
  /** D, the largest deviation a published number can have from the true count (0: exact counts). */
  noise?: number;
}

export interface ProtectedTable {
  rowKeys: string[];
  columnKeys: string[];
  cells: ProtectedCell[][];
  rowTotals?: ProtectedCell[];
  columnTotals?: ProtectedCell[];
  grandTotal?: ProtectedCell;
}

const isSmall = (n: number) => n >= 1 && n <= SMALL_CELL_MAX;

export const protectCount = (value: number): ProtectedCell => (isSmall(value) ? { value, mark: 'primary' } : { value });

export function published(cell: ProtectedCell): PublishedValue {
  if (cell.mark === 'primary') return '<5';
  if (cell.mark === 'secondary') return 'x';
  return cell.value;
}

type Range = [number, number];

/** The true counts a reader can read into an entry, from its symbol or number and the noise bound. */
function bounds(cell: ProtectedCell, noise: number): Range {
  if (cell.mark === 'primary') return [1, SMALL_CELL_MAX + noise];
  if (cell.mark === 'secondary') return [0, Number.POSITIVE_INFINITY];
  if (cell.value === 0) return [0, 0];
  return [Math.max(1, cell.value - noise), cell.value + noise];
}

/**
 * An `x` entry hides a value that is not 1..4, so 0 (exactly 0 records) or at least 5 (at least 5−D
 * records): the true counts strictly between 0 and 5−D cannot lie behind it. A range ending there is
 * pulled to the nearest possible value.
 */
const inGap = (n: number, noise: number) => n > 0 && n < SMALL_CELL_MAX + 1 - noise;

function snap(cell: ProtectedCell, [low, high]: Range, noise: number): Range {
  if (cell.mark !== 'secondary') return [low, high];
  return [inGap(low, noise) ? SMALL_CELL_MAX + 1 - noise : low, inGap(high, noise) ? 0 : high];
}

interface Line {
  inner: ProtectedCell[];
  total: ProtectedCell;
}

type Signed = { cell: ProtectedCell; sign: number };
const signed = (line: Line): Signed[] => [
  ...line.inner.map((cell) => ({ cell, sign: 1 })),
  { cell: line.total, sign: -1 },
];

/** Entries whose true count the reader does not know exactly: withheld ones, and every one under noise. */
const uncertain = (cell: ProtectedCell, noise: number) => cell.mark !== undefined || noise > 0;

/**
 * What a reader can infer cheaply: starting from the bounds each entry implies, every line
 * `sum(inner) = total` (of true counts) narrows the range of each uncertain entry, and narrowed ranges
 * feed the other lines until nothing moves.
 */
function propagate(lines: Line[], noise: number): Map<ProtectedCell, Range> {
  const range = new Map<ProtectedCell, Range>();
  for (const line of lines)
    for (const { cell } of signed(line)) if (uncertain(cell, noise)) range.set(cell, bounds(cell, noise));
  const value = (cell: ProtectedCell): Range => range.get(cell) ?? [cell.value, cell.value];
  for (let moved = true, round = 0; moved && round < 500; round++) {
    moved = false;
    for (const line of lines) {
      const entries = signed(line);
      for (const entry of entries) {
        if (!range.has(entry.cell)) continue;
        const [lowSum, highSum] = sumRange(
          entries.filter((e) => e !== entry),
          value,
        );
        // sign·x + (sum of the others) = 0
        const [from, to] = entry.sign > 0 ? [-highSum, -lowSum] : [lowSum, highSum];
        const [lb, ub] = value(entry.cell);
        const next = snap(entry.cell, [Math.max(lb, Math.ceil(from)), Math.min(ub, Math.floor(to))], noise);
        if (next[0] !== lb || next[1] !== ub) {
          range.set(entry.cell, next);
          moved = true;
        }
      }
    }
  }
  return range;
}

function sumRange(entries: Signed[], value: (cell: ProtectedCell) => Range): Range {
  let low = 0;
  let high = 0;
  for (const { cell, sign } of entries) {
    const [lb, ub] = value(cell);
    low += sign > 0 ? lb : -ub;
    high += sign > 0 ? ub : -lb;
  }
  return [low, high];
}

/** Steps a search may take before it gives up; giving up counts as "recoverable", so we protect more. */
const SEARCH_BUDGET = 20_000;

/**
 * The `<5` entries whose true count a reader can pin to one value. Propagation alone misses inferences
 * that combine several lines, so for each `<5` entry and each candidate value a bounded search looks for
 * a completion of all withheld entries that fits every line (shown entries keep their noise ranges);
 * fewer than two completable values means recoverable.
 */
function recoverableSmallEntries(lines: Line[], noise: number): ProtectedCell[] {
  const range = propagate(lines, noise);
  const hidden = [...range.keys()].filter((c) => c.mark !== undefined);
  const fixed = new Map<ProtectedCell, number>();
  const value = (cell: ProtectedCell): Range => {
    const v = fixed.get(cell);
    return v !== undefined ? [v, v] : (range.get(cell) ?? [cell.value, cell.value]);
  };
  const linesOf = new Map(hidden.map((h) => [h, lines.filter((l) => l.total === h || l.inner.includes(h))]));
  const fits = (cell: ProtectedCell) =>
    linesOf.get(cell)!.every((line) => {
      const [low, high] = sumRange(signed(line), value);
      return low <= 0 && high >= 0;
    });
  const excluded = (cell: ProtectedCell, v: number) => cell.mark === 'secondary' && inGap(v, noise);
  let steps = 0;
  const completes = (rest: ProtectedCell[]): boolean => {
    const [cell, ...others] = rest;
    if (!cell) return true;
    const [lb, ub] = range.get(cell)!;
    for (let v = lb; v <= Math.min(ub, lb + 10_000); v++) {
      if (++steps > SEARCH_BUDGET) return false;
      if (excluded(cell, v)) continue;
      fixed.set(cell, v);
      if (fits(cell) && completes(others)) return (fixed.delete(cell), true);
    }
    fixed.delete(cell);
    return false;
  };
  return hidden.filter((cell) => {
    if (cell.mark !== 'primary') return false;
    const [lb, ub] = range.get(cell)!;
    if (ub <= lb) return true;
    let possible = 0;
    for (let v = lb; v <= ub && possible < 2; v++) {
      steps = 0;
      fixed.set(cell, v);
      if (fits(cell) && completes(hidden.filter((h) => h !== cell))) possible++;
      fixed.clear();
    }
    return possible < 2;
  });
}

/**
 * The entry to withhold next so `pinned` gets company: the smallest non-zero count still shown in its
 * own lines; when those are all withheld already, in the lines next to them (sharing a withheld entry),
 * and so on outwards.
 */
function nextToWithhold(pinned: ProtectedCell, lines: Line[]): ProtectedCell | undefined {
  const visited = new Set<Line>();
  let frontier = lines.filter((l) => l.total === pinned || l.inner.includes(pinned));
  while (frontier.length > 0) {
    frontier.forEach((l) => visited.add(l));
    const shown = frontier.flatMap((l) => l.inner).filter((c) => !c.mark);
    const choice =
      shown.filter((c) => c.value > 0).sort((a, b) => a.value - b.value)[0] ??
      frontier.map((l) => l.total).find((t) => !t.mark);
    if (choice) return choice;
    const hidden = new Set(frontier.flatMap((l) => [...l.inner, l.total]).filter((c) => c.mark));
    frontier = lines.filter((l) => !visited.has(l) && [...l.inner, l.total].some((c) => hidden.has(c)));
  }
  return undefined;
}

const totalsOf = (given: number[] | boolean | undefined, sums: () => number[]) =>
  given === true ? sums() : Array.isArray(given) ? given : undefined;

export function protectTable(input: TableInput, options: ProtectionOptions = {}): ProtectedTable {
  const noise = options.noise ?? 0;
  const cols = input.columnKeys.length;
  const cells = input.values.map((row) => row.map(protectCount));
  const rowValues = totalsOf(input.rowTotals, () => input.values.map((row) => row.reduce((s, v) => s + v, 0)));
  const columnValues = totalsOf(input.columnTotals, () =>
    input.columnKeys.map((_, j) => input.values.reduce((s, row) => s + row[j]!, 0)),
  );
  const rowTotals = rowValues?.map(protectCount);
  const columnTotals = columnValues?.map(protectCount);
  const grandValue = rowValues && columnValues ? (input.grandTotal ?? rowValues.reduce((s, v) => s + v, 0)) : undefined;
  const grandTotal = grandValue === undefined ? undefined : protectCount(grandValue);

  // Each line: its inner cells, then its total. Totals themselves form lines against the grand total.
  const lines: Line[] = [];
  if (rowTotals) {
    cells.forEach((row, i) => lines.push({ inner: row, total: rowTotals[i]! }));
    if (columnTotals && grandTotal) lines.push({ inner: columnTotals, total: grandTotal });
  }
  if (columnTotals) {
    for (let j = 0; j < cols; j++)
      lines.push({
        inner: cells.map((row) => row[j]!),
        total: columnTotals[j]!,
      });
    if (rowTotals && grandTotal) lines.push({ inner: rowTotals, total: grandTotal });
  }

  // Each step withholds one more entry, so this ends after at most every entry is withheld.
  for (;;) {
    const pinned = recoverableSmallEntries(lines, noise);
    const next = pinned.map((p) => nextToWithhold(p, lines)).find((c) => c !== undefined);
    if (!next) break;
    next.mark = 'secondary';
  }
  return {
    rowKeys: input.rowKeys,
    columnKeys: input.columnKeys,
    cells,
    ...(rowTotals ? { rowTotals } : {}),
    ...(columnTotals ? { columnTotals } : {}),
    ...(grandTotal ? { grandTotal } : {}),
  };
}

/** One published list with a total, e.g. closures by reason. */
export function protectList(
  entries: [string, number][],
  total?: number,
  options: ProtectionOptions = {},
): ProtectedTable {
  return protectTable(
    {
      rowKeys: entries.map(([k]) => k),
      columnKeys: ['count'],
      values: entries.map(([, v]) => [v]),
      columnTotals: total === undefined ? true : [total],
    },
    options,
  );
}
