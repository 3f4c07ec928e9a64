import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { BACKSTOP_PAGES } from '../../src/event-store/sqlite/wal-checkpointer.js';
import { testMetadata } from '../support/projection-harness.js';

let dir: string;
let store: SqliteEventStore;
const path = () => join(dir, 'events.db');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kim-wal-'));
  store = openSqliteEventStore({ path: path() });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const append = (n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      store.appendToStream(
        `note-${i % 20}`,
        [{ id: randomUUID(), type: 'Noted', data: { text: 'x'.repeat(800) }, metadata: testMetadata() }],
        'any',
      ),
    ),
  );

describe('a file-backed event store under appends', () => {
  it('has its WAL copied into the database file by the worker, not by a commit', async () => {
    const autocheckpoint = () =>
      (store as unknown as { db: Database.Database }).db.pragma('wal_autocheckpoint', { simple: true });
    expect(autocheckpoint()).toBe(BACKSTOP_PAGES);
    await append(2000);
    const before = statSync(`${path()}-wal`).size;
    expect(before).toBeGreaterThan(1_000_000); // 2,000 events of ~1 KB: far below the backstop's 200 MB
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The database file only grows when a checkpoint copies WAL pages into it; SQLite's own threshold
    // (50,000 pages here) is far away, so only the worker can have done it.
    expect(statSync(path()).size).toBeGreaterThan(1_000_000);
  });

  it('checkpoints inside commits again (SQLite default) when the worker is gone', async () => {
    const internals = store as unknown as {
      db: Database.Database;
      checkpointer: { worker: { terminate(): Promise<number> } };
    };
    await internals.checkpointer.worker.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(internals.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await append(100);
    expect((await store.readAll()).length).toBe(100);
  });
});
