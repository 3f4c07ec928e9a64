import type { RecordKeys, RecordKind } from './record-keys.js';

/**
 * One cell of a count table before protection: how many records it holds and the sum of their record
 * keys modulo 2^32. The cell key is that sum read as a fraction in [0, 1) — the fractional part of the
 * sum of the records' keys, as in the Cell Key Method. The same records always give the same cell key,
 * wherever the cell appears (another table, another period holding the same records), so the same
 * figure is published identically everywhere and repeating a query averages nothing away.
 */
export interface CountCell {
  count: number;
  /** Sum of record keys modulo 2^32. */
  keySum: number;
}

export const emptyCell = (): CountCell => ({ count: 0, keySum: 0 });

export const cellKey = (cell: CountCell) => cell.keySum / 2 ** 32;

export function addRecord(cell: CountCell, key: number): void {
  cell.count += 1;
  cell.keySum = (cell.keySum + key) >>> 0;
}

/** The union of disjoint cells (a row or column total): counts and key sums add. */
export function sumCells(cells: readonly CountCell[]): CountCell {
  let count = 0;
  let keySum = 0;
  for (const c of cells) {
    count += c.count;
    keySum = (keySum + c.keySum) >>> 0;
  }
  return { count, keySum };
}

/** Counts records of one kind into a cell. */
export function countRecords(keys: RecordKeys, kind: RecordKind, ids: Iterable<string>): CountCell {
  const cell = emptyCell();
  for (const id of ids) addRecord(cell, keys.of(kind, id));
  return cell;
}
