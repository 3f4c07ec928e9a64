import type { FieldCondition, Filter, FindQuery, Scalar } from '../read-store.port.js';
import { ValidationError } from '../../shared/errors.js';
import { assertFieldPath, columnOf } from './sqlite-columns.js';

/**
 * Turns port filters and sorts into SQL over `rm_<name>(id, doc, f_<field>…)`: conditions and sorts on the
 * columns of declared fields (see sqlite-columns.ts), `contains` over the array in the document. Column
 * names and JSON paths are inlined; only declared, validated paths get here.
 */
export type SqlValue = string | number | null;

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

const jsonPath = (field: string) => {
  assertFieldPath(field);
  return `'$.${field}'`;
};

/** A boolean is stored as INTEGER 1/0 and a number as REAL: the storage class keeps `true` apart from 1. */
function equals(field: string, value: Scalar): SqlFragment {
  const column = columnOf(field);
  if (value === null) return { sql: `${column} IS NULL`, params: [] };
  if (typeof value === 'boolean')
    return { sql: `(${column} = ? AND typeof(${column}) = 'integer')`, params: [value ? 1 : 0] };
  return { sql: `${column} = ?`, params: [value] };
}

function bound(value: Scalar | undefined, field: string): SqlValue {
  if (value === null || value === undefined) throw new Error(`read store: range bound on "${field}" must not be null`);
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function condition(field: string, cond: FieldCondition): SqlFragment {
  if (cond === null || typeof cond !== 'object') return equals(field, cond);
  const column = columnOf(field);
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
      sql: `${column} ${ops[key as keyof typeof ops]} ?`,
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
  // The caller's input, not a store failure: a 400 naming the field, as the MongoDB adapter answers.
  throw new ValidationError('invalid cursor', ['cursor']);
}

/**
 * Keyset condition "after this row" for ORDER BY expr dir, id dir. SQLite sorts NULL first, so ascending
 * NULLs come before every value and descending they come last.
 */
export function afterCursor(field: string, direction: 'asc' | 'desc', at: CursorPosition): SqlFragment {
  const idCmp = direction === 'asc' ? '>' : '<';
  if (field === 'id') return { sql: `id ${idCmp} ?`, params: [at.id] };
  const expr = columnOf(field);
  if (direction === 'asc')
    return at.value === null
      ? {
          sql: `((${expr} IS NULL AND id > ?) OR ${expr} IS NOT NULL)`,
          params: [at.id],
        }
      : // A row value: SQLite seeks an index on (expr, id) to it instead of filtering from the start.
        { sql: `(${expr}, id) > (?, ?)`, params: [at.value, at.id] };
  return at.value === null
    ? { sql: `(${expr} IS NULL AND id < ?)`, params: [at.id] }
    : { sql: `((${expr}, id) < (?, ?) OR ${expr} IS NULL)`, params: [at.value, at.id] };
}

export function sortOf(query: FindQuery): {
  field: string;
  direction: 'asc' | 'desc';
} {
  return query.sort ?? { field: 'id', direction: 'asc' };
}

/** The statement of one page of `find`: one row more than the limit tells whether a next page exists. */
export function pageQuery(
  table: string,
  collection: string,
  declared: ReadonlySet<string>,
  query: FindQuery,
): SqlFragment {
  const sort = sortOf(query);
  checkDeclared(collection, declared, sort.field);
  const where = whereClause(collection, declared, query.filter);
  const parts = where.sql ? [where.sql] : [];
  const params: SqlValue[] = [...where.params];
  if (query.cursor) {
    const after = afterCursor(sort.field, sort.direction, decodeCursor(query.cursor));
    parts.push(after.sql);
    params.push(...after.params);
  }
  const limit = query.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new Error(`read store: limit must be a positive integer, got ${limit}`);
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const sql =
    `SELECT id, doc, ${columnOf(sort.field)} AS sort_value FROM ${table}` +
    (parts.length ? ` WHERE ${parts.join(' AND ')}` : '') +
    // `ORDER BY id, id` would make SQLite sort the rows of an index search on a filter once more.
    (sort.field === 'id' ? ` ORDER BY id ${dir}` : ` ORDER BY sort_value ${dir}, id ${dir}`) +
    (limit !== undefined ? ` LIMIT ${limit + 1}` : '');
  return { sql, params };
}
