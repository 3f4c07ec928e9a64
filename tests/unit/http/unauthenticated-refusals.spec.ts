import { jest } from '@jest/globals';
import type { EventStore, NewEvent } from '../../../src/event-store/event-store.port.js';
import { OTHER_ADDRESSES, UnauthenticatedRefusals } from '../../../src/http/unauthenticated-refusals.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { ConcurrencyError } from '../../../src/shared/errors.js';

/** Records appends; `failNext` makes the next append throw (a store that is away). */
function fakeStore() {
  const appends: { stream: string; events: NewEvent[] }[] = [];
  const streams = new Set<string>();
  let failNext: Error | undefined;
  const store = {
    async appendToStream(stream: string, events: NewEvent[], expected: string) {
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      if (expected === 'no_stream' && streams.has(stream)) throw new ConcurrencyError(stream, 'no_stream', '0');
      streams.add(stream);
      appends.push({ stream, events });
      return { nextExpectedRevision: events.length - 1, position: BigInt(appends.length) };
    },
  } as unknown as EventStore;
  return { store, appends, fail: (error: Error) => (failNext = error) };
}

const refusal = (ip: string, reason = 'bad-signature', route = 'GET /api/v1/persons/:id') => ({ ip, reason, route });

describe('counting refusals of unauthenticated requests', () => {
  describe('when 300 requests from one address are refused within a minute', () => {
    it('writes one event with the count once the minute is over, in one append', async () => {
      const clock = fixedClock('2026-12-01T10:15:05.000Z');
      const { store, appends } = fakeStore();
      const refusals = new UnauthenticatedRefusals(store, { instanceId: 'api-1', clock });
      for (let i = 0; i < 300; i++)
        refusals.record(refusal('203.0.113.7', i % 3 === 0 ? 'missing-token' : 'bad-signature'));
      expect(await refusals.flush()).toBe(0); // the minute is still running
      clock.advance(60_000);
      expect(await refusals.flush()).toBe(1);
      expect(appends).toHaveLength(1);
      const [event] = appends[0]!.events;
      expect(appends[0]!.stream).toMatch(/^security-[0-9a-f-]{36}$/);
      expect(event).toMatchObject({
        type: 'UnauthenticatedRequestsCounted',
        data: {
          minute: '2026-12-01T10:15Z',
          address: '203.0.113.7',
          count: 300,
          reasons: { 'missing-token': 100, 'bad-signature': 200 },
          routes: { 'GET /api/v1/persons/:id': 300 },
        },
        metadata: { actor: { sub: 'anonymous' }, purpose: 'security', occurredAt: '2026-12-01T10:15:00.000Z' },
      });
      expect(refusals.pending()).toBe(0);
    });
  });

  describe('when a flood rotates addresses', () => {
    it('counts IPv6 per /64 and everything beyond the address limit under "other"', async () => {
      const clock = fixedClock('2026-12-01T10:15:05.000Z');
      const { store, appends } = fakeStore();
      const refusals = new UnauthenticatedRefusals(store, { instanceId: 'api-1', clock, maxAddressesPerMinute: 3 });
      for (let i = 0; i < 500; i++) refusals.record(refusal(`2001:db8:0:1::${i.toString(16)}`));
      for (let i = 0; i < 500; i++) refusals.record(refusal(`198.51.100.${i % 250}`));
      await refusals.flush({ all: true });
      const counted = appends.flatMap((a) => a.events.map((e) => e.data as { address: string; count: number }));
      expect(counted).toHaveLength(4);
      expect(counted.find((c) => c.address === '2001:db8:0:1::')?.count).toBe(500);
      // 198.51.100.0 and .1 took the two remaining places (twice each); the other 248 share one entry.
      expect(counted.find((c) => c.address === '198.51.100.1')?.count).toBe(2);
      expect(counted.find((c) => c.address === OTHER_ADDRESSES)?.count).toBe(496);
      expect(counted.reduce((n, c) => n + c.count, 0)).toBe(1000);
    });
  });

  describe('when the event store cannot be written', () => {
    it('keeps the counts and writes them, merged with later ones, on the next flush', async () => {
      const clock = fixedClock('2026-12-01T10:15:05.000Z');
      const { store, appends, fail } = fakeStore();
      const refusals = new UnauthenticatedRefusals(store, { instanceId: 'api-1', clock });
      for (let i = 0; i < 10; i++) refusals.record(refusal('203.0.113.7'));
      clock.advance(60_000);
      fail(new Error('disk full'));
      await expect(refusals.flush()).rejects.toThrow('disk full');
      expect(refusals.pending()).toBe(10);
      await refusals.flush();
      expect(appends.flatMap((a) => a.events)).toHaveLength(1);
      expect(appends[0]!.events[0]!.data).toMatchObject({ minute: '2026-12-01T10:15Z', count: 10 });
    });

    it('drops the oldest minutes beyond the limit and says so', async () => {
      const clock = fixedClock('2026-12-01T10:15:05.000Z');
      const log = jest.fn();
      const refusals = new UnauthenticatedRefusals(fakeStore().store, {
        instanceId: 'api-1',
        clock,
        maxPendingMinutes: 2,
        log,
      });
      for (let minute = 0; minute < 3; minute++) {
        refusals.record(refusal('203.0.113.7'));
        clock.advance(60_000);
      }
      expect(refusals.pending()).toBe(2);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/dropped the count of 1 refused .* of 2026-12-01T10:15Z/));
    });
  });

  describe('when the service shuts down within a minute', () => {
    it('writes the running minute, and later requests of that minute go to a new stream', async () => {
      const clock = fixedClock('2026-12-01T10:15:05.000Z');
      const { store, appends } = fakeStore();
      const refusals = new UnauthenticatedRefusals(store, { instanceId: 'api-1', clock });
      refusals.record(refusal('203.0.113.7'));
      await refusals.beforeApplicationShutdown();
      refusals.record(refusal('203.0.113.7'));
      await refusals.flush({ all: true });
      expect(appends).toHaveLength(2);
      expect(appends[0]!.stream).not.toBe(appends[1]!.stream);
    });
  });
});
