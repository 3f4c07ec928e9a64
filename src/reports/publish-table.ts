import type { PublishedTable } from './committee-report.model.js';
import { protectTable, published } from './suppression.js';

export interface TableSpec {
  key: string;
  title: string;
  rows: { key: string; label: string }[];
  columns: { key: string; label: string }[];
  /** values[row][column] */
  values: number[][];
  rowTotals?: boolean;
  columnTotals?: boolean;
  rowTotalLabel?: string;
  note?: string;
}

/** Suppresses a table and keeps only what may be published: the raw counts stay behind. */
export function publishTable(spec: TableSpec): PublishedTable {
  const protectedTable = protectTable({
    rowKeys: spec.rows.map((r) => r.key),
    columnKeys: spec.columns.map((c) => c.key),
    values: spec.values,
    rowTotals: spec.rowTotals ?? false,
    columnTotals: spec.columnTotals ?? true,
  });
  return {
    key: spec.key,
    title: spec.title,
    columns: spec.columns,
    rows: spec.rows.map((row, i) => ({
      ...row,
      values: protectedTable.cells[i]!.map(published),
      ...(protectedTable.rowTotals ? { total: published(protectedTable.rowTotals[i]!) } : {}),
    })),
    ...(protectedTable.columnTotals ? { totals: protectedTable.columnTotals.map(published) } : {}),
    ...(protectedTable.grandTotal ? { grandTotal: published(protectedTable.grandTotal) } : {}),
    ...(spec.rowTotals ? { rowTotalLabel: spec.rowTotalLabel ?? 'Insgesamt' } : {}),
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** A one-column list with its total, e.g. closures by reason. */
export const publishList = (
  key: string,
  title: string,
  column: string,
  entries: { key: string; label: string; value: number }[],
  options: { note?: string; total?: boolean } = {},
): PublishedTable =>
  publishTable({
    key,
    title,
    rows: entries,
    columns: [{ key: 'count', label: column }],
    values: entries.map((e) => [e.value]),
    columnTotals: options.total ?? true,
    ...(options.note ? { note: options.note } : {}),
  });
