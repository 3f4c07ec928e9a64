/**
 * Small-cell suppression (Geheimhaltung) for published committee figures. Counts from 1 to 4 could
 * identify people in a small municipality, so they are shown as `<5` (primary suppression). A suppressed
 * cell must not be recoverable from the published row and column totals either, so further cells are
 * withheld and shown as `x` (secondary suppression) until the rows and columns with their totals,
 * taken together, leave each `<5` entry at least two possible values.
 *
 * The check reasons with what a reader knows: a `<5` entry lies in 1..4; an `x` entry is never 1..4, so
 * it is 0 or at least 5 (zeros are withheld only as a last resort, since they protect little).
 */
export const SMALL_CELL_MAX = 4;

export type SuppressionMark = 'primary' | 'secondary';

export interface ProtectedCell {
  value: number;
  mark?: SuppressionMark;
}

/** What may be published for a cell: the number, `<5` or `x`. */
export type PublishedValue = number | '<5' | 'x';

export interface TableInput {
  rowKeys: string[];
  columnKeys: string[];
  /** values[row][column], non-negative integers. */
  values: number[][];
  /** Publish a total per row (over the columns). */
  rowTotals: boolean;
  /** Publish a total per column (over the rows). */
  columnTotals: boolean;
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

const bounds = (cell: ProtectedCell): [number, number] =>
  cell.mark === 'primary' ? [1, SMALL_CELL_MAX] : [0, Number.POSITIVE_INFINITY];

/** An `x` entry cannot be 1..4: a range ending there is pulled to the nearest possible value. */
function snap(cell: ProtectedCell, [low, high]: [number, number]): [number, number] {
  if (cell.mark !== 'secondary') return [low, high];
  return [isSmall(low) ? SMALL_CELL_MAX + 1 : low, isSmall(high) ? 0 : high];
}

interface Line {
  inner: ProtectedCell[];
  total: ProtectedCell;
}

type Range = [number, number];
type Signed = { cell: ProtectedCell; sign: number };
const signed = (line: Line): Signed[] => [
  ...line.inner.map((cell) => ({ cell, sign: 1 })),
  { cell: line.total, sign: -1 },
];

/**
 * What a reader can infer cheaply: starting from the bounds each symbol implies, every line
 * `sum(inner) = total` narrows the range of each withheld entry, and narrowed ranges feed the other
 * lines until nothing moves.
 */
function propagate(lines: Line[]): Map<ProtectedCell, Range> {
  const range = new Map<ProtectedCell, Range>();
  for (const line of lines) for (const { cell } of signed(line)) if (cell.mark) range.set(cell, bounds(cell));
  const value = (cell: ProtectedCell): Range => range.get(cell) ?? [cell.value, cell.value];
  for (let moved = true, round = 0; moved && round < 500; round++) {
    moved = false;
    for (const line of lines) {
      const entries = signed(line);
      for (const entry of entries) {
        if (!entry.cell.mark) continue;
        const [lowSum, highSum] = sumRange(
          entries.filter((e) => e !== entry),
          value,
        );
        // sign·x + (sum of the others) = 0
        const [from, to] = entry.sign > 0 ? [-highSum, -lowSum] : [lowSum, highSum];
        const [lb, ub] = value(entry.cell);
        const next = snap(entry.cell, [Math.max(lb, Math.ceil(from)), Math.min(ub, Math.floor(to))]);
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
 * The `<5` entries a reader can pin to one value. Propagation alone misses inferences that combine
 * several lines, so for each `<5` entry and each value 1..4 a bounded search looks for a completion of
 * all withheld entries that fits every total; fewer than two completable values means recoverable.
 */
function recoverableSmallEntries(lines: Line[]): ProtectedCell[] {
  const range = propagate(lines);
  const hidden = [...range.keys()];
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
  let steps = 0;
  const completes = (rest: ProtectedCell[]): boolean => {
    const [cell, ...others] = rest;
    if (!cell) return true;
    const [lb, ub] = range.get(cell)!;
    for (let v = lb; v <= Math.min(ub, lb + 10_000); v++) {
      if (++steps > SEARCH_BUDGET) return false;
      if (cell.mark === 'secondary' && isSmall(v)) continue;
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

export function protectTable(input: TableInput): ProtectedTable {
  const cols = input.columnKeys.length;
  const cells = input.values.map((row) => row.map(protectCount));
  const rowTotals = input.rowTotals
    ? cells.map((row) => protectCount(row.reduce((s, c) => s + c.value, 0)))
    : undefined;
  const columnTotals = input.columnTotals
    ? input.columnKeys.map((_, j) => protectCount(cells.reduce((s, row) => s + row[j]!.value, 0)))
    : undefined;
  const grandTotal = rowTotals && columnTotals ? protectCount(rowTotals.reduce((s, c) => s + c.value, 0)) : undefined;

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
    const pinned = recoverableSmallEntries(lines);
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
export function protectList(entries: [string, number][]): ProtectedTable {
  return protectTable({
    rowKeys: entries.map(([k]) => k),
    columnKeys: ['count'],
    values: entries.map(([, v]) => [v]),
    rowTotals: false,
    columnTotals: true,
  });
}
