import { randomBytes } from 'node:crypto';
import {
  DocumentExistsError,
  type Document,
  type DocumentChange,
  type ReadStore,
} from '../../src/read-store/read-store.port.js';

/**
 * The behaviour every ReadStore adapter must show. Run it from an adapter spec:
 * `readStoreContract('sqlite', () => openSqliteReadStore({ path }))`. Collection and projection names are
 * unique per run, so the suite can share a database with other runs.
 */
export function readStoreContract(
  name: string,
  open: () => Promise<ReadStore> | ReadStore,
  options: { skip?: string } = {},
): void {
  const block = options.skip ? describe.skip : describe;
  const title = options.skip ? `ReadStore contract: ${name} (skipped: ${options.skip})` : `ReadStore contract: ${name}`;

  block(title, () => {
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    const unique = (prefix: string) => `${prefix}_${run}_${++counter}`;
    let store: ReadStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    const upsert = (collection: string, id: string, doc: Document): DocumentChange => ({
      op: 'upsert',
      collection,
      id,
      doc,
    });

    async function peopleCollection() {
      const collection = unique('people');
      await store.ensureCollection({
        name: collection,
        indexes: ['municipality', 'age', 'tags', 'actor.sub', 'active'],
      });
      const people: [string, Document][] = [
        [
          'p1',
          {
            municipality: 'Velbert',
            age: 30,
            tags: ['a', 'b'],
            actor: { sub: 'cw-01' },
            active: true,
          },
        ],
        [
          'p2',
          {
            municipality: 'Haan',
            age: 45,
            tags: ['b'],
            actor: { sub: 'cw-02' },
            active: false,
          },
        ],
        [
          'p3',
          {
            municipality: 'Velbert',
            age: 45,
            tags: [],
            actor: { sub: 'cw-01' },
            active: true,
          },
        ],
        [
          'p4',
          {
            municipality: 'Hilden',
            age: 22,
            tags: ['c'],
            actor: { sub: 'cw-03' },
            active: true,
          },
        ],
        [
          'p5',
          {
            municipality: null,
            age: 60,
            tags: ['a'],
            actor: { sub: 'cw-02' },
            active: false,
          },
        ],
      ];
      await store.commit(people.map(([id, doc]) => upsert(collection, id, doc)));
      return collection;
    }
    const ids = (items: Document[]) => items.map((d) => d.id ?? d._testId);

    describe('a collection with documents written by commit', () => {
      it('returns a document by id and undefined for an unknown id', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { title: 'Ä ö ß', nested: { n: 1 }, list: [1, 'x'] })]);
        expect(await store.get(c, 'a')).toEqual({
          title: 'Ä ö ß',
          nested: { n: 1 },
          list: [1, 'x'],
        });
        expect(await store.get(c, 'missing')).toBeUndefined();
      });

      it('replaces a document on upsert and removes it on delete', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { v: 1, gone: true }), upsert(c, 'b', { v: 1 })]);
        await store.commit([upsert(c, 'a', { v: 2 }), { op: 'delete', collection: c, id: 'b' }]);
        expect(await store.get(c, 'a')).toEqual({ v: 2 });
        expect(await store.get(c, 'b')).toBeUndefined();
      });

      it('treats deleting an unknown id as nothing to do', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await expect(store.commit([{ op: 'delete', collection: c, id: 'never' }])).resolves.toBeUndefined();
      });

      it('applies changes to the same id in order within one commit', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([
          upsert(c, 'a', { v: 1 }),
          { op: 'delete', collection: c, id: 'a' },
          upsert(c, 'a', { v: 3 }),
        ]);
        expect(await store.get(c, 'a')).toEqual({ v: 3 });
      });

      // Both ways an adapter may write: a collection with indexed fields, and one with none (the SQLite store
      // upserts the latter in one statement).
      it.each([
        ['with indexed fields', ['n', 'round']],
        ['without indexed fields', []],
      ])(
        'applies a long run of upserts in order, %s: new and existing documents mixed, some ids twice',
        async (_what, indexes) => {
          const c = unique('docs');
          await store.ensureCollection({ name: c, indexes });
          await store.commit(Array.from({ length: 150 }, (_, i) => upsert(c, `d${i}`, { n: i, round: 1 })));
          // Every third of the first 150 exists already, the other 150 are new; d9 and d150 come twice, early on.
          const once = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 === 0 || i >= 150);
          const ids = [...once.slice(0, 20), 9, 150, ...once.slice(20)];
          await store.commit(ids.map((i, k) => upsert(c, `d${i}`, { n: i, round: 2, k })));
          expect(await store.count(c)).toBe(300);
          const { items } = await store.find<{ round: number }>(c);
          expect(items.filter((d) => d.round === 2)).toHaveLength(200);
          // The later of the two wins.
          expect(await store.get(c, 'd9')).toEqual({ n: 9, round: 2, k: ids.lastIndexOf(9) });
          expect(await store.get(c, 'd150')).toEqual({ n: 150, round: 2, k: ids.lastIndexOf(150) });
          expect(await store.get(c, 'd1')).toEqual({ n: 1, round: 1 });
          expect(await store.get(c, 'd3')).toEqual({ n: 3, round: 2, k: 1 });
        },
      );

      it('creates with insert, and refuses an insert over an existing id without writing any of the commit', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([{ op: 'insert', collection: c, id: 'k', doc: { v: 1 } }]);
        const second = store.commit([
          upsert(c, 'other', { v: 9 }),
          { op: 'insert', collection: c, id: 'k', doc: { v: 2 } },
        ]);
        await expect(second).rejects.toBeInstanceOf(DocumentExistsError);
        await expect(second).rejects.toMatchObject({ collection: c, id: 'k' });
        expect(await store.get(c, 'k')).toEqual({ v: 1 });
        expect(await store.get(c, 'other')).toBeUndefined();
      });

      it('given commits issued together (projections woken by one event), then each is stored or refused on its own, with its checkpoint', async () => {
        const c = unique('together');
        const [p1, p2, p3] = [unique('proj'), unique('proj'), unique('proj')];
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([{ op: 'insert', collection: c, id: 'taken', doc: { v: 1 } }]);
        const outcomes = await Promise.allSettled([
          store.commit([upsert(c, 'a', { by: 1 })], { projection: p1, position: 5n }),
          store.commit([upsert(c, 'b', { by: 2 }), { op: 'insert', collection: c, id: 'taken', doc: { v: 2 } }], {
            projection: p2,
            position: 5n,
          }),
          store.commit([upsert(c, 'c', { by: 3 })], { projection: p3, position: 5n }),
          // The same projection's batch again (a replay): nothing changes.
          store.commit([upsert(c, 'a', { by: 'replay' })], { projection: p1, position: 5n }),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DocumentExistsError);
        expect(await store.get(c, 'a')).toEqual({ by: 1 });
        expect(await store.get(c, 'b')).toBeUndefined();
        expect(await store.get(c, 'c')).toEqual({ by: 3 });
        expect(await store.get(c, 'taken')).toEqual({ v: 1 });
        expect(await store.getCheckpoint(p1)).toBe(5n);
        expect(await store.getCheckpoint(p2)).toBeUndefined();
        expect(await store.getCheckpoint(p3)).toBe(5n);
      });

      it('returns the found documents of getMany keyed by id, leaving out unknown ids', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { v: 1 }), upsert(c, 'b', { v: 2 }), upsert(c, 'c', { v: 3 })]);
        const found = await store.getMany(c, ['a', 'c', 'zzz']);
        expect([...found.keys()].sort()).toEqual(['a', 'c']);
        expect(found.get('c')).toEqual({ v: 3 });
        expect((await store.getMany(c, [])).size).toBe(0);
      });

      it('gives the ids of a page in the order of its documents (the key rotation enumerates keys by them)', async () => {
        const c = unique('ids');
        await store.ensureCollection({ name: c, indexes: ['n'] });
        await store.commit([upsert(c, 'b', { n: 1 }), upsert(c, 'a', { n: 2 }), upsert(c, 'c', { n: 0 })]);
        const byId = await store.find(c, { limit: 2 });
        expect(byId.ids).toEqual(['a', 'b']);
        const byN = await store.find(c, { sort: { field: 'n', direction: 'asc' } });
        expect(byN.ids).toEqual(['c', 'b', 'a']);
        expect(byN.items.map((d) => d.n)).toEqual([0, 1, 2]);
      });

      it('accepts ensureCollection again for an existing collection without losing documents', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: ['x'] });
        await store.commit([upsert(c, 'a', { x: 1 })]);
        await store.ensureCollection({ name: c, indexes: ['x', 'y'] });
        expect(await store.get(c, 'a')).toEqual({ x: 1 });
        expect((await store.find(c, { filter: { y: 2 } })).items).toEqual([]);
      });

      it('finds documents written before a field was declared by that field', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: ['x'] });
        await store.commit([upsert(c, 'a', { x: 1, y: 'b' }), upsert(c, 'b', { x: 2, y: 'a' })]);
        await store.ensureCollection({ name: c, indexes: ['x', 'y'] });
        expect((await store.find(c, { filter: { y: 'a' } })).items).toEqual([{ x: 2, y: 'a' }]);
        const sorted = await store.find<Document>(c, { sort: { field: 'y', direction: 'asc' } });
        expect(sorted.items.map((d) => d.x)).toEqual([2, 1]);
      });

      it('pages a filter sorted by a second field the same with a sorted index, in both directions', async () => {
        const c = unique('trail');
        await store.ensureCollection({ name: c, indexes: ['actor', 'seq'], sortedIndexes: [['actor', 'seq']] });
        const docs = Array.from({ length: 9 }, (_, i) => ({ actor: i % 3 === 0 ? 'b' : 'a', seq: 9 - i, n: i }));
        await store.commit([
          ...docs.map((d) => upsert(c, `e${d.n}`, d)),
          upsert(c, 'tie', { actor: 'a', seq: 5, n: 9 }),
        ]);
        for (const direction of ['asc', 'desc'] as const) {
          const seen: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.find<Document>(c, {
              filter: { actor: 'a' },
              sort: { field: 'seq', direction },
              limit: 2,
              ...(cursor ? { cursor } : {}),
            });
            seen.push(...page.items.map((d) => d.seq as number));
            cursor = page.nextCursor;
          } while (cursor);
          const expected = [8, 7, 5, 5, 4, 2, 1].sort((x, y) => (direction === 'asc' ? x - y : y - x));
          expect(seen).toEqual(expected);
        }
      });

      it('finds a document by a field whose value changed with an upsert, and no longer by the old value', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: ['x'] });
        await store.commit([upsert(c, 'a', { x: 'old' })]);
        await store.commit([upsert(c, 'a', { x: 'new' })]);
        await store.commit([upsert(c, 'a', { x: 'new' })]);
        expect(await store.count(c, { x: 'old' })).toBe(0);
        expect(await store.count(c, { x: 'new' })).toBe(1);
      });

      it('keeps the other indexed values when an upsert changes one, and tells a changed true from 1', async () => {
        const c = unique('docs');
        await store.ensureCollection({ name: c, indexes: ['x', 'y', 'flag'] });
        await store.commit([upsert(c, 'a', { x: 'same', y: 1, flag: true, note: 'first' })]);
        await store.commit([upsert(c, 'a', { x: 'same', y: 2, flag: 1, note: 'second' })]);
        expect((await store.find(c, { filter: { x: 'same', y: 2 } })).items).toEqual([
          { x: 'same', y: 2, flag: 1, note: 'second' },
        ]);
        expect(await store.count(c, { y: 1 })).toBe(0);
        expect(await store.count(c, { flag: true })).toBe(0);
        await store.commit([upsert(c, 'a', { x: 'same', y: 2, flag: true, note: 'third' })]);
        expect(await store.count(c, { flag: true })).toBe(1);
      });
    });

    describe('find with a filter on declared fields', () => {
      let c: string;
      beforeAll(async () => {
        c = await peopleCollection();
      });
      const found = async (filter: Record<string, unknown>) =>
        (await store.find<Document>(c, { filter: filter as never })).items.map((d) => d.age).sort();

      it('matches equality on a string, a number and a boolean', async () => {
        expect(await found({ municipality: 'Velbert' })).toEqual([30, 45]);
        expect(await found({ age: 45 })).toEqual([45, 45]);
        expect(await found({ active: false })).toEqual([45, 60]);
      });

      it('matches equality on a dotted path', async () => {
        expect(await found({ 'actor.sub': 'cw-02' })).toEqual([45, 60]);
      });

      it('tells a boolean from the number 1 or 0', async () => {
        const c2 = unique('flags');
        await store.ensureCollection({ name: c2, indexes: ['flag'] });
        await store.commit([
          upsert(c2, 'b1', { flag: true }),
          upsert(c2, 'n1', { flag: 1 }),
          upsert(c2, 'b0', { flag: false }),
          upsert(c2, 'n0', { flag: 0 }),
        ]);
        expect(await store.count(c2, { flag: true })).toBe(1);
        expect(await store.count(c2, { flag: false })).toBe(1);
        expect(await store.count(c2, { flag: { in: [true, false] } })).toBe(2);
      });

      it('matches null equality for a null field', async () => {
        expect(await found({ municipality: null })).toEqual([60]);
      });

      it('matches a value from an in-list', async () => {
        expect(await found({ municipality: { in: ['Haan', 'Hilden'] } })).toEqual([22, 45]);
        expect(await found({ municipality: { in: [] } })).toEqual([]);
      });

      it('matches ranges with inclusive and exclusive bounds', async () => {
        expect(await found({ age: { gte: 30, lt: 60 } })).toEqual([30, 45, 45]);
        expect(await found({ age: { gt: 30, lte: 60 } })).toEqual([45, 45, 60]);
        expect(await found({ age: { lt: 30 } })).toEqual([22]);
      });

      it('matches contains on an array field', async () => {
        expect(await found({ tags: { contains: 'a' } })).toEqual([30, 60]);
        expect(await found({ tags: { contains: 'zzz' } })).toEqual([]);
      });

      it('combines conditions on several fields with and', async () => {
        expect(
          await found({
            municipality: 'Velbert',
            age: { gt: 40 },
            'actor.sub': 'cw-01',
          }),
        ).toEqual([45]);
      });

      it('counts the matching documents', async () => {
        expect(await store.count(c)).toBe(5);
        expect(await store.count(c, { tags: { contains: 'b' } })).toBe(2);
        expect(await store.count(c, { age: { gte: 100 } })).toBe(0);
      });

      it('rejects a filter or a sort on an undeclared field', async () => {
        await expect(store.find(c, { filter: { secret: 'x' } })).rejects.toThrow(/secret/);
        await expect(store.find(c, { sort: { field: 'secret', direction: 'asc' } })).rejects.toThrow(/secret/);
        await expect(store.count(c, { secret: 1 })).rejects.toThrow(/secret/);
      });
    });

    describe('find with a sort', () => {
      let c: string;
      beforeAll(async () => {
        c = await peopleCollection();
      });
      const order = async (direction: 'asc' | 'desc') =>
        (await store.find<Document>(c, { sort: { field: 'age', direction } })).items.map((d) => d.age);

      it('orders ascending and descending by the field', async () => {
        expect(await order('asc')).toEqual([22, 30, 45, 45, 60]);
        expect(await order('desc')).toEqual([60, 45, 45, 30, 22]);
      });

      it('breaks ties by id in the direction of the sort', async () => {
        const asc = await store.find<Document>(c, {
          filter: { age: 45 },
          sort: { field: 'age', direction: 'asc' },
        });
        const desc = await store.find<Document>(c, {
          filter: { age: 45 },
          sort: { field: 'age', direction: 'desc' },
        });
        expect(asc.items.map((d) => d.municipality)).toEqual(['Haan', 'Velbert']); // p2, p3
        expect(desc.items.map((d) => d.municipality)).toEqual(['Velbert', 'Haan']);
      });

      it('orders by id when no sort is given', async () => {
        const page = await store.find<Document>(c);
        expect(page.items.map((d) => d.age)).toEqual([30, 45, 45, 22, 60]); // p1..p5
        expect(page.nextCursor).toBeUndefined();
      });
    });

    describe('cursor pagination', () => {
      const size = 57;
      let c: string;
      beforeAll(async () => {
        c = unique('paged');
        await store.ensureCollection({ name: c, indexes: ['group', 'n'] });
        const changes = Array.from({ length: size }, (_, i) =>
          upsert(c, `id-${String(i).padStart(3, '0')}`, {
            _testId: `id-${String(i).padStart(3, '0')}`,
            group: i % 4,
            n: i,
          }),
        );
        await store.commit(changes);
      });

      async function all(
        sort?: { field: string; direction: 'asc' | 'desc' },
        limit = 10,
        between?: () => Promise<void>,
      ) {
        const seen: Document[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.find<Document>(c, { sort, limit, cursor });
          seen.push(...page.items);
          cursor = page.nextCursor;
          if (between) await between();
          pages++;
        } while (cursor && pages < 100);
        return { seen, pages };
      }

      it('visits every document exactly once in id order with the default sort', async () => {
        const { seen } = await all(undefined, 10);
        expect(seen).toHaveLength(size);
        expect(new Set(ids(seen)).size).toBe(size);
        expect(ids(seen)).toEqual([...ids(seen)].sort());
      });

      it.each(['asc', 'desc'] as const)(
        'visits every document exactly once sorted %s on a field with ties',
        async (direction) => {
          const { seen } = await all({ field: 'group', direction }, 7);
          expect(new Set(ids(seen)).size).toBe(size);
          expect(seen).toHaveLength(size);
          const groups = seen.map((d) => d.group as number);
          expect(groups).toEqual([...groups].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
        },
      );

      it('returns no cursor after the last page and honours the limit', async () => {
        const first = await store.find(c, { limit: 20 });
        expect(first.items).toHaveLength(20);
        expect(first.nextCursor).toBeDefined();
        const exact = await store.find(c, { limit: size });
        expect(exact.items).toHaveLength(size);
        const rest = await store.find(c, {
          limit: size,
          cursor: first.nextCursor,
        });
        expect(rest.items).toHaveLength(size - 20);
        expect(rest.nextCursor).toBeUndefined();
      });

      it('stays stable when documents are inserted before the cursor while paging', async () => {
        const c2 = unique('paged');
        await store.ensureCollection({ name: c2, indexes: ['n'] });
        await store.commit(
          Array.from({ length: 20 }, (_, i) => upsert(c2, `m-${String(i).padStart(2, '0')}`, { n: 100 + i })),
        );
        const seen: string[] = [];
        let cursor: string | undefined;
        let inserted = 0;
        do {
          const page = await store.find<Document>(c2, {
            sort: { field: 'n', direction: 'asc' },
            limit: 6,
            cursor,
          });
          seen.push(...page.items.map((d) => String(d.n)));
          cursor = page.nextCursor;
          // A new document sorting before everything already seen must not shift the next page.
          await store.commit([upsert(c2, `a-${inserted}`, { n: inserted++ })]);
        } while (cursor);
        expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => String(100 + i)));
      });

      it.each(['asc', 'desc'] as const)(
        'visits every document exactly once sorted %s on a field that is null or missing in some',
        async (direction) => {
          const c2 = unique('paged');
          await store.ensureCollection({ name: c2, indexes: ['n'] });
          await store.commit(
            Array.from({ length: 23 }, (_, i) => {
              const id = `k-${String(i).padStart(2, '0')}`;
              return upsert(
                c2,
                id,
                i % 3 === 0 ? { _testId: id } : i % 3 === 1 ? { _testId: id, n: null } : { _testId: id, n: i % 5 },
              );
            }),
          );
          const seen: Document[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.find<Document>(c2, { sort: { field: 'n', direction }, limit: 4, cursor });
            seen.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor);
          expect(new Set(ids(seen)).size).toBe(23);
          expect(seen).toHaveLength(23);
          // Null and missing sort before every value, ascending; ties by id in the direction of the sort.
          const key = (d: Document) => [typeof d.n === 'number' ? 1 : 0, d.n ?? -1, String(d._testId)] as const;
          const expected = [...seen].sort((x, y) => {
            const [a, b] = [key(x), key(y)];
            const cmp = a[0] - b[0] || (a[1] as number) - (b[1] as number) || a[2].localeCompare(b[2]);
            return direction === 'asc' ? cmp : -cmp;
          });
          expect(ids(seen)).toEqual(ids(expected));
        },
      );

      it('combines a cursor with a filter', async () => {
        const seen: Document[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.find<Document>(c, {
            filter: { group: 1 },
            sort: { field: 'n', direction: 'desc' },
            limit: 4,
            cursor,
          });
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        const expected = Array.from({ length: size }, (_, i) => i)
          .filter((i) => i % 4 === 1)
          .reverse();
        expect(seen.map((d) => d.n)).toEqual(expected);
      });
    });

    describe('checkpoints', () => {
      it('has no checkpoint for a projection that never committed', async () => {
        expect(await store.getCheckpoint(unique('proj'))).toBeUndefined();
      });

      it('moves the checkpoint together with the documents', async () => {
        const c = unique('docs');
        const p = unique('proj');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { v: 1 })], {
          projection: p,
          position: 10n,
        });
        expect(await store.getCheckpoint(p)).toBe(10n);
        expect(await store.get(c, 'a')).toEqual({ v: 1 });
      });

      it('keeps positions beyond the safe integer range exact', async () => {
        const p = unique('proj');
        const big = 2n ** 60n + 7n;
        await store.commit([], { projection: p, position: big });
        expect(await store.getCheckpoint(p)).toBe(big);
        await store.commit([], { projection: p, position: big + 1n });
        expect(await store.getCheckpoint(p)).toBe(big + 1n);
      });

      it('ignores a whole batch at or behind the stored checkpoint (a replay changes nothing)', async () => {
        const c = unique('docs');
        const p = unique('proj');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { v: 2 })], {
          projection: p,
          position: 20n,
        });
        await store.commit([upsert(c, 'a', { v: 99 }), upsert(c, 'b', { v: 99 })], { projection: p, position: 20n });
        await store.commit([{ op: 'delete', collection: c, id: 'a' }], {
          projection: p,
          position: 5n,
        });
        expect(await store.get(c, 'a')).toEqual({ v: 2 });
        expect(await store.get(c, 'b')).toBeUndefined();
        expect(await store.getCheckpoint(p)).toBe(20n);
      });

      it('keeps checkpoints of different projections apart', async () => {
        const p1 = unique('proj');
        const p2 = unique('proj');
        await store.commit([], { projection: p1, position: 30n });
        await store.commit([], { projection: p2, position: 3n });
        expect(await store.getCheckpoint(p1)).toBe(30n);
        expect(await store.getCheckpoint(p2)).toBe(3n);
      });

      it('writes nothing, not even the checkpoint, when a change in the batch fails', async () => {
        const c = unique('docs');
        const p = unique('proj');
        await store.ensureCollection({ name: c, indexes: [] });
        await store.commit([upsert(c, 'a', { v: 1 })], {
          projection: p,
          position: 1n,
        });
        const bad = [upsert(c, 'a', { v: 2 }), upsert(unique('nosuchcollection'), 'x', { v: 1 })];
        await expect(store.commit(bad, { projection: p, position: 2n })).rejects.toThrow();
        expect(await store.get(c, 'a')).toEqual({ v: 1 });
        expect(await store.getCheckpoint(p)).toBe(1n);
      });
    });

    describe('reset', () => {
      it('drops the documents of the given collections and the checkpoint, leaving others alone', async () => {
        const c1 = unique('docs');
        const c2 = unique('docs');
        const other = unique('docs');
        const p = unique('proj');
        const q = unique('proj');
        for (const name of [c1, c2, other]) await store.ensureCollection({ name, indexes: ['v'] });
        await store.commit([upsert(c1, 'a', { v: 1 }), upsert(c2, 'b', { v: 1 })], { projection: p, position: 7n });
        await store.commit([upsert(other, 'c', { v: 1 })], {
          projection: q,
          position: 7n,
        });
        await store.reset(p, [c1, c2]);
        expect(await store.count(c1)).toBe(0);
        expect(await store.count(c2)).toBe(0);
        expect(await store.getCheckpoint(p)).toBeUndefined();
        expect(await store.get(other, 'c')).toEqual({ v: 1 });
        expect(await store.getCheckpoint(q)).toBe(7n);
        // After a reset the projection starts again from the beginning and can write, and query, once more.
        await store.commit([upsert(c1, 'a', { v: 5 })], {
          projection: p,
          position: 1n,
        });
        expect((await store.find(c1, { filter: { v: 5 } })).items).toEqual([{ v: 5 }]);
      });
    });

    describe('swapping a rebuilt shadow in (stores that can; issue 13: never an empty live read model)', () => {
      interface Swapping {
        swapCollections(swap: {
          pairs: readonly { shadow: string; live: string }[];
          shadowProjection: string;
          liveProjection: string;
          onlyIfCaughtUp: boolean;
        }): Promise<boolean>;
        dropCollections(names: readonly string[]): Promise<void>;
        ensureShadowCollection?(spec: {
          name: string;
          indexes: readonly string[];
          sortedIndexes?: readonly (readonly [string, string])[];
        }): Promise<void>;
      }
      const swapping = () => store as unknown as ReadStore & Swapping;
      const canSwap = () => typeof (store as Partial<Swapping>).swapCollections === 'function';

      async function liveAndShadow() {
        const live = unique('swap_live');
        const shadow = `${live}__rebuild`;
        const [liveProjection, shadowProjection] = [unique('swap_projection'), unique('swap_projection_shadow')];
        const spec = { indexes: ['kind', 'n'], sortedIndexes: [['kind', 'n']] as [string, string][] };
        await store.ensureCollection({ name: live, ...spec });
        await store.commit(
          [upsert(live, 'old-1', { kind: 'old', n: 1 }), upsert(live, 'old-2', { kind: 'old', n: 2 })],
          {
            projection: liveProjection,
            position: 5n,
          },
        );
        const ensureShadow = swapping().ensureShadowCollection?.bind(store) ?? store.ensureCollection.bind(store);
        await ensureShadow({ name: shadow, ...spec });
        await store.commit(
          Array.from({ length: 30 }, (_, i) => upsert(shadow, `new-${i}`, { kind: i % 2 ? 'odd' : 'even', n: i })),
          { projection: shadowProjection, position: 9n },
        );
        return { live, shadow, liveProjection, shadowProjection };
      }

      it('replaces the live documents and checkpoint by the shadow ones, with the declared fields queryable', async () => {
        if (!canSwap()) return;
        const { live, shadow, liveProjection, shadowProjection } = await liveAndShadow();
        // Until the swap, the live collection answers with its old documents.
        expect(await store.count(live)).toBe(2);
        const swapped = await swapping().swapCollections({
          pairs: [{ shadow, live }],
          shadowProjection,
          liveProjection,
          onlyIfCaughtUp: false,
        });
        expect(swapped).toBe(true);
        expect(await store.get(live, 'old-1')).toBeUndefined();
        expect(await store.count(live)).toBe(30);
        const page = await store.find(live, {
          filter: { kind: 'odd' },
          sort: { field: 'n', direction: 'desc' },
          limit: 2,
        });
        expect(page.items.map((d) => d.n)).toEqual([29, 27]);
        expect(await store.getCheckpoint(liveProjection)).toBe(9n);
        expect(await store.getCheckpoint(shadowProjection)).toBeUndefined();
        await expect(store.find(shadow)).rejects.toThrow();
      });

      it('refuses a swap that must wait for the live projection to catch up, and changes nothing', async () => {
        if (!canSwap()) return;
        const { live, shadow, liveProjection, shadowProjection } = await liveAndShadow();
        const swapped = await swapping().swapCollections({
          pairs: [{ shadow, live }],
          shadowProjection,
          liveProjection,
          onlyIfCaughtUp: true,
        });
        expect(swapped).toBe(false);
        expect(await store.count(live)).toBe(2);
        expect(await store.getCheckpoint(liveProjection)).toBe(5n);
        expect(await store.count(shadow)).toBe(30);
        await swapping().dropCollections([shadow, unique('never_created')]);
        await expect(store.find(shadow)).rejects.toThrow();
      });
    });

    describe('leases', () => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

      it('grants a free lease and lets its holder renew it', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
      });

      it('refuses a lease held by another holder until it expires', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
        expect(await store.acquireLease(lease, 'node-b', 60_000)).toBe(false);
      });

      it('lets another holder take over an expired lease, after which the old holder cannot renew', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 50)).toBe(true);
        await sleep(250);
        expect(await store.acquireLease(lease, 'node-b', 60_000)).toBe(true);
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(false);
      });

      it('names the holder of a lease until it expires', async () => {
        const lease = unique('lease');
        expect(await store.leaseHolder(lease)).toBeUndefined();
        expect(await store.acquireLease(lease, 'node-a', 150)).toBe(true);
        expect(await store.leaseHolder(lease)).toBe('node-a');
        await sleep(300);
        expect(await store.leaseHolder(lease)).toBeUndefined();
      });

      it('hands a held lease over at once to a holder replacing exactly that holder, and to no other', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
        expect(await store.acquireLease(lease, 'node-c', 60_000, { replacing: 'node-x' })).toBe(false);
        expect(await store.acquireLease(lease, 'node-b', 60_000, { replacing: 'node-a' })).toBe(true);
        expect(await store.leaseHolder(lease)).toBe('node-b');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(false);
      });

      it('frees a released lease for another holder at once', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
        await store.releaseLease(lease, 'node-a');
        expect(await store.acquireLease(lease, 'node-b', 60_000)).toBe(true);
      });

      it('ignores a release by someone who does not hold the lease', async () => {
        const lease = unique('lease');
        expect(await store.acquireLease(lease, 'node-a', 60_000)).toBe(true);
        await store.releaseLease(lease, 'node-b');
        expect(await store.acquireLease(lease, 'node-b', 60_000)).toBe(false);
      });

      it('grants a contested free lease to exactly one of several concurrent holders', async () => {
        const lease = unique('lease');
        const results = await Promise.all(['a', 'b', 'c', 'd'].map((h) => store.acquireLease(lease, h, 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
