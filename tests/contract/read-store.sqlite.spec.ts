import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { fixedClock } from '../../src/shared/clock.js';
import { readStoreContract } from './read-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'kim-read-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

readStoreContract('sqlite (file)', () => openSqliteReadStore({ path: join(dir, 'read.db') }));

describe('the embedded SQLite read store', () => {
  describe('when a document is deleted and the WAL is checkpointed', () => {
    it('leaves none of its bytes in the database file', async () => {
      const path = join(dir, 'erase.db');
      const store = openSqliteReadStore({ path });
      await store.ensureCollection({
        name: 'persons',
        indexes: ['municipality'],
      });
      const marker = 'Yilmaz-Oezdemir-unique-marker';
      await store.commit([
        {
          op: 'upsert',
          collection: 'persons',
          id: 'p1',
          doc: { familyName: marker },
        },
      ]);
      await store.checkpointWal();
      expect(readFileSync(path).includes(marker)).toBe(true);
      await store.commit([{ op: 'delete', collection: 'persons', id: 'p1' }]);
      await store.checkpointWal();
      await store.close();
      expect(readFileSync(path).includes(marker)).toBe(false);
    });
  });

  describe('when a query filters and sorts on a declared dotted field', () => {
    it('uses the expression index', async () => {
      const path = join(dir, 'plan.db');
      const store = openSqliteReadStore({ path });
      await store.ensureCollection({
        name: 'trail',
        indexes: ['actor.sub', 'at'],
      });
      await store.close();
      const db = new Database(path, { readonly: true });
      const plan = (sql: string) =>
        (
          db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('cw-01') as {
            detail: string;
          }[]
        )
          .map((p) => p.detail)
          .join(' ');
      const filtered = plan(`SELECT id FROM rm_trail WHERE json_extract(doc, '$.actor.sub') = ?`);
      // The same shape the store generates for a sort: an aliased sort value, ties by id in the same direction.
      const sorted = plan(
        `SELECT id, doc, json_extract(doc, '$.at') AS sort_value FROM rm_trail WHERE id > ? ORDER BY sort_value DESC, id DESC`,
      );
      db.close();
      expect(filtered).toMatch(/USING (COVERING )?INDEX ix_rm_trail_actor\.sub/);
      expect(sorted).toMatch(/INDEX ix_rm_trail_at/);
      expect(sorted).not.toMatch(/TEMP B-TREE/);
    });
  });

  describe('a lease under an injected clock', () => {
    it('expires exactly when the clock passes its ttl', async () => {
      const clock = fixedClock('2026-01-15T09:00:00.000Z');
      const store = openSqliteReadStore({ path: join(dir, 'lease.db'), clock });
      expect(await store.acquireLease('projection:x', 'a', 10_000)).toBe(true);
      clock.advance(9_999);
      expect(await store.acquireLease('projection:x', 'b', 10_000)).toBe(false);
      clock.advance(1);
      expect(await store.acquireLease('projection:x', 'b', 10_000)).toBe(true);
      await store.close();
    });
  });

  it('rejects a collection name that is not lower-case snake case', async () => {
    const store = openSqliteReadStore({ path: join(dir, 'names.db') });
    await expect(store.ensureCollection({ name: 'Bad-Name', indexes: [] })).rejects.toThrow(/invalid collection name/);
    await expect(store.ensureCollection({ name: 'x; DROP TABLE y', indexes: [] })).rejects.toThrow(/invalid/);
    await store.close();
  });
});
