import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { applyBatch } from '../../src/projection-runner/apply-batch.js';
import { ProjectionRunners } from '../../src/projection-runner/projection-runners.js';
import { rebuildProjection } from '../../src/projection-runner/rebuild-projection.js';
import { rebuildProjections } from '../../src/projection-runner/rebuild-projections.js';
import type { Document, ReadStore } from '../../src/read-store/read-store.port.js';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { testMetadata } from '../support/projection-harness.js';

/**
 * A deliberately non-idempotent projection: it adds to a counter per stream, so an event applied twice
 * shows up as a wrong total. `factor` stands for a changed projection between versions.
 */
const tally = (options: { version?: number; factor?: number; failOn?: string } = {}): ProjectionDefinition => ({
  name: 'tally',
  version: options.version ?? 1,
  collections: [{ name: 'tally_streams', indexes: ['total'] }],
  eventTypes: ['Ticked'],
  async apply(event, ctx) {
    if (event.data.note === options.failOn) throw new Error(`cannot tally "${options.failOn}"`);
    const doc = (await ctx.get<{ total: number; events: number }>('tally_streams', event.streamName)) ?? {
      total: 0,
      events: 0,
    };
    const amount = (event.data.amount as number) * (options.factor ?? 1);
    ctx.put('tally_streams', event.streamName, {
      total: doc.total + amount,
      events: doc.events + 1,
    });
  },
});

/** A second projection in the same process, to show that one projection's failure leaves others running. */
const lastNote: ProjectionDefinition = {
  name: 'last_note',
  version: 1,
  collections: [{ name: 'last_notes', indexes: [] }],
  eventTypes: ['Ticked'],
  apply(event, ctx) {
    ctx.put('last_notes', event.streamName, { note: event.data.note });
  },
};

let dir: string;
let eventStore: SqliteEventStore;
const opened: { close(): Promise<void> }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kim-runner-'));
  eventStore = openSqliteEventStore({ path: join(dir, 'events.db') });
  opened.push(eventStore);
});
afterEach(async () => {
  while (opened.length) await opened.shift()!.close();
  rmSync(dir, { recursive: true, force: true });
});

function readStore(name = 'read.db'): SqliteReadStore {
  const store = openSqliteReadStore({ path: join(dir, name) });
  opened.unshift(store);
  return store;
}

function runners(read: ReadStore, projections: ProjectionDefinition[], log: string[] = []) {
  const r = new ProjectionRunners({
    eventStore,
    readStore: read,
    projections,
    batchSize: 7,
    log: (l) => log.push(l),
  });
  opened.unshift({ close: () => r.stop() });
  return r;
}

async function tick(store: EventStore, count: number, note = 'ok', streams = 5): Promise<bigint> {
  let position = 0n;
  for (let i = 0; i < count; i++) {
    const stream = `tick-${i % streams}`;
    const events = [
      {
        id: randomUUID(),
        type: 'Ticked',
        data: { amount: i + 1, note },
        metadata: testMetadata(),
      },
    ];
    const other = {
      id: randomUUID(),
      type: 'Ignored',
      data: {},
      metadata: testMetadata(),
    };
    position = (await store.appendToStream(stream, i % 3 === 0 ? [...events, other] : events, 'any')).position;
  }
  return position;
}

const all = async (store: ReadStore, collection: string) =>
  (await store.find<Document>(collection, { limit: 1000 })).items;

describe('a projection runner following the global log', () => {
  describe('when events arrive before and while it runs', () => {
    it('ends with the same documents as a rebuild from scratch', async () => {
      const live = readStore();
      await tick(eventStore, 40);
      const r = runners(live, [tally()]);
      r.start();
      const head = await tick(eventStore, 35);
      await r.waitFor(head);
      const fresh = readStore('fresh.db');
      await rebuildProjection({
        eventStore,
        readStore: fresh,
        projection: tally(),
        holder: 'test',
      });
      const expectedTotal = await loggedTotal();
      const docs = await all(live, 'tally_streams');
      expect(docs.reduce((sum, d) => sum + (d.total as number), 0)).toBe(expectedTotal);
      expect(docs).toEqual(await all(fresh, 'tally_streams'));
      expect(await fresh.getCheckpoint('tally')).toBe(await live.getCheckpoint('tally'));
    });

    it('reports itself running with its checkpoint', async () => {
      const r = runners(readStore(), [tally()]);
      r.start();
      const head = await tick(eventStore, 3);
      await r.waitFor(head);
      expect(r.status()).toEqual([
        expect.objectContaining({
          name: 'tally',
          state: 'running',
          checkpoint: expect.any(String),
        }),
      ]);
    });
  });

  describe('when a batch it already committed is applied again', () => {
    it('changes nothing', async () => {
      const store = readStore();
      const head = await tick(eventStore, 20);
      const r = runners(store, [tally()]);
      r.start();
      await r.waitFor(head);
      const before = await all(store, 'tally_streams');
      const checkpoint = await store.getCheckpoint('tally');
      const replay = await eventStore.readAll({
        maxCount: 12,
        filter: { eventTypes: ['Ticked'] },
      });
      await applyBatch(tally(), replay, store);
      expect(await all(store, 'tally_streams')).toEqual(before);
      expect(await store.getCheckpoint('tally')).toBe(checkpoint);
    });
  });

  describe('when a projection throws on an event', () => {
    it('stops that projection before the event, logs one clear line and keeps the others running', async () => {
      const store = readStore();
      const log: string[] = [];
      await tick(eventStore, 10);
      const poison = {
        id: randomUUID(),
        type: 'Ticked',
        data: { amount: 1, note: 'poison' },
        metadata: testMetadata(),
      };
      const bad = (await eventStore.appendToStream('tick-0', [poison], 'any')).position;
      const head = await tick(eventStore, 10);
      const r = runners(store, [tally({ failOn: 'poison' }), lastNote], log);
      r.start();
      await expect(r.waitFor(head, { projections: ['tally'] })).rejects.toThrow(/poison/);
      await r.waitFor(head, { projections: ['last_note'] });
      expect(log).toEqual([
        expect.stringMatching(new RegExp(`^projection tally stopped at event ${bad} \\(Ticked.*poison`)),
      ]);
      expect(r.runner('tally').status()).toMatchObject({
        state: 'failed',
        error: log[0],
      });
      const checkpoint = await store.getCheckpoint('tally');
      expect(checkpoint === undefined || checkpoint < bad).toBe(true);
      const applied = (await all(store, 'tally_streams')).reduce((n, d) => n + (d.events as number), 0);
      const committed = (await eventStore.readAll({ filter: { eventTypes: ['Ticked'] } })).filter(
        (e) => checkpoint !== undefined && e.position <= checkpoint,
      );
      expect(applied).toBe(committed.length);
      expect(await store.getCheckpoint('last_note')).toBe(await lastPosition('Ticked'));
    });
  });

  describe('when waiting for a position whose event no projection reads', () => {
    it('resolves once everything before it is applied', async () => {
      const store = readStore();
      await tick(eventStore, 5);
      const ignored = (
        await eventStore.appendToStream(
          'other-1',
          [
            {
              id: randomUUID(),
              type: 'Ignored',
              data: {},
              metadata: testMetadata(),
            },
          ],
          'any',
        )
      ).position;
      const r = runners(store, [tally()]);
      r.start();
      await r.waitFor(ignored);
      expect((await all(store, 'tally_streams')).reduce((n, d) => n + (d.events as number), 0)).toBe(5);
    });
  });

  describe('when this process follows the log and the projection reads none of the newest events', () => {
    it('answers a waiter from how far it has read, without querying the stores', async () => {
      const store = readStore();
      await tick(eventStore, 5);
      const r = runners(store, [tally()]);
      r.start();
      await r.waitFor(await eventStore.headPosition().then((p) => p!));
      let position = 0n;
      for (let i = 0; i < 50; i++) {
        const other = { id: randomUUID(), type: 'Ignored', data: {}, metadata: testMetadata() };
        position = (await eventStore.appendToStream('other-1', [other], 'any')).position;
      }
      let checkpointQueries = 0;
      const getCheckpoint = store.getCheckpoint.bind(store);
      store.getCheckpoint = (name) => (checkpointQueries++, getCheckpoint(name));
      await r.waitFor(position, { timeoutMs: 5000 });
      // A waiter asking the stores starts with the stored checkpoint, which lags far behind here.
      expect(checkpointQueries).toBe(0);
      expect(await getCheckpoint('tally')).toBeLessThan(position);
    });
  });

  describe('when the projection version is bumped', () => {
    it('rebuilds its documents from the whole log on start', async () => {
      const store = readStore();
      const head = await tick(eventStore, 12);
      const v1 = runners(store, [tally()]);
      v1.start();
      await v1.waitFor(head);
      await v1.stop();
      const v1Total = (await all(store, 'tally_streams')).reduce((n, d) => n + (d.total as number), 0);
      const v2 = runners(store, [tally({ version: 2, factor: 10 })]);
      v2.start();
      const more = await tick(eventStore, 3);
      await v2.waitFor(more);
      const v2Total = (await all(store, 'tally_streams')).reduce((n, d) => n + (d.total as number), 0);
      expect(v2Total).toBe(10 * (await loggedTotal()));
      expect(v1Total).toBe((12 * 13) / 2); // before the three later ticks
    });
  });

  describe('when a rebuild runs while the service keeps the projection live', () => {
    it('swaps in the same documents and the live runner continues without applying anything twice', async () => {
      const store = readStore();
      const cli = readStore('read.db'); // a second connection, as the CLI process would open
      await tick(eventStore, 30);
      const r = runners(store, [tally()]);
      r.start();
      const during = tick(eventStore, 30);
      const result = await rebuildProjection({
        eventStore,
        readStore: cli,
        projection: tally(),
        holder: 'cli',
      });
      const head = await during;
      const after = await tick(eventStore, 5);
      await r.waitFor(after > head ? after : head);
      expect(result.mode).toBe('shadow');
      const docs = await all(store, 'tally_streams');
      expect(docs.reduce((n, d) => n + (d.total as number), 0)).toBe(await loggedTotal());
      expect(docs.reduce((n, d) => n + (d.events as number), 0)).toBe(65);
    });
  });

  describe('when several projections are rebuilt together while the service keeps them live', () => {
    it('reads each event of the log once for all of them and swaps in the documents the live runners hold', async () => {
      const store = readStore();
      const cli = readStore('read.db');
      const head = await tick(eventStore, 60);
      const r = runners(store, [tally(), lastNote]);
      r.start();
      await r.waitFor(head);
      const liveTally = await all(store, 'tally_streams');
      const liveNotes = await all(store, 'last_notes');
      let eventsRead = 0;
      const counting: EventStore = Object.create(eventStore) as EventStore;
      counting.readAll = async (options) => {
        const events = await eventStore.readAll(options);
        eventsRead += events.length;
        return events;
      };
      const results = await rebuildProjections({
        eventStore: counting,
        readStore: cli,
        projections: [tally(), lastNote],
      });
      expect([...results.values()].map((x) => x.mode)).toEqual(['shadow', 'shadow']);
      expect(eventsRead).toBe(60); // one projection after the other would read the 60 ticks twice
      expect(await all(store, 'tally_streams')).toEqual(liveTally);
      expect(await all(store, 'last_notes')).toEqual(liveNotes);
      const more = await tick(eventStore, 5);
      await r.waitFor(more);
      expect((await all(store, 'tally_streams')).reduce((n, d) => n + (d.events as number), 0)).toBe(65);
    });
  });

  /** The total the tally must show: the sum of all amounts in the log, each counted once. */
  async function loggedTotal(): Promise<number> {
    const ticks = await eventStore.readAll({ filter: { eventTypes: ['Ticked'] } });
    return ticks.reduce((sum, e) => sum + (e.data.amount as number), 0);
  }

  async function lastPosition(type: string): Promise<bigint | undefined> {
    return (await eventStore.readAll({ filter: { eventTypes: [type] } })).at(-1)?.position;
  }
});
