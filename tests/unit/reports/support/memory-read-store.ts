import type { Documents } from '../../../support/projection-harness.js';
import type {
  Document,
  FieldCondition,
  Filter,
  FindQuery,
  Page,
  ReadStore,
  Scalar,
} from '../../../../src/read-store/read-store.port.js';

/** A read-only ReadStore over the documents the projection harness produced (the report's queries only). */
export function memoryReadStore(docs: Documents): ReadStore {
  const at = (doc: Document, path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
  const matches = (value: unknown, c: FieldCondition): boolean => {
    if (c === null || typeof c !== 'object') return (value ?? null) === c;
    if ('in' in c) return c.in.includes((value ?? null) as Scalar);
    if ('contains' in c) return Array.isArray(value) && value.includes(c.contains);
    if (value === undefined || value === null) return false;
    const v = value as Scalar & number;
    return (
      (c.gte === undefined || v >= (c.gte as number)) &&
      (c.gt === undefined || v > (c.gt as number)) &&
      (c.lte === undefined || v <= (c.lte as number)) &&
      (c.lt === undefined || v < (c.lt as number))
    );
  };
  const select = (collection: string, filter: Filter = {}) =>
    [...(docs.get(collection) ?? new Map<string, Document>()).entries()].filter(([, d]) =>
      Object.entries(filter).every(([path, c]) => matches(at(d, path), c)),
    );
  const unsupported = () => Promise.reject(new Error('read-only test store'));
  return {
    ensureCollection: async () => undefined,
    get: async <D extends Document>(c: string, id: string) => docs.get(c)?.get(id) as D | undefined,
    getMany: async <D extends Document>(c: string, ids: readonly string[]) =>
      new Map(ids.flatMap((id) => (docs.get(c)?.has(id) ? [[id, docs.get(c)!.get(id) as D] as const] : []))),
    async find<D extends Document>(c: string, q: FindQuery = {}): Promise<Page<D>> {
      const rows = select(c, q.filter).sort(([ia, a], [ib, b]) => {
        const dir = q.sort?.direction === 'desc' ? -1 : 1;
        const [va, vb] = q.sort ? [at(a, q.sort.field), at(b, q.sort.field)] : [ia, ib];
        return (va === vb ? ia.localeCompare(ib) : (va as string) < (vb as string) ? -1 : 1) * dir;
      });
      const start = q.cursor ? Number(q.cursor) : 0;
      const end = start + (q.limit ?? 100);
      return {
        items: rows.slice(start, end).map(([, d]) => structuredClone(d) as D),
        ...(end < rows.length ? { nextCursor: String(end) } : {}),
      };
    },
    count: async (c: string, f?: Filter) => select(c, f).length,
    commit: unsupported,
    getCheckpoint: async () => undefined,
    reset: unsupported,
    acquireLease: async () => true,
    leaseHolder: async () => undefined,
    releaseLease: async () => undefined,
    ping: async () => undefined,
    close: async () => undefined,
  };
}
