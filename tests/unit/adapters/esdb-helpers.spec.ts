import { matchesFilter, planServerFilter } from '../../../src/event-store/esdb/esdb-filter.js';
import { isAlreadyDelivered, reconnectDelayMs } from '../../../src/event-store/esdb/esdb-reconnect.js';
import {
  describeRevision,
  toEsdbExpectedRevision,
  toRevisionNumber,
} from '../../../src/event-store/esdb/esdb-revision.js';

describe('the EventStoreDB server filter plan', () => {
  it('filters on stream prefixes when prefixes are given, even together with event types', () => {
    expect(planServerFilter({ streamPrefixes: ['consent-', 'case-'], eventTypes: ['ConsentGranted'] })).toEqual({
      on: 'streamName',
      prefixes: ['consent-', 'case-'],
    });
  });

  it('filters on an anchored, escaped event type regex when only types are given', () => {
    const plan = planServerFilter({ eventTypes: ['ConsentGranted', 'Odd.Type+1'] });
    expect(plan).toEqual({ on: 'eventType', regex: '^(?:ConsentGranted|Odd\\.Type\\+1)$' });
    const regex = new RegExp((plan as { regex: string }).regex);
    expect(['ConsentGranted', 'Odd.Type+1'].every((t) => regex.test(t))).toBe(true);
    expect(['ConsentGrantedLater', 'OddXType+1', '$ConsentGranted'].some((t) => regex.test(t))).toBe(false);
  });

  it('asks the server only to drop system events when nothing is restricted', () => {
    expect(planServerFilter(undefined)).toEqual({ on: 'nonSystemEventTypes' });
    expect(planServerFilter({ streamPrefixes: [], eventTypes: [] })).toEqual({ on: 'nonSystemEventTypes' });
  });
});

describe('the client-side filter', () => {
  it('always excludes system streams and system event types', () => {
    expect(matchesFilter(undefined, '$stats-127.0.0.1:2113', 'StatsCollected')).toBe(false);
    expect(matchesFilter(undefined, 'case-1', '$metadata')).toBe(false);
    expect(matchesFilter({ streamPrefixes: [''] }, '$$case-1', 'Whatever')).toBe(false);
    expect(matchesFilter(undefined, 'case-1', 'CaseOpened')).toBe(true);
  });

  it('needs a matching prefix and a matching type when both are given', () => {
    const filter = { streamPrefixes: ['case-'], eventTypes: ['CaseOpened'] };
    expect(matchesFilter(filter, 'case-1', 'CaseOpened')).toBe(true);
    expect(matchesFilter(filter, 'case-1', 'CaseClosed')).toBe(false);
    expect(matchesFilter(filter, 'consent-1', 'CaseOpened')).toBe(false);
  });
});

describe('expected revisions for EventStoreDB', () => {
  it('keeps the keywords and turns a number into a bigint', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('rejects a negative or fractional revision', () => {
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('renders client revisions for the ConcurrencyError message', () => {
    expect(describeRevision(7n)).toBe('7');
    expect(describeRevision('no_stream')).toBe('no_stream');
    expect(describeRevision(undefined)).toBe('unknown');
  });

  it('refuses a stream revision beyond the safe integer range', () => {
    expect(toRevisionNumber(12n)).toBe(12);
    expect(() => toRevisionNumber(2n ** 53n)).toThrow(RangeError);
  });
});

describe('reconnecting a subscription', () => {
  it('treats positions at or before the last delivered one as already delivered', () => {
    expect(isAlreadyDelivered(5n, undefined)).toBe(false);
    expect(isAlreadyDelivered(4n, 5n)).toBe(true);
    expect(isAlreadyDelivered(5n, 5n)).toBe(true);
    expect(isAlreadyDelivered(6n, 5n)).toBe(false);
  });

  it('waits longer after each failed attempt, up to the cap', () => {
    const policy = { initialMs: 100, maxMs: 5_000 };
    const delays = Array.from({ length: 12 }, (_, attempt) => reconnectDelayMs(attempt, policy, 1));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[0]).toBe(policy.initialMs);
    expect(Math.max(...delays)).toBe(policy.maxMs);
  });

  it('spreads delays between half and all of the capped value with the random factor', () => {
    const policy = { initialMs: 100, maxMs: 5_000 };
    expect(reconnectDelayMs(3, policy, 0)).toBe(400);
    expect(reconnectDelayMs(3, policy, 0.999999)).toBe(800);
    expect(reconnectDelayMs(1_000, policy, 0)).toBe(2_500);
  });
});
