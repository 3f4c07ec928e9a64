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
