import type { FieldCondition, Filter, FindQuery, Scalar } from '../read-store.port.js';

/**
 * Turns port filters and sorts into SQL over `rm_<name>(id, doc)`. Field paths are inlined as literals
 * (never bound) because SQLite only uses an expression index when the query expression is textually the
 * same as the indexed one; they are safe to inline since only declared, validated paths get here.
 */
export type SqlValue = string | number | null;

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertFieldPath(field: string): void {
  if (!FIELD_PATH.test(field)) throw new Error(`read store: invalid field path "${field}"`);
}

export const jsonPath = (field: string) => `'$.${field}'`;

/** The SQL expression for a field; `id` is the primary key column, everything else lives in the JSON. */
export const fieldExpr = (field: string) => (field === 'id' ? 'id' : `json_extract(doc, ${jsonPath(field)})`);

/** JSON booleans come out of json_extract as 1/0, so a boolean is compared as a number plus its JSON type. */
function equals(field: string, value: Scalar): SqlFragment {
  const expr = fieldExpr(field);
  if (value === null) return { sql: `${expr} IS NULL`, params: [] };
  if (typeof value === 'boolean')
    return {
      sql: `(${expr} = ? AND json_type(doc, ${jsonPath(field)}) = ?)`,
      params: [value ? 1 : 0, String(value)],
    };
  return { sql: `${expr} = ?`, params: [value] };
}

function bound(value: Scalar | undefined, field: string): SqlValue {
  if (value === null || value === undefined) throw new Error(`read store: range bound on "${field}" must not be null`);
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function condition(field: string, cond: FieldCondition): SqlFragment {
  if (cond === null || typeof cond !== 'object') return equals(field, cond);
  const expr = fieldExpr(field);
  if ('in' in cond) {
    if (cond.in.length === 0) return { sql: '0', params: [] };
    const parts = cond.in.map((v) => equals(field, v));
    return {
      sql: `(${parts.map((p) => p.sql).join(' OR ')})`,
      params: parts.flatMap((p) => p.params),
    };
  }
  if ('contains' in cond) {
    const v = cond.contains;
    const each = `SELECT 1 FROM json_each(doc, ${jsonPath(field)}) AS e WHERE`;
    if (v === null) return { sql: `EXISTS (${each} e.type = 'null')`, params: [] };
    if (typeof v === 'boolean') return { sql: `EXISTS (${each} e.type = ?)`, params: [String(v)] };
    return {
      sql: `EXISTS (${each} e.value = ? AND e.type NOT IN ('true', 'false'))`,
      params: [v],
    };
  }
  const ops = { gte: '>=', gt: '>', lte: '<=', lt: '<' } as const;
  const parts: SqlFragment[] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (!(key in ops)) throw new Error(`read store: unknown condition "${key}" on "${field}"`);
    parts.push({
      sql: `${expr} ${ops[key as keyof typeof ops]} ?`,
      params: [bound(value as Scalar, field)],
    });
  }
  if (parts.length === 0) throw new Error(`read store: empty condition on "${field}"`);
  return {
    sql: parts.map((p) => p.sql).join(' AND '),
    params: parts.flatMap((p) => p.params),
  };
}

export function checkDeclared(collection: string, declared: ReadonlySet<string>, field: string): void {
  if (field !== 'id' && !declared.has(field))
    throw new Error(`read store: field "${field}" is not an indexed field of collection "${collection}"`);
}

export function whereClause(collection: string, declared: ReadonlySet<string>, filter: Filter = {}): SqlFragment {
  const parts = Object.entries(filter).map(([field, cond]) => {
    checkDeclared(collection, declared, field);
    return condition(field, cond);
  });
  return {
    sql: parts.map((p) => p.sql).join(' AND '),
    params: parts.flatMap((p) => p.params),
  };
}

/** The last row of a page: its sort value and id, encoded opaquely. */
export interface CursorPosition {
  value: SqlValue;
  id: string;
}

export const encodeCursor = (c: CursorPosition) => Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const scalar = value === null || typeof value === 'string' || typeof value === 'number';
    if (typeof id === 'string' && scalar) return { value, id };
  } catch {
    // falls through to the error below
  }
  throw new Error('read store: invalid cursor');
}

/**
 * Keyset condition "after this row" for ORDER BY expr dir, id dir. SQLite sorts NULL first, so ascending
 * NULLs come before every value and descending they come last.
 */
export function afterCursor(field: string, direction: 'asc' | 'desc', at: CursorPosition): SqlFragment {
  const idCmp = direction === 'asc' ? '>' : '<';
  if (field === 'id') return { sql: `id ${idCmp} ?`, params: [at.id] };
  const expr = fieldExpr(field);
  if (direction === 'asc')
    return at.value === null
      ? {
          sql: `((${expr} IS NULL AND id > ?) OR ${expr} IS NOT NULL)`,
          params: [at.id],
        }
      : {
          sql: `(${expr} > ? OR (${expr} = ? AND id > ?))`,
          params: [at.value, at.value, at.id],
        };
  return at.value === null
    ? { sql: `(${expr} IS NULL AND id < ?)`, params: [at.id] }
    : {
        sql: `(${expr} < ? OR (${expr} = ? AND id < ?) OR ${expr} IS NULL)`,
        params: [at.value, at.value, at.id],
      };
}

export function sortOf(query: FindQuery): {
  field: string;
  direction: 'asc' | 'desc';
} {
  return query.sort ?? { field: 'id', direction: 'asc' };
}
