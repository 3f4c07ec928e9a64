import { PassThrough } from 'node:stream';
import type { EventStoreDBClient, Filter, Position } from '@eventstore/db-client';
import { EsdbEventStore } from '../../../src/event-store/esdb/esdb-event-store.js';

/**
 * A stand-in for the client's $all subscription, faithful in the one respect these tests are about: like
 * the client's Subscription transform (6.2.1, src/streams/utils/Subscription.ts), it pushes events,
 * awaits `checkpointReached` and emits `caughtUp` in the order the server's messages arrive. The "server"
 * filters by the regex or prefixes it was given and sends a checkpoint every 32 events it looked at,
 * naming the next position it will read (the less convenient of the two readings).
 */
interface LogEntry {
  position: bigint;
  type: string;
  streamId: string;
}

const WINDOW = 32;

function fakeServer(log: LogEntry[], options: { sendCaughtUp?: boolean } = {}) {
  const sent = { events: 0, checkpoints: 0, subscriptions: [] as { from: unknown; filter: Filter | undefined }[] };
  const resolved = (e: LogEntry) => ({
    event: {
      id: `id-${e.position}`,
      type: e.type,
      streamId: e.streamId,
      revision: 0n,
      position: { commit: e.position, prepare: e.position },
      data: { n: Number(e.position) },
      metadata: { actor: { sub: 'x', role: 'caseworker', agency: 'KI' } },
      isJson: true,
      created: new Date('2026-12-01T10:00:00Z'),
    },
  });
  const matches = (filter: Filter | undefined, e: LogEntry) => {
    if (!filter) return true;
    const value = filter.filterOn === 'streamName' ? e.streamId : e.type;
    if ('regex' in filter) return new RegExp(filter.regex).test(value);
    return filter.prefixes.some((p) => value.startsWith(p));
  };
  const client = {
    subscribeToAll({ fromPosition, filter }: { fromPosition: unknown; filter?: Filter }) {
      sent.subscriptions.push({ from: fromPosition, filter });
      const stream = Object.assign(new PassThrough({ objectMode: true }), {
        cancelled: false,
        async unsubscribe() {
          stream.cancelled = true;
        },
      });
      const from = fromPosition === 'start' ? -1n : (fromPosition as Position).commit;
      void (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        let looked = 0;
        // Inclusive of the start position, as a read from a position is: the adapter must skip it.
        for (const [i, e] of log.entries()) {
          if (stream.cancelled) return;
          if (e.position < from) continue;
          if (matches(filter, e)) {
            sent.events++;
            stream.push(resolved(e));
          }
          if (++looked % WINDOW === 0 && filter?.checkpointReached) {
            sent.checkpoints++;
            const next = log[i + 1]?.position ?? e.position + 1n;
            await filter.checkpointReached(stream as never, { commit: next, prepare: next });
          }
          if (looked % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        if (options.sendCaughtUp ?? true) stream.emit('caughtUp');
      })();
      return stream;
    },
    /** Only ever asked for the head (backwards, one event). */
    readAll(options: { direction: string; maxCount: number }) {
      if (options.direction !== 'backwards' || options.maxCount !== 1)
        throw new Error('unfiltered forward read of $all');
      const last = log.at(-1);
      return (async function* () {
        if (last) yield resolved(last);
      })();
    },
    async dispose() {},
  };
  return { client: client as unknown as EventStoreDBClient, sent };
}

/** 1,000 entries 100 bytes apart; a ConsentGranted at 250, 600 and 900, the rest noise. */
const log: LogEntry[] = Array.from({ length: 1000 }, (_, i) => ({
  position: BigInt(i * 100),
  type: [250, 600, 900].includes(i) ? 'ConsentGranted' : 'PersonalDataAccessed',
  streamId: [250, 600, 900].includes(i) ? `person-${i}` : `access-${i}`,
}));

describe('the EventStoreDB adapter reading $all with a filter', () => {
  describe('when three events of 1,000 match', () => {
    it('asks the server to filter, receives the three and never pages through $all on the client', async () => {
      const { client, sent } = fakeServer(log);
      const store = new EsdbEventStore(client);
      const events = await store.readAll({ filter: { eventTypes: ['ConsentGranted'] } });
      expect(events.map((e) => e.position)).toEqual([25_000n, 60_000n, 90_000n]);
      expect(sent.subscriptions[0]!.filter).toMatchObject({ filterOn: 'eventType', regex: '^(?:ConsentGranted)$' });
      expect(sent.events).toBe(3);
    });

    it('reads after a position exclusively and stops at maxCount', async () => {
      const { client } = fakeServer(log);
      const store = new EsdbEventStore(client);
      const [next] = await store.readAll({ after: 25_000n, maxCount: 1, filter: { eventTypes: ['ConsentGranted'] } });
      expect(next?.position).toBe(60_000n);
      const [same] = await store.readAll({ after: 24_900n, maxCount: 1, filter: { eventTypes: ['ConsentGranted'] } });
      expect(same?.position).toBe(25_000n);
    });

    it('filters by stream prefix on the server when prefixes are given', async () => {
      const { client, sent } = fakeServer(log);
      const events = await new EsdbEventStore(client).readAll({ filter: { streamPrefixes: ['person-'] } });
      expect(events).toHaveLength(3);
      expect(sent.subscriptions[0]!.filter).toMatchObject({ filterOn: 'streamName', prefixes: ['person-'] });
    });
  });

  describe('when nothing after the position matches', () => {
    it('ends at the caughtUp message with no events', async () => {
      const { client } = fakeServer(log);
      expect(
        await new EsdbEventStore(client).readAll({ after: 90_000n, filter: { eventTypes: ['ConsentGranted'] } }),
      ).toEqual([]);
    });

    it('ends when the server falls silent, for a server that sends no caughtUp message (before 23.10)', async () => {
      const { client } = fakeServer(log, { sendCaughtUp: false });
      const store = new EsdbEventStore(client, { readAllIdleMs: 200 });
      const started = Date.now();
      expect(await store.readAll({ after: 60_000n, filter: { eventTypes: ['ConsentGranted'] } })).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});

describe('the EventStoreDB adapter subscribing to $all with a filter', () => {
  it("reports how far the log was scanned from the server's checkpoints, never ahead of an event not yet taken", async () => {
    const { client } = fakeServer(log);
    const store = new EsdbEventStore(client);
    const seen: string[] = [];
    let taken: bigint | undefined;
    const violations: string[] = [];
    const subscription = store.subscribeToAll({
      filter: { eventTypes: ['ConsentGranted'] },
      onScanned: (position) => {
        seen.push(`scanned ${position}`);
        // Every matching event at or before `position` must already be in the consumer's hands.
        for (const p of [25_000n, 60_000n, 90_000n])
          if (p <= position && (taken === undefined || taken < p)) violations.push(`scanned ${position} before ${p}`);
      },
    });
    const positions: bigint[] = [];
    const iterator = subscription[Symbol.asyncIterator]();
    while (positions.length < 3) {
      const { value: event } = await iterator.next();
      taken = event.position;
      positions.push(event.position);
      seen.push(`event ${event.position}`);
    }
    // After the last event the consumer waits; the remaining checkpoints still report progress.
    const waiting = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await subscription.unsubscribe();
    await waiting;
    expect(positions).toEqual([25_000n, 60_000n, 90_000n]);
    expect(violations).toEqual([]);
    const scanned = seen.filter((s) => s.startsWith('scanned')).map((s) => BigInt(s.split(' ')[1]!));
    expect(scanned.length).toBeGreaterThan(5);
    expect(scanned.at(-1)).toBeGreaterThanOrEqual(99_000n);
    expect([...scanned].sort((a, b) => (a < b ? -1 : 1))).toEqual(scanned);
  });
});
