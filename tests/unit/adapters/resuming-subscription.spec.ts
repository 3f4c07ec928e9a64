import type { RecordedEvent } from '../../../src/event-store/event-store.port.js';
import {
  ResumingSubscription,
  type ConnectSource,
  type SourceConnection,
  type SourceItem,
} from '../../../src/event-store/esdb/resuming-subscription.js';

const recorded = (position: number): RecordedEvent => ({
  id: `event-${position}`,
  type: 'ThingHappened',
  streamName: 'thing-1',
  revision: position,
  position: BigInt(position),
  data: { position },
  metadata: {
    schemaVersion: 1,
    commandId: 'cmd',
    correlationId: 'corr',
    causationId: 'cmd',
    actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
    occurredAt: '2026-01-15T09:00:00.000Z',
  },
  recordedAt: '2026-01-15T09:00:00.000Z',
});

type From = Parameters<ConnectSource<string>>[0];

/**
 * A fake server log of positions 1..size. Each connection re-sends `overlap` entries before the resume
 * point (as a server may after a reconnect) and fails after `failAfter[i]` entries of connection i.
 */
function fakeServer(size: number, options: { overlap?: number; failAfter?: number[]; dropped?: Set<number> } = {}) {
  const connects: From[] = [];
  let pulled = 0;
  const connect: ConnectSource<string> = (from) => {
    const index = connects.push(from) - 1;
    const start = Math.max(1, Number(from?.position ?? 0n) + 1 - (options.overlap ?? 0));
    const failAfter = options.failAfter?.[index];
    let closed = false;
    const connection: SourceConnection<string> = {
      async *[Symbol.asyncIterator]() {
        let sent = 0;
        for (let p = start; p <= size && !closed; p++) {
          if (failAfter !== undefined && sent === failAfter) throw new Error(`connection ${index} dropped`);
          sent++;
          pulled++;
          const item: SourceItem<string> = { position: BigInt(p), resumeFrom: `token-${p}` };
          yield options.dropped?.has(p) ? item : { ...item, event: recorded(p) };
        }
        // Live phase: nothing more to send, wait until closed.
        await new Promise<void>((resolve) => {
          const check = () => (closed ? resolve() : setTimeout(check, 1));
          check();
        });
      },
      close: async () => {
        closed = true;
      },
    };
    return connection;
  };
  return { connect, connects, pulled: () => pulled };
}

const fast = { backoff: { initialMs: 1, maxMs: 2 } };

async function take(subscription: ResumingSubscription<string>, count: number): Promise<number[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const positions: number[] = [];
  while (positions.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    positions.push(Number(next.value.position));
  }
  return positions;
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('a resuming subscription', () => {
  describe('when the connection drops twice and the server re-sends events it already sent', () => {
    it('delivers every event exactly once, in order', async () => {
      const server = fakeServer(12, { overlap: 3, failAfter: [4, 5] });
      const subscription = new ResumingSubscription(server.connect, { ...fast, onDrop: () => undefined });
      expect(await take(subscription, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      await subscription.unsubscribe();
      expect(server.connects).toHaveLength(3);
    });

    it('reconnects from the resume token of the last entry seen, also when the filter dropped it', async () => {
      const server = fakeServer(6, { failAfter: [3], dropped: new Set([3]) });
      const subscription = new ResumingSubscription(server.connect, { ...fast, onDrop: () => undefined });
      expect(await take(subscription, 5)).toEqual([1, 2, 4, 5, 6]);
      await subscription.unsubscribe();
      expect(server.connects[1]).toEqual({ position: 3n, resumeFrom: 'token-3' });
    });

    it('reports each drop', async () => {
      const drops: string[] = [];
      const server = fakeServer(4, { failAfter: [1, 1] });
      const subscription = new ResumingSubscription(server.connect, {
        ...fast,
        onDrop: (error) => drops.push(String(error)),
      });
      await take(subscription, 4);
      await subscription.unsubscribe();
      expect(drops).toEqual(['Error: connection 0 dropped', 'Error: connection 1 dropped']);
    });
  });

  describe('when started after a position', () => {
    it('delivers only events after it and connects from it', async () => {
      const server = fakeServer(5, { overlap: 2 });
      const subscription = new ResumingSubscription(server.connect, { ...fast, after: 3n });
      expect(await take(subscription, 2)).toEqual([4, 5]);
      await subscription.unsubscribe();
      expect(server.connects[0]).toEqual({ position: 3n });
    });
  });

  describe('when the consumer is slower than the server', () => {
    it('reads no further ahead than the high-water mark', async () => {
      const server = fakeServer(50);
      const subscription = new ResumingSubscription(server.connect, { ...fast, highWaterMark: 4 });
      await settle();
      expect(server.pulled()).toBe(4);
      expect(await take(subscription, 1)).toEqual([1]);
      await settle();
      expect(server.pulled()).toBe(5);
      await subscription.unsubscribe();
    });
  });

  describe('when unsubscribed', () => {
    it('ends the iteration of a consumer waiting for the next event and closes the connection', async () => {
      const server = fakeServer(2);
      const subscription = new ResumingSubscription(server.connect, fast);
      const iterator = subscription[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
      const waiting = iterator.next();
      await subscription.unsubscribe();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
      await subscription.stopped();
      expect(server.connects).toHaveLength(1);
    });

    it('stops waiting out a reconnect backoff', async () => {
      const server = fakeServer(1, { failAfter: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
      const subscription = new ResumingSubscription(server.connect, {
        backoff: { initialMs: 60_000, maxMs: 60_000 },
        onDrop: () => undefined,
      });
      await settle();
      await subscription.unsubscribe();
      await subscription.stopped();
      expect(server.connects).toHaveLength(1);
    });

    it('calls onClosed once, even when unsubscribed twice', async () => {
      let closed = 0;
      const subscription = new ResumingSubscription(fakeServer(1).connect, { ...fast, onClosed: () => closed++ });
      await subscription.unsubscribe();
      await subscription.unsubscribe();
      expect(closed).toBe(1);
    });
  });

  describe('when asked to report how far the log was scanned', () => {
    it('reports positions the filter dropped too, only once the consumer has taken the events before them', async () => {
      const server = fakeServer(6, { dropped: new Set([4, 5, 6]) });
      const scanned: bigint[] = [];
      const subscription = new ResumingSubscription(server.connect, { ...fast, onScanned: (p) => scanned.push(p) });
      const iterator = subscription[Symbol.asyncIterator]();
      await settle();
      expect(scanned).toEqual([]); // three events wait in the buffer: nothing may be reported yet
      expect(Number((await iterator.next()).value.position)).toBe(1);
      const waiting = iterator.next();
      expect(Number((await waiting).value.position)).toBe(2);
      expect(scanned).toEqual([1n]);
      await iterator.next();
      const idle = iterator.next(); // the consumer waits: everything delivered was taken
      await settle();
      expect(scanned.at(-1)).toBe(6n);
      await subscription.unsubscribe();
      await idle;
    });
  });
});
