/**
 * Issue 19: the embedded store makes a commit durable off the event loop (wal-syncer.ts). Nobody may learn
 * of a commit before it is durable: not its caller, not the chain-head file, not a subscription feeding a
 * read model — in this process or in the projection worker's connection. A failed sync refuses every
 * further write. (A power cut itself cannot be staged here; see tests/integration/event-store-crash.spec.ts.)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteAppendWriter } from '../../src/event-store/sqlite/sqlite-append-writer.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { configureConnection } from '../../src/event-store/sqlite/sqlite-schema.js';
import { initChainFormat } from '../../src/event-store/sqlite/sqlite-chain.js';
import type { CommitSyncer } from '../../src/event-store/sqlite/wal-syncer.js';
import { systemClock } from '../../src/shared/clock.js';
import { testMetadata } from '../support/projection-harness.js';

/** A syncer whose fsyncs end when the test says so. */
class HeldSyncer implements CommitSyncer {
  readonly held: ((error: Error | null) => void)[] = [];
  afterCommit(done: (error: Error | null) => void): void {
    this.held.push(done);
  }
  release(error: Error | null = null): void {
    for (const done of this.held.splice(0)) done(error);
  }
  async drain(): Promise<void> {}
  async close(): Promise<void> {}
}

const event = (i: number) => ({
  id: `e-${i}`,
  type: 'Noted',
  data: { i },
  metadata: testMetadata({ commandId: `c-${i}` }),
});
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('durable commits off the event loop', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kim-durable-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writerWith(syncer: HeldSyncer) {
    const db = new Database(join(dir, 'events.db'));
    configureConnection(db);
    const format2From = initChainFormat(db);
    const announced: number[] = [];
    const writer = new SqliteAppendWriter(
      db,
      systemClock,
      (head) => announced.push(head.position),
      true,
      { format2From, cut: () => undefined, anchored: false },
      syncer,
    );
    return { db, writer, announced };
  }

  it('given a commit whose sync has not ended, then its append is not answered, not announced, and read no further than the durable position', async () => {
    const syncer = new HeldSyncer();
    const { db, writer, announced } = writerWith(syncer);
    let answered = false;
    const append = writer.append('s-1', [event(1), event(2)], 'no_stream').then((r) => ((answered = true), r));
    await turn();
    await turn();
    expect(syncer.held).toHaveLength(1);
    expect(answered).toBe(false);
    expect(announced).toEqual([]);
    expect(writer.readCap).toBe(0n);

    syncer.release();
    expect((await append).position).toBe(2n);
    expect(announced).toEqual([2]);
    expect(writer.readCap).toBeUndefined();
    db.close();
  });

  it('given a commit being synced, when more appends arrive, then they wait and are committed together after it', async () => {
    const syncer = new HeldSyncer();
    const { db, writer } = writerWith(syncer);
    const first = writer.append('s-1', [event(1)], 'no_stream');
    await turn();
    const later = [writer.append('s-2', [event(2)], 'no_stream')];
    await turn();
    later.push(writer.append('s-3', [event(3)], 'no_stream'));
    await turn();
    const stored = () => db.prepare('SELECT count(*) FROM events').pluck().get();
    expect(stored()).toBe(1);
    expect(syncer.held).toHaveLength(1);

    syncer.release();
    await first;
    await turn();
    expect(stored()).toBe(3);
    expect(syncer.held).toHaveLength(1); // one commit, one sync for both
    syncer.release();
    expect((await Promise.all(later)).map((r) => r.position)).toEqual([2n, 3n]);
    db.close();
  });

  it('given a failed sync, then the appends of that commit and every later one are refused', async () => {
    const syncer = new HeldSyncer();
    const { db, writer, announced } = writerWith(syncer);
    const first = writer.append('s-1', [event(1)], 'no_stream');
    await turn();
    syncer.release(new Error('EIO'));
    await expect(first).rejects.toThrow(/could not make a commit durable \(EIO\)/);
    await expect(writer.append('s-2', [event(2)], 'no_stream')).rejects.toThrow(/restart the service/);
    expect(announced).toEqual([]);
    db.close();
  });

  it('given the projection worker’s connection, when the writer reports a commit not yet durable, then its subscription stops before it', async () => {
    const path = join(dir, 'events.db');
    const writer = openSqliteEventStore({ path });
    await writer.appendToStream('s-1', [event(1)], 'no_stream');
    await writer.appendToStream('s-1', [event(2)], 0);
    // As the service's host reports it: position 2 committed, only 1 durable so far.
    let reported = { committedThrough: 2n, durableThrough: 1n };
    const reader = openSqliteEventStore({ path, checkpointWal: false, writerDurability: () => reported });
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ filter: { eventTypes: ['Noted'] } });
    const consuming = (async () => {
      for await (const e of subscription) seen.push(e);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((e) => e.position)).toEqual([1n]);

    reported = { committedThrough: 2n, durableThrough: 2n };
    reader.noticeCommitElsewhere();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((e) => e.position)).toEqual([1n, 2n]);
    await subscription.unsubscribe();
    await consuming;
    await reader.close();
    await writer.close();
  });

  it('given a commit that began while the worker read, then the page keeps only what was durable before', async () => {
    const path = join(dir, 'events.db');
    const writer = openSqliteEventStore({ path });
    await writer.appendToStream('s-1', [event(1), event(2), event(3)], 'no_stream');
    // The first look says nothing is pending (committed = durable = 1); by the second, a commit through 3 began.
    const looks = [
      { committedThrough: 1n, durableThrough: 1n },
      { committedThrough: 3n, durableThrough: 1n },
    ];
    let look = 0;
    const reader = openSqliteEventStore({
      path,
      checkpointWal: false,
      writerDurability: () => looks[Math.min(look++, looks.length - 1)]!,
    });
    const subscription = reader.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect((first.value as RecordedEvent).position).toBe(1n);
    const next = await Promise.race([
      iterator.next(),
      new Promise((resolve) => setTimeout(() => resolve('none'), 100)),
    ]);
    expect(next).toBe('none'); // 2 and 3 were committed while it read, not yet durable: not delivered
    await subscription.unsubscribe();
    await reader.close();
    await writer.close();
  });
});
