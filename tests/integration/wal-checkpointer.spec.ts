import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { BACKSTOP_PAGES, RESTART_FRAMES } from '../../src/sqlite/wal-checkpointer.js';
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

  // 6,000 serial commits: seconds on an idle machine, far more when the suite shares two cores.
  it('starts its WAL again from the top under a steady stream of single appends', async () => {
    // One writer, one command at a time: the worker's checkpoints alone never catch up with the last
    // frame, so without the fence the WAL would grow by every commit (here by >= 6 frames each: a 12 KB
    // event spans overflow pages), to ~36,000 frames.
    const pageBytes = 4096 + 24;
    const commands = 6000;
    for (let i = 0; i < commands; i++) {
      await store.appendToStream(
        'one-writer',
        [{ id: randomUUID(), type: 'Noted', data: { text: 'y'.repeat(12_000) }, metadata: testMetadata() }],
        i === 0 ? 'no_stream' : i - 1,
      );
    }
    // Frames added between the worker's report and the fenced checkpoint: a few hundred at most.
    expect(statSync(`${path()}-wal`).size).toBeLessThan((RESTART_FRAMES + 3_000) * pageBytes);
    expect((await store.readStream('one-writer')).length).toBe(commands);
  }, 120_000);

  it('queues appends while a fence holds them and writes them once it ends, also when closing', async () => {
    const writer = (store as unknown as { writer: { holdWrites(): () => void } }).writer;
    const release = writer.holdWrites();
    let settled = false;
    const pending = append(5).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    release();
    await pending;
    expect((await store.readAll()).length).toBe(5);

    writer.holdWrites();
    const duringClose = append(3);
    await store.close(); // closing writes what is queued, held or not: nothing is left hanging
    await expect(duringClose).resolves.toHaveLength(3);
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

describe('the service read store, checkpointed from a worker', () => {
  // 6,000 serial commits: seconds on an idle machine, far more when the suite shares two cores.
  it('starts its WAL again from the top under a steady stream of projection commits', async () => {
    // The read store cannot hold its commits; it copies the last frames itself between two transactions.
    const readStore = openSqliteReadStore({
      path: join(dir, 'read.db'),
      durability: 'normal',
      checkpointInWorker: true,
    });
    try {
      await readStore.ensureCollection({ name: 'notes', indexes: [] });
      const commits = 8000; // ~6 frames each (a 12 KB document spans overflow pages): ~48,000 without restarts
      for (let i = 0; i < commits; i++) {
        await readStore.commit(
          [{ op: 'upsert', collection: 'notes', id: `n-${i}`, doc: { text: 'z'.repeat(12_000) } }],
          { projection: 'notes', position: BigInt(i + 1) },
        );
        // Timers (the checkpointer's ticks) run between batches, as they do between a runner's batches.
        if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // This writer adds ~50,000 frames a second: some thousands between the worker's report and the next tick.
      expect(statSync(join(dir, 'read.db-wal')).size).toBeLessThan((RESTART_FRAMES + 10_000) * (4096 + 24));
      expect(await readStore.count('notes')).toBe(commits);
    } finally {
      await readStore.close();
    }
  });
});
