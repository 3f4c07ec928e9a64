/**
 * Each declared indexed field of a collection lives in a column of its own (`actor.sub` → `f_actor__sub`),
 * filled here in JavaScript from the document at write time: SQLite never parses JSON on the write path.
 *
 * A column holds what `json_extract(doc, '$.<field>')` gives for the stored JSON, so filters, sorts and
 * cursors behave as they did over expression indexes: strings as TEXT, numbers as REAL (better-sqlite3
 * binds every JS number as REAL), null, missing and non-finite numbers as NULL, objects and arrays as
 * their JSON text — and booleans as INTEGER 1/0. They sort and compare among the numbers as before; the
 * storage class (`typeof(col) = 'integer'`) tells `true` from `1` where json_type did. Columns are declared
 * without a type, so no affinity ever converts a value.
 */
export type ColumnValue = string | number | bigint | null;

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertFieldPath(field: string): void {
  if (!FIELD_PATH.test(field)) throw new Error(`read store: invalid field path "${field}"`);
}

/** The column of a declared field; only validated paths (letters, digits, `_` and dots) get a name. */
export function columnOf(field: string): string {
  if (field === 'id') return 'id';
  assertFieldPath(field);
  return `f_${field.replaceAll('.', '__')}`;
}

/**
 * Columns of a collection's declared fields. `a.b` and `a__b` would share a column, and SQLite column names
 * ignore case: such a pair is refused rather than silently mixed.
 */
export function columnsOf(fields: readonly string[]): { field: string; column: string }[] {
  const seen = new Map<string, string>();
  const columns: { field: string; column: string }[] = [];
  for (const field of fields) {
    if (field === 'id') continue;
    const column = columnOf(field);
    const other = seen.get(column.toLowerCase());
    if (other !== undefined)
      throw new Error(`read store: indexed fields "${other}" and "${field}" would share the column ${column}`);
    seen.set(column.toLowerCase(), field);
    columns.push({ field, column });
  }
  return columns;
}

type Json = { toJSON?: (key: string) => unknown };

/** JSON.stringify's view of a value: a Date (or anything with toJSON) as what it serialises to. */
const asJson = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && typeof (value as Json).toJSON === 'function'
    ? (value as Required<Json>).toJSON(key)
    : value;

/** The column value of one field of a document, see the comment at the top. */
export function extract(doc: Record<string, unknown>, path: readonly string[]): ColumnValue {
  let value: unknown = doc;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return null;
    value = asJson((value as Record<string, unknown>)[key], key);
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value ? 1n : 0n;
    case 'object':
      return value === null ? null : JSON.stringify(value);
    default:
      return null; // undefined, functions and symbols are left out of the JSON
  }
}

/** Extracts all declared fields of a document in column order, ready to bind after id and doc. */
export function extractor(fields: readonly string[]): (doc: Record<string, unknown>) => ColumnValue[] {
  const paths = columnsOf(fields).map(({ field }) => field.split('.'));
  return (doc) => paths.map((path) => extract(doc, path));
}
