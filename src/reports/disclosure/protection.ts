import type { Coded, DisclosureStatement, PublishedTable } from '../report.model.js';
import { cellKey, sumCells, type CountCell } from './cell-key.js';
import { buildPerturbationTable, deviationFor, type PerturbationTable } from './perturbation-table.js';
import type { RecordKeys } from './record-keys.js';
import { protectTable, published, type PublishedValue } from './suppression.js';

/**
 * The disclosure control every published count passes (issue 17):
 *
 * 1. Cell Key Method: the count gets the deviation the perturbation table assigns to its cell key
 *    (fractional part of the sum of the record keys), at most ±D, mean 0, variance V; 0 stays 0 and
 *    no other count becomes 0.
 * 2. A perturbed count of 1–4 is shown as `<5`.
 * 3. Secondary suppression (`x`) where row and column totals would still pin a `<5` entry's true count,
 *    reasoning as a reader who knows D.
 *
 * Parameters D = 4, V = 2: see the README ("Disclosure control") for the choice. They are constants on
 * purpose: publishing the same figures under two parameter sets would give a reader two independent
 * noisy copies of each count to average.
 */
export const CELL_KEY_PARAMETERS = { maxDeviation: 4, variance: 2 } as const;

export interface Protection {
  keys: RecordKeys;
  table: PerturbationTable;
  /** Test hook: sees each original count beside its perturbed value (never wired in the service). */
  observe?: (original: number, perturbed: number) => void;
}

let defaultTable: PerturbationTable | undefined;

export function createProtection(keys: RecordKeys, observe?: Protection['observe']): Protection {
  defaultTable ??= buildPerturbationTable(CELL_KEY_PARAMETERS.maxDeviation, CELL_KEY_PARAMETERS.variance);
  return { keys, table: defaultTable, ...(observe ? { observe } : {}) };
}

/** The count a reader may see for a cell: 0 exactly for 0, otherwise at least 1 and within ±D. */
export function perturb(protection: Protection, cell: CountCell): number {
  const value = cell.count + deviationFor(protection.table, cell.count, cellKey(cell));
  protection.observe?.(cell.count, value);
  return value;
}

/** A single figure: the perturbed count, `<5` for 1–4. */
export function publishFigure(protection: Protection, cell: CountCell): PublishedValue {
  const value = perturb(protection, cell);
  return value >= 1 && value <= 4 ? '<5' : value;
}

/** A table of counts before protection: rows × columns of cells, totals as the union of their cells. */
export interface CountTable {
  code: string;
  title: string;
  rowHeader: string;
  rows: Coded[];
  columns: Coded[];
  /** cells[row][column] */
  cells: CountCell[][];
  rowTotals?: boolean;
  columnTotals?: boolean;
  rowTotalLabel?: string;
  note?: string;
  /**
   * Leave out rows (and columns) whose published values are all 0. For tables whose rows come from the
   * data (reasons, kinds, agencies): a row shown only when it has records would tell a reader that a
   * published 0 hides a record. Rows come from a fixed list plus what the data add, and whether one is
   * shown depends only on published values.
   */
  dropEmpty?: 'rows' | 'rows-and-columns';
}

/**
 * Protects and publishes a count table. Totals are protected on their own cell keys (the union of the
 * records of their cells), so they equal the same count published anywhere else — a headline figure
 * and the total of its breakdown are one cell — but need not equal the sum of the published cells.
 */
export function publishCountTable(protection: Protection, table: CountTable): PublishedTable {
  const columnCount = table.columns.length;
  const rowCells = table.rowTotals ? table.cells.map((row) => sumCells(row)) : undefined;
  const columnCells = table.columnTotals
    ? Array.from({ length: columnCount }, (_, j) => sumCells(table.cells.map((row) => row[j]!)))
    : undefined;
  const grandCell = rowCells && columnCells ? sumCells(rowCells) : undefined;
  const p = (cell: CountCell) => perturb(protection, cell);
  const suppressed = protectTable(
    {
      rowKeys: table.rows.map((r) => r.code),
      columnKeys: table.columns.map((c) => c.code),
      values: table.cells.map((row) => row.map(p)),
      ...(rowCells ? { rowTotals: rowCells.map(p) } : {}),
      ...(columnCells ? { columnTotals: columnCells.map(p) } : {}),
      ...(grandCell ? { grandTotal: p(grandCell) } : {}),
    },
    { noise: protection.table.maxDeviation },
  );
  const rows = table.rows.map((row, i) => ({
    ...row,
    values: suppressed.cells[i]!.map(published),
    ...(suppressed.rowTotals ? { total: published(suppressed.rowTotals[i]!) } : {}),
  }));
  const totals = suppressed.columnTotals?.map(published);
  const empty = (values: PublishedValue[]) => values.every((v) => v === 0);
  const keptRows = table.dropEmpty
    ? rows.filter((r) => !empty([...r.values, ...(r.total !== undefined ? [r.total] : [])]))
    : rows;
  const keptColumns = table.columns
    .map((_, j) => j)
    .filter(
      (j) =>
        table.dropEmpty !== 'rows-and-columns' ||
        !empty([...rows.map((r) => r.values[j]!), ...(totals ? [totals[j]!] : [])]),
    );
  const pick = <T>(values: T[]) => keptColumns.map((j) => values[j]!);
  return {
    code: table.code,
    title: table.title,
    rowHeader: table.rowHeader,
    columns: pick(table.columns),
    rows: keptRows.map((r) => ({ ...r, values: pick(r.values) })),
    ...(totals ? { totals: pick(totals) } : {}),
    ...(suppressed.grandTotal ? { grandTotal: published(suppressed.grandTotal) } : {}),
    ...(table.rowTotals ? { rowTotalLabel: table.rowTotalLabel ?? 'Insgesamt' } : {}),
    ...(table.note ? { note: table.note } : {}),
  };
}

export function disclosureStatement(protection: Protection): DisclosureStatement {
  const { maxDeviation, variance } = protection.table;
  return {
    method: 'Cell-Key-Methode (stochastische Überlagerung wie im Zensus 2022) mit Geheimhaltung kleiner Fallzahlen',
    maxDeviation,
    variance,
    smallCells: '<5',
    notes: [
      `Alle Fallzahlen sind geringfügig überlagert: Ein ausgewiesener Wert weicht um höchstens ${maxDeviation} vom tatsächlichen ab, im Mittel um null. Derselbe Sachverhalt wird in jedem Bericht und jeder Tabelle gleich ausgewiesen.`,
      'Eine Null ist immer eine tatsächliche Null, und jede tatsächliche Null bleibt null. Überlagerte Werte von 1 bis 4 werden als „<5“ ausgewiesen; mit „x“ gesperrte Werte verhindern, dass solche Zahlen aus Zeilen- oder Spaltensummen zurückgerechnet werden können.',
      'Wegen der Überlagerung ergeben die Einzelwerte nicht immer genau die ausgewiesene Summe. Summen bitte nicht selbst bilden, sondern die ausgewiesenen Summen verwenden.',
      'Berichte umfassen nur ganze Monate (Monat, Quartal, Halbjahr, Jahr) und nur abgeschlossene Monate; ein laufender Zeitraum zeigt die Daten bis zum Ende des letzten abgeschlossenen Monats.',
    ],
  };
}
