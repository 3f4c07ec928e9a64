/**
 * The event store contract: every adapter (SQLite embedded, EventStoreDB) runs this same suite.
 * It never assumes a fresh store — stream names and categories are unique per run, positions are
 * compared relative to what the suite itself appended — so it can run against a shared server.
 */
import { randomUUID } from 'node:crypto';
import type {
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  Subscription,
} from '../../src/event-store/event-store.port.js';
import type { EventMetadata } from '../../src/shared/event-metadata.js';
import { ConcurrencyError } from '../../src/shared/errors.js';

const SUBSCRIPTION_WAIT_MS = 10_000;

const metadata = (): EventMetadata => ({
  schemaVersion: 1,
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { sub: 'contract-suite', role: 'caseworker', agency: 'KI' },
  purpose: 'contract test',
  occurredAt: '2026-01-15T09:00:00.000Z',
});

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadata(),
});

/** A category nobody else uses, so prefix filters see only this run's streams. */
const uniqueCategory = (): string => `contract${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const streamIn = (category: string): string => `${category}-${randomUUID()}`;

async function nextWithin(iterator: AsyncIterator<RecordedEvent>): Promise<IteratorResult<RecordedEvent>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('subscription delivered nothing in time')), SUBSCRIPTION_WAIT_MS);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function take(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  while (received.length < count) {
    const next = await nextWithin(iterator);
    if (next.done) throw new Error(`subscription ended after ${received.length} of ${count} events`);
    received.push(next.value);
  }
  return received;
}

export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore> | EventStore,
  options: { skip?: string } = {},
): void {
  const declare = options.skip ? describe.skip : describe;
  const title = options.skip
    ? `${name} event store contract (skipped: ${options.skip})`
    : `${name} event store contract`;

  declare(title, () => {
    let store: EventStore;
    const append = (stream: string, events: NewEvent[], expected: ExpectedRevision) =>
      store.appendToStream(stream, events, expected);

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('a stream that does not exist', () => {
      it('reads as an empty array and has no revision', async () => {
        const stream = streamIn(uniqueCategory());
        await expect(store.readStream(stream)).resolves.toEqual([]);
        await expect(store.streamRevision(stream)).resolves.toBeUndefined();
        await expect(store.getStreamMetadata(stream)).resolves.toBeUndefined();
      });
    });

    describe('after appending two events to a new stream', () => {
      const stream = streamIn(uniqueCategory());
      const written = [
        event('ContractThingHappened', { n: 1, nested: { list: [1, 'two'] } }),
        event('ContractThingChanged', { n: 2 }),
      ];

      it('reports the last revision and position, and reads both back in order with all fields', async () => {
        const result = await append(stream, written, 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        expect(typeof result.position).toBe('bigint');

        const read = await store.readStream(stream);
        expect(read.map((e) => [e.id, e.type, e.streamName, e.revision, e.data, e.metadata])).toEqual(
          written.map((e, i) => [e.id, e.type, stream, i, e.data, e.metadata]),
        );
        expect(read[1]!.position).toBe(result.position);
        expect(read[0]!.position < read[1]!.position).toBe(true);
        for (const e of read) expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
        await expect(store.streamRevision(stream)).resolves.toBe(1);
        expect((await store.headPosition())! >= result.position).toBe(true);
      });

      it('reads a window of the stream with fromRevision and maxCount', async () => {
        await append(stream, [event('ContractThingChanged', { n: 3 })], 1);
        expect((await store.readStream(stream, { fromRevision: 1 })).map((e) => e.revision)).toEqual([1, 2]);
        expect((await store.readStream(stream, { maxCount: 2 })).map((e) => e.revision)).toEqual([0, 1]);
        expect((await store.readStream(stream, { fromRevision: 1, maxCount: 1 })).map((e) => e.revision)).toEqual([1]);
      });
    });

    describe('expected revision', () => {
      it("'no_stream' succeeds on a new stream and fails with ConcurrencyError on an existing one", async () => {
        const stream = streamIn(uniqueCategory());
        await expect(append(stream, [event('ContractA')], 'no_stream')).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
        await expect(append(stream, [event('ContractA')], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.streamRevision(stream)).resolves.toBe(0);
      });

      it("'stream_exists' fails on a new stream and succeeds on an existing one", async () => {
        const stream = streamIn(uniqueCategory());
        await expect(append(stream, [event('ContractA')], 'stream_exists')).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.readStream(stream)).resolves.toEqual([]);
        await append(stream, [event('ContractA')], 'no_stream');
        await expect(append(stream, [event('ContractA')], 'stream_exists')).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it("'any' succeeds whether the stream exists or not", async () => {
        const stream = streamIn(uniqueCategory());
        await expect(append(stream, [event('ContractA')], 'any')).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expect(append(stream, [event('ContractA')], 'any')).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('a number succeeds when it is the last revision and fails with ConcurrencyError otherwise', async () => {
        const stream = streamIn(uniqueCategory());
        await append(stream, [event('ContractA'), event('ContractA')], 'no_stream');
        await expect(append(stream, [event('ContractA')], 0)).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(append(stream, [event('ContractA')], 2)).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(append(stream, [event('ContractA')], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });
        const error = await append(stream, [event('ContractA')], 1).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).streamName).toBe(stream);
      });

      it('a number on a stream that does not exist fails with ConcurrencyError', async () => {
        const stream = streamIn(uniqueCategory());
        await expect(append(stream, [event('ContractA')], 0)).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.streamRevision(stream)).resolves.toBeUndefined();
      });
    });

    describe('a multi-event append that fails', () => {
      it('writes none of its events when the expected revision is wrong', async () => {
        const stream = streamIn(uniqueCategory());
        await append(stream, [event('ContractA')], 'no_stream');
        const before = await store.headPosition();
        const batch = [event('ContractB'), event('ContractB'), event('ContractB')];
        await expect(append(stream, batch, 5)).rejects.toBeInstanceOf(ConcurrencyError);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['ContractA']);
        const ids = new Set(batch.map((e) => e.id));
        expect((await store.readAll({ after: before })).filter((e) => ids.has(e.id))).toEqual([]);
      });

      it('writes none of its events when one event cannot be stored', async () => {
        const stream = streamIn(uniqueCategory());
        const broken = [event('ContractB', { ok: true }), event('ContractB', { notJson: 10n })];
        await expect(append(stream, broken, 'any')).rejects.toThrow();
        await expect(store.readStream(stream)).resolves.toEqual([]);
      });
    });

    describe('concurrent appends with the same expected revision', () => {
      it('let exactly one win on an existing stream; the others get ConcurrencyError', async () => {
        const stream = streamIn(uniqueCategory());
        await append(stream, [event('ContractA')], 'no_stream');
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            append(stream, [event('ContractRace', { i }), event('ContractRace', { i })], 0),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect(r.reason).toBeInstanceOf(ConcurrencyError);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read[1]!.data).toEqual(read[2]!.data);
      });

      it("let exactly one 'no_stream' append create the stream", async () => {
        const stream = streamIn(uniqueCategory());
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => append(stream, [event('ContractRace', { i })], 'no_stream')),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        await expect(store.streamRevision(stream)).resolves.toBe(0);
      });
    });

    describe('the global log', () => {
      const category = uniqueCategory();
      const [first, second] = [streamIn(category), streamIn(category)];
      const other = streamIn(uniqueCategory());
      let start: bigint | undefined;
      let appended: NewEvent[];

      beforeAll(async () => {
        start = await store.headPosition();
        appended = [
          event('ContractOne'),
          event('ContractTwo'),
          event('ContractOne'),
          event('ContractTwo'),
          event('ContractOne'),
        ];
        await append(first, [appended[0]!], 'no_stream');
        await append(other, [appended[1]!], 'no_stream');
        await append(second, [appended[2]!, appended[3]!], 'no_stream');
        await append(first, [appended[4]!], 0);
      });

      const ours = (events: RecordedEvent[]) => {
        const ids = new Set(appended.map((e) => e.id));
        return events.filter((e) => ids.has(e.id));
      };

      it('holds the events in append order with strictly increasing positions', async () => {
        const all = ours(await store.readAll({ after: start }));
        expect(all.map((e) => e.id)).toEqual(appended.map((e) => e.id));
        for (let i = 1; i < all.length; i++) expect(all[i - 1]!.position < all[i]!.position).toBe(true);
      });

      it("treats 'after' as exclusive", async () => {
        const all = ours(await store.readAll({ after: start }));
        const rest = ours(await store.readAll({ after: all[1]!.position }));
        expect(rest.map((e) => e.id)).toEqual(appended.slice(2).map((e) => e.id));
      });

      it('returns at most maxCount events', async () => {
        const page = await store.readAll({ after: start, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page[0]!.position > (start ?? -1n)).toBe(true);
      });

      it('filters by stream prefix and by event type', async () => {
        const byPrefix = await store.readAll({
          after: start,
          filter: { streamPrefixes: [`${category}-`] },
        });
        expect(byPrefix.map((e) => e.id)).toEqual(
          [appended[0], appended[2], appended[3], appended[4]].map((e) => e!.id),
        );
        const both = await store.readAll({
          after: start,
          filter: {
            streamPrefixes: [`${category}-`],
            eventTypes: ['ContractTwo'],
          },
        });
        expect(both.map((e) => e.id)).toEqual([appended[3]!.id]);
        const byType = ours(
          await store.readAll({
            after: start,
            filter: { eventTypes: ['ContractTwo'] },
          }),
        );
        expect(byType.map((e) => e.id)).toEqual([appended[1]!.id, appended[3]!.id]);
      });

      it('applies maxCount after the filter', async () => {
        const page = await store.readAll({
          after: start,
          maxCount: 2,
          filter: { streamPrefixes: [`${category}-`] },
        });
        expect(page.map((e) => e.id)).toEqual([appended[0]!.id, appended[2]!.id]);
      });
    });

    describe('a subscription to all', () => {
      it('delivers past events, then live ones, each exactly once in global order, and ends on unsubscribe', async () => {
        const category = uniqueCategory();
        const filter = { streamPrefixes: [`${category}-`] };
        const [a, b] = [streamIn(category), streamIn(category)];
        const start = await store.headPosition();
        await append(a, [event('ContractPast'), event('ContractPast')], 'no_stream');

        const subscription: Subscription = store.subscribeToAll({
          after: start,
          filter,
        });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const past = await take(iterator, 2);
          const live = [event('ContractLive'), event('ContractLive'), event('ContractLive')];
          await append(b, [live[0]!], 'no_stream');
          await append(a, [live[1]!, live[2]!], 1);
          const sentinel = event('ContractSentinel');
          await append(b, [sentinel], 0);
          const received = [...past, ...(await take(iterator, 4))];

          expect(received.map((e) => e.id)).toEqual([...past.map((e) => e.id), ...live.map((e) => e.id), sentinel.id]);
          expect(received.map((e) => e.streamName)).toEqual([a, a, b, a, a, b]);
          for (let i = 1; i < received.length; i++)
            expect(received[i - 1]!.position < received[i]!.position).toBe(true);
        } finally {
          await subscription.unsubscribe();
        }
        await expect(nextWithin(iterator)).resolves.toMatchObject({
          done: true,
        });
      }, 30_000);

      it('starts after the given position and honours the event type filter', async () => {
        const category = uniqueCategory();
        const stream = streamIn(category);
        await append(
          stream,
          [event('ContractSkipped'), event('ContractWanted'), event('ContractSkipped')],
          'no_stream',
        );
        const [firstEvent] = await store.readStream(stream);
        const subscription = store.subscribeToAll({
          after: firstEvent!.position,
          filter: {
            streamPrefixes: [`${category}-`],
            eventTypes: ['ContractWanted', 'ContractEnd'],
          },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          await append(stream, [event('ContractEnd')], 2);
          expect((await take(iterator, 2)).map((e) => e.type)).toEqual(['ContractWanted', 'ContractEnd']);
        } finally {
          await subscription.unsubscribe();
        }
      }, 30_000);
    });

    describe('a sparse filter over a long stretch of the log (issue 13: filtered on the server)', () => {
      const category = uniqueCategory();
      const rare = `ContractRare${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      let start: bigint | undefined;
      let noise: RecordedEvent[];
      let wanted: NewEvent;

      beforeAll(async () => {
        start = await store.headPosition();
        const stream = streamIn(category);
        await append(
          stream,
          Array.from({ length: 100 }, () => event('ContractNoise')),
          'no_stream',
        );
        wanted = event(rare);
        await append(streamIn(category), [wanted], 'no_stream');
        await append(
          stream,
          Array.from({ length: 100 }, () => event('ContractNoise')),
          99,
        );
        noise = await store.readStream(stream);
      }, 60_000);

      it('finds the one matching event behind a hundred others, and nothing after it', async () => {
        const [found] = await store.readAll({ after: start, maxCount: 1, filter: { eventTypes: [rare] } });
        expect(found?.id).toBe(wanted.id);
        await expect(store.readAll({ after: found!.position, filter: { eventTypes: [rare] } })).resolves.toEqual([]);
      }, 30_000);

      it('ends a read that matches nothing', async () => {
        await expect(store.readAll({ after: start, filter: { eventTypes: [`${rare}Never`] } })).resolves.toEqual([]);
      }, 30_000);

      it("reports a subscription's progress through events it does not deliver (onScanned)", async () => {
        let scanned: bigint | undefined;
        const subscription = store.subscribeToAll({
          after: start,
          filter: { eventTypes: [`${rare}Never`] },
          onScanned: (position) => (scanned = position),
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const waiting = iterator.next();
        try {
          // EventStoreDB sends a checkpoint every 32 events it looks at; the embedded store one per read.
          const target = noise[150]!.position;
          const deadline = Date.now() + SUBSCRIPTION_WAIT_MS;
          while ((scanned === undefined || scanned < target) && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 50));
          expect(scanned).toBeDefined();
          expect(scanned! >= target).toBe(true);
        } finally {
          await subscription.unsubscribe();
          await waiting;
        }
      }, 30_000);
    });

    describe('stream metadata', () => {
      it('is stored per stream, read back as written, and replaced by the next write', async () => {
        const stream = streamIn(uniqueCategory());
        await append(stream, [event('ContractA')], 'no_stream');
        await store.setStreamMetadata(stream, {
          retention: 'ten-years',
          owner: { agency: 'KI' },
        });
        await expect(store.getStreamMetadata(stream)).resolves.toEqual({
          retention: 'ten-years',
          owner: { agency: 'KI' },
        });
        await store.setStreamMetadata(stream, { shredded: true });
        await expect(store.getStreamMetadata(stream)).resolves.toEqual({
          shredded: true,
        });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['ContractA']);
      });
    });

    describe('readiness', () => {
      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}
