import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document, DocumentChange } from '../../src/read-store/read-store.port.js';
import { extract } from '../../src/read-store/sqlite/sqlite-columns.js';
import { pageQuery, whereClause } from '../../src/read-store/sqlite/sqlite-query.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';

/** The embedded read store keeps each declared field in a column of its own (sqlite-columns.ts). */
const dir = mkdtempSync(join(tmpdir(), 'kim-read-store-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const upsert = (collection: string, id: string, doc: Document): DocumentChange => ({
  op: 'upsert',
  collection,
  id,
  doc,
});

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name);

const indexesOf = (db: Database.Database, table: string) =>
  (
    db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
      .all(table) as { name: string; sql: string }[]
  ).sort((a, b) => a.name.localeCompare(b.name));

const trail: [string, Document][] = [
  ['e1', { seq: '001', actor: { sub: 'cw-01' }, active: true, tags: ['a'], n: 1 }],
  ['e2', { seq: '002', actor: { sub: 'cw-02' }, active: 1, tags: ['b'], n: 2 }],
  ['e3', { seq: '003', actor: { sub: 'cw-01' }, active: false, tags: [], n: null }],
  ['e4', { seq: '004', actor: {}, tags: ['a', 'b'] }],
  ['e5', { seq: '005', actor: { sub: 'cw-01' }, active: 0, n: 5 }],
];

describe('the columns of declared fields', () => {
  describe('when a query filters, sorts and pages on declared fields', () => {
    it('uses the plain index (column, id) and sorts without a temporary b-tree', async () => {
      const path = join(dir, 'plan.db');
      const store = openSqliteReadStore({ path });
      await store.ensureCollection({ name: 'trail', indexes: ['actor.sub', 'at'] });
      await store.close();
      const db = new Database(path, { readonly: true });
      const declared = new Set(['actor.sub', 'at']);
      const plan = (q: { sql: string; params: unknown[] }) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[])
          .map((p) => p.detail)
          .join(' ');
      const where = whereClause('trail', declared, { 'actor.sub': 'cw-01' });
      const filtered = plan({ sql: `SELECT id FROM rm_trail WHERE ${where.sql}`, params: where.params });
      const sorted = plan(
        pageQuery('rm_trail', 'trail', declared, { sort: { field: 'at', direction: 'desc' }, limit: 10 }),
      );
      const filteredAndSorted = plan(
        pageQuery('rm_trail', 'trail', declared, {
          filter: { 'actor.sub': 'cw-01' },
          sort: { field: 'id', direction: 'asc' },
          limit: 10,
        }),
      );
      db.close();
      expect(filtered).toMatch(/USING COVERING INDEX cx_rm_trail\.f_actor__sub/);
      expect(sorted).toMatch(/INDEX cx_rm_trail\.f_at/);
      expect(sorted).not.toMatch(/TEMP B-TREE/);
      expect(filteredAndSorted).toMatch(/INDEX cx_rm_trail\.f_actor__sub/);
      expect(filteredAndSorted).not.toMatch(/TEMP B-TREE/);
    });
  });

  describe('when a document is written', () => {
    it('fills the columns in JavaScript with what json_extract would give', () => {
      const doc = {
        s: 'x',
        n: 2.5,
        t: true,
        f: false,
        z: null,
        o: { a: [1, 'b'] },
        d: new Date(0),
        nan: NaN,
        u: undefined,
      };
      const db = new Database(':memory:');
      const json = JSON.stringify(doc);
      for (const field of ['s', 'n', 't', 'f', 'z', 'o', 'o.a', 'd', 'nan', 'u', 'missing', 's.length', 'o.a.length']) {
        const expected = db.prepare(`SELECT json_extract(?, '$.${field}') AS v`).get(json) as { v: unknown };
        const value = extract(doc, field.split('.'));
        expect([field, typeof value === 'bigint' ? Number(value) : value]).toEqual([field, expected.v]);
      }
      db.close();
    });

    it('refuses two declared fields that would share a column', async () => {
      const store = openSqliteReadStore({ path: join(dir, 'clash.db') });
      await expect(store.ensureCollection({ name: 'c', indexes: ['a.b', 'a__b'] })).rejects.toThrow(/share the column/);
      await expect(store.ensureCollection({ name: 'd', indexes: ['name', 'Name'] })).rejects.toThrow(
        /share the column/,
      );
      await expect(store.ensureCollection({ name: 'e', indexes: ['x"; DROP TABLE y; --'] })).rejects.toThrow(/invalid/);
      await store.close();
    });
  });

  describe('when another process adds an indexed field after this one has written the collection', () => {
    it('fills the new column in later writes of this process too', async () => {
      const path = join(dir, 'two.db');
      const a = openSqliteReadStore({ path });
      const b = openSqliteReadStore({ path });
      await a.ensureCollection({ name: 'docs', indexes: ['x'] });
      await a.commit([upsert('docs', '1', { x: 1, y: 'new' })]);
      await b.ensureCollection({ name: 'docs', indexes: ['x', 'y'] });
      await a.commit([upsert('docs', '2', { x: 2, y: 'new' })]);
      expect((await b.find('docs', { filter: { y: 'new' } })).items).toHaveLength(2);
      expect((await a.find('docs', { filter: { y: 'new' } })).items).toHaveLength(2);
      await a.close();
      await b.close();
    });
  });

  describe('when a rebuilt shadow collection is swapped in', () => {
    it('copies the columns and fills those only the live collection declares', async () => {
      const store = openSqliteReadStore({ path: join(dir, 'swap.db') });
      await store.ensureCollection({ name: 'live', indexes: ['old', 'x'] });
      await store.commit([upsert('live', 'gone', { x: 1, old: 'o' })], { projection: 'p', position: 1n });
      await store.ensureCollection({ name: 'shadow', indexes: ['x', 'y'] });
      await store.commit([upsert('shadow', 'a', { x: 1, y: 'a', old: 'o' }), upsert('shadow', 'b', { x: 2, y: 'b' })], {
        projection: 'p_shadow',
        position: 2n,
      });
      const swapped = await store.swapCollections({
        pairs: [{ shadow: 'shadow', live: 'live' }],
        shadowProjection: 'p_shadow',
        liveProjection: 'p',
        onlyIfCaughtUp: false,
      });
      expect(swapped).toBe(true);
      const ids = async (filter: Record<string, unknown>) =>
        (await store.find<Document>('live', { filter: filter as never })).items.map((d) => d.y);
      expect(await ids({ x: 1 })).toEqual(['a']);
      expect(await ids({ y: 'b' })).toEqual(['b']);
      expect(await ids({ old: 'o' })).toEqual(['a']);
      expect(await store.getCheckpoint('p')).toBe(2n);
      await store.close();
    });
  });

  describe('when a collection declares a sorted index [filter, sort]', () => {
    it('reads a filtered page in sort order from that index, also past a cursor, and keeps it through a swap', async () => {
      const path = join(dir, 'sorted.db');
      const store = openSqliteReadStore({ path });
      const spec = { indexes: ['actor.sub', 'seq'], sortedIndexes: [['actor.sub', 'seq']] as const };
      await store.ensureCollection({ name: 'trail', ...spec });
      await store.ensureShadowCollection({ name: 'trail_shadow', ...spec });
      await store.commit(trail.map(([id, doc]) => upsert('trail_shadow', id, doc)));
      await store.swapCollections({
        pairs: [{ shadow: 'trail_shadow', live: 'trail' }],
        shadowProjection: 'trail_shadow',
        liveProjection: 'trail',
        onlyIfCaughtUp: false,
      });
      const first = await store.find<Document>('trail', {
        filter: { 'actor.sub': 'cw-01' },
        sort: { field: 'seq', direction: 'asc' },
        limit: 2,
      });
      const second = await store.find<Document>('trail', {
        filter: { 'actor.sub': 'cw-01' },
        sort: { field: 'seq', direction: 'asc' },
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect([...first.items, ...second.items].map((d) => d.seq)).toEqual(['001', '003', '005']);
      await store.close();
      const db = new Database(path, { readonly: true });
      const declared = new Set(spec.indexes);
      const plan = (q: { sql: string; params: unknown[] }) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[])
          .map((p) => p.detail)
          .join(' ');
      const query = { filter: { 'actor.sub': 'cw-01' }, sort: { field: 'seq', direction: 'asc' as const }, limit: 100 };
      const firstPage = plan(pageQuery('rm_trail', 'trail', declared, query));
      const deepPage = plan(pageQuery('rm_trail', 'trail', declared, { ...query, cursor: first.nextCursor! }));
      const names = indexesOf(db, 'rm_trail').map((i) => i.name);
      db.close();
      // The leading field needs no index of its own: the sorted one serves its filters.
      expect(names).toEqual(['cx_rm_trail.f_actor__sub>f_seq', 'cx_rm_trail.f_seq']);
      for (const detail of [firstPage, deepPage]) {
        expect(detail).toMatch(/INDEX cx_rm_trail\.f_actor__sub>f_seq/);
        expect(detail).not.toMatch(/TEMP B-TREE/);
      }
      expect(deepPage).toMatch(/\(f_actor__sub=\? AND \(f_seq,id\)>\(\?,\?\)\)/);
    });

    it('refuses a pair that names a field the collection does not declare', async () => {
      const store = openSqliteReadStore({ path: join(dir, 'sorted-bad.db') });
      await expect(
        store.ensureCollection({ name: 'trail', indexes: ['seq'], sortedIndexes: [['actor.sub', 'seq']] }),
      ).rejects.toThrow(/not declared/);
      await store.close();
    });
  });

  describe('when a shadow collection is built with its indexes deferred', () => {
    it('answers queries without indexes, and has them built by the swap', async () => {
      const path = join(dir, 'deferred.db');
      const store = openSqliteReadStore({ path });
      await store.ensureShadowCollection({ name: 'items_shadow', indexes: ['k', 'n'] });
      await store.commit([
        upsert('items_shadow', 'a', { k: 'x', n: 2 }),
        upsert('items_shadow', 'b', { k: 'x', n: 1 }),
      ]);
      const db = new Database(path, { readonly: true });
      expect(indexesOf(db, 'rm_items_shadow')).toEqual([]);
      const page = await store.find<Document>('items_shadow', {
        filter: { k: 'x' },
        sort: { field: 'n', direction: 'asc' },
      });
      expect(page.items.map((d) => d.n)).toEqual([1, 2]);
      await store.swapCollections({
        pairs: [{ shadow: 'items_shadow', live: 'items' }],
        shadowProjection: 'items_shadow',
        liveProjection: 'items',
        onlyIfCaughtUp: false,
      });
      expect(indexesOf(db, 'rm_items').map((i) => i.name)).toEqual(['cx_rm_items.f_k', 'cx_rm_items.f_n']);
      db.close();
      expect(await store.count('items', { k: 'x' })).toBe(2);
      await store.close();
    });
  });

  describe('when a process of the previous version created an expression index again', () => {
    it('drops it on the next open', async () => {
      const path = join(dir, 'again.db');
      const store = openSqliteReadStore({ path });
      await store.ensureCollection({ name: 'docs', indexes: ['x'] });
      await store.close();
      const db = new Database(path);
      db.exec(`CREATE INDEX "ix_rm_docs_x" ON rm_docs (json_extract(doc, '$.x'), id)`);
      db.close();
      await openSqliteReadStore({ path }).close();
      const after = new Database(path, { readonly: true });
      expect(indexesOf(after, 'rm_docs').map((i) => i.name)).toEqual(['cx_rm_docs.f_x']);
      after.close();
    });
  });

  describe('when a data file of the previous layout (expression indexes, no columns) is opened', () => {
    const path = join(dir, 'legacy.db');
    beforeAll(() => {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec(`
        CREATE TABLE collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
        CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
        CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE rm_trail (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE INDEX "ix_rm_trail_seq" ON rm_trail (json_extract(doc, '$.seq'), id);
        CREATE INDEX "ix_rm_trail_actor.sub" ON rm_trail (json_extract(doc, '$.actor.sub'), id);
        CREATE INDEX "ix_rm_trail_active" ON rm_trail (json_extract(doc, '$.active'), id);
        CREATE INDEX "ix_rm_trail_tags" ON rm_trail (json_extract(doc, '$.tags'), id);
        CREATE INDEX "ix_rm_trail_n" ON rm_trail (json_extract(doc, '$.n'), id);
      `);
      db.prepare('INSERT INTO collections (name, indexes) VALUES (?, ?)').run(
        'trail',
        JSON.stringify(['seq', 'actor.sub', 'active', 'tags', 'n']),
      );
      db.exec(`CREATE TABLE rm_plain (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      db.prepare('INSERT INTO collections (name, indexes) VALUES (?, ?)').run('plain', '[]');
      db.prepare('INSERT INTO rm_plain (id, doc) VALUES (?, ?)').run('k', JSON.stringify({ key: 'wrapped' }));
      db.prepare('INSERT INTO checkpoints (projection, position) VALUES (?, ?)').run('audit', 42);
      const insert = db.prepare('INSERT INTO rm_trail (id, doc) VALUES (?, ?)');
      for (const [id, doc] of trail) insert.run(id, JSON.stringify(doc));
      // More than one backfill batch.
      for (let i = 0; i < 2500; i++)
        insert.run(`z${String(i).padStart(5, '0')}`, JSON.stringify({ seq: `9${i}`, n: i }));
      db.close();
    });

    it('adds and fills the columns, indexes them and drops the expression indexes', async () => {
      const store = openSqliteReadStore({ path });
      await store.close();
      const db = new Database(path, { readonly: true });
      expect(columnsOf(db, 'rm_trail')).toEqual(['id', 'doc', 'f_seq', 'f_actor__sub', 'f_active', 'f_tags', 'f_n']);
      const indexes = indexesOf(db, 'rm_trail');
      expect(indexes.map((i) => i.name)).toEqual([
        'cx_rm_trail.f_active',
        'cx_rm_trail.f_actor__sub',
        'cx_rm_trail.f_n',
        'cx_rm_trail.f_seq',
        'cx_rm_trail.f_tags',
      ]);
      expect(indexes.some((i) => /json_extract/.test(i.sql))).toBe(false);
      const unfilled = db
        .prepare(
          `SELECT count(*) AS n FROM rm_trail WHERE f_seq IS NOT json_extract(doc, '$.seq') OR f_n IS NOT json_extract(doc, '$.n')`,
        )
        .get() as { n: number };
      expect(unfilled.n).toBe(0);
      db.close();
    });

    it('answers filters, sorts, cursors and counts as before, and keeps the checkpoint', async () => {
      const store = openSqliteReadStore({ path });
      const seqs = async (filter: Record<string, unknown>) =>
        (
          await store.find<Document>('trail', { filter: filter as never, sort: { field: 'seq', direction: 'asc' } })
        ).items.map((d) => d.seq);
      expect(await seqs({ 'actor.sub': 'cw-01' })).toEqual(['001', '003', '005']);
      expect(await seqs({ active: true })).toEqual(['001']);
      expect(await seqs({ active: false })).toEqual(['003']);
      expect(await seqs({ active: { in: [true, false] } })).toEqual(['001', '003']);
      expect(await seqs({ active: null, seq: { lt: '9' } })).toEqual(['004']);
      expect(await seqs({ tags: { contains: 'a' } })).toEqual(['001', '004']);
      expect(await seqs({ n: { gte: 2, lte: 5 } })).toEqual(['002', '005', '92', '93', '94', '95']);
      expect(await store.count('trail', { 'actor.sub': 'cw-01' })).toBe(3);
      expect(await store.count('trail')).toBe(2505);
      const paged: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.find<Document>('trail', {
          filter: { seq: { lt: '9' } },
          sort: { field: 'n', direction: 'desc' },
          limit: 2,
          cursor,
        });
        paged.push(...page.items.map((d) => d.seq));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(['005', '002', '001', '004', '003']);
      expect(await store.getCheckpoint('audit')).toBe(42n);
      expect(await store.get('plain', 'k')).toEqual({ key: 'wrapped' });
      await store.commit([upsert('trail', 'e6', { seq: '006', actor: { sub: 'cw-01' } })]);
      expect(await seqs({ 'actor.sub': 'cw-01' })).toEqual(['001', '003', '005', '006']);
      await store.close();
    });
  });
});
