import type { FieldCondition, Filter, FindQuery, Scalar } from '../read-store.port.js';
import { ValidationError } from '../../shared/errors.js';

/**
 * Translation of the port's queries into MongoDB query objects, free of the driver so it can be tested
 * without a server. Documents are stored as `{ _id: id, doc }`, so a declared field `actor.sub` lives at
 * `doc.actor.sub` and is indexed there together with `_id` (which serves the sort's tie-breaker too).
 */
export type MongoQuery = Record<string, unknown>;
export type SortDirection = 'asc' | 'desc';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1_000;

export const docPath = (field: string): string => `doc.${field}`;

export function assertDeclared(collection: string, field: string, declared: ReadonlySet<string>): void {
  if (!declared.has(field)) {
    throw new Error(`read collection ${collection}: field "${field}" is not a declared index and cannot be queried`);
  }
}

const isScalar = (condition: FieldCondition): condition is Scalar =>
  condition === null || typeof condition !== 'object';

function conditionFor(condition: FieldCondition): unknown {
  if (isScalar(condition)) return condition;
  if ('in' in condition) return { $in: [...condition.in] };
  // $elemMatch asks for an array holding the value, where a plain equality would also match a scalar.
  if ('contains' in condition) return { $elemMatch: { $eq: condition.contains } };
  const range: Record<string, Scalar> = {};
  if (condition.gte !== undefined) range.$gte = condition.gte;
  if (condition.gt !== undefined) range.$gt = condition.gt;
  if (condition.lte !== undefined) range.$lte = condition.lte;
  if (condition.lt !== undefined) range.$lt = condition.lt;
  return Object.keys(range).length > 0 ? range : undefined;
}

export function toMongoFilter(
  collection: string,
  filter: Filter | undefined,
  declared: ReadonlySet<string>,
): MongoQuery {
  const query: MongoQuery = {};
  for (const [field, condition] of Object.entries(filter ?? {})) {
    assertDeclared(collection, field, declared);
    const translated = conditionFor(condition);
    if (translated !== undefined) query[docPath(field)] = translated;
  }
  return query;
}

export function toMongoSort(field: string | undefined, direction: SortDirection): Record<string, 1 | -1> {
  const order = direction === 'asc' ? 1 : -1;
  return field === undefined ? { _id: order } : { [docPath(field)]: order, _id: order };
}

/** Where the next page starts: the sort value and id of the last item of the page before. */
export interface CursorPosition {
  value: Scalar;
  id: string;
}

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
        return { value: value as Scalar, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('invalid cursor', ['cursor']);
}

/**
 * Keyset condition for "after the cursor". MongoDB sorts null and missing values before every other
 * value and compares only within one type, so null needs its own branches.
 */
export function afterCursor(field: string | undefined, direction: SortDirection, cursor: CursorPosition): MongoQuery {
  const idOp = direction === 'asc' ? '$gt' : '$lt';
  if (field === undefined) return { _id: { [idOp]: cursor.id } };
  const path = docPath(field);
  if (cursor.value === null) {
    return direction === 'asc'
      ? { $or: [{ [path]: { $ne: null } }, { [path]: null, _id: { $gt: cursor.id } }] }
      : { [path]: null, _id: { $lt: cursor.id } };
  }
  const valueOp = direction === 'asc' ? '$gt' : '$lt';
  const branches: MongoQuery[] = [
    { [path]: { [valueOp]: cursor.value } },
    { [path]: cursor.value, _id: { [idOp]: cursor.id } },
  ];
  if (direction === 'desc') branches.push({ [path]: null });
  return { $or: branches };
}

/** Reads a dotted path from a stored document; missing counts as null, as MongoDB sorts it. */
export function valueAt(doc: Record<string, unknown>, field: string): Scalar {
  let current: unknown = doc;
  for (const key of field.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined || current === null) return null;
  if (['string', 'number', 'boolean'].includes(typeof current)) return current as Scalar;
  throw new Error(`sort field ${field} holds a ${typeof current}, not a scalar`);
}

export function pageSize(query: FindQuery | undefined): number {
  const limit = query?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError('limit must be a positive integer', ['limit']);
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** Collection names become part of a MongoDB namespace: keep them to a safe alphabet. */
export function mongoCollectionName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(name)) throw new Error(`read collection name "${name}" is not allowed`);
  return `rm_${name}`;
}
