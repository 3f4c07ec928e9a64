import type { EventFilter, RecordedEvent } from '../../../src/event-store/event-store.port.js';
import { LogTail, TAIL_REACH } from '../../../src/event-store/sqlite/log-tail.js';
import type { EventRow } from '../../../src/event-store/sqlite/sqlite-rows.js';
import { testMetadata } from '../../support/projection-harness.js';

const STREAMS = ['person-1', 'case-1', 'access-1', 'case-2'];
const TYPES = ['PersonRegistered', 'CaseOpened', 'PersonalDataAccessed', 'CaseActionRecorded'];

/** The row the file gives for an event (data and metadata as stored text). */
const asRow = (e: RecordedEvent): EventRow => ({
  position: Number(e.position),
  stream: e.streamName,
  revision: e.revision,
  id: e.id,
  type: e.type,
  data: JSON.stringify(e.data),
  metadata: JSON.stringify(e.metadata),
  recordedAt: e.recordedAt,
});

/** A log in memory, and the file reads the tail makes of it. */
function log(count: number) {
  const events: RecordedEvent[] = [];
  const append = (n: number) => {
    for (let i = 0; i < n; i++) {
      const position = BigInt(events.length + 1);
      events.push({
        id: `e-${position}`,
        type: TYPES[events.length % TYPES.length]!,
        streamName: STREAMS[(events.length >> 1) % STREAMS.length]!,
        revision: 0,
        position,
        data: { n: events.length },
        metadata: testMetadata(),
        recordedAt: '2026-12-03T00:00:00.000Z',
      });
    }
  };
  append(count);
  const reads: { after: bigint | undefined; upTo: bigint }[] = [];
  let cut: bigint | undefined;
  const tail = new LogTail(
    (after, upTo) => {
      reads.push({ after, upTo });
      return events.filter((e) => e.position > (after ?? 0n) && e.position <= upTo).map(asRow);
    },
    () => cut,
  );
  return {
    events,
    append,
    reads,
    tail,
    head: () => BigInt(events.length),
    cutAt: (position: bigint, remove: (e: RecordedEvent) => boolean) => {
      cut = position;
      for (let i = events.length - 1; i >= 0; i--)
        if (events[i]!.position <= position && remove(events[i]!)) events.splice(i, 1);
    },
  };
}

/** What the file's filtered read (readAll with the same filter and page size) answers. */
function fromFile(events: RecordedEvent[], after: bigint, head: bigint, filter: EventFilter, pageSize: number) {
  const matching = events.filter(
    (e) =>
      e.position > after &&
      e.position <= head &&
      (!filter.streamPrefixes?.length || filter.streamPrefixes.some((p) => e.streamName.startsWith(p))) &&
      (!filter.eventTypes?.length || filter.eventTypes.includes(e.type)),
  );
  const page = matching.slice(0, pageSize);
  return { events: page, scannedTo: page.length < pageSize ? head : page.at(-1)!.position };
}

describe('the log tail shared by subscriptions that follow the head', () => {
  it.each<[string, EventFilter, number]>([
    ['no filter', {}, 500],
    ['event types', { eventTypes: ['CaseOpened', 'CaseActionRecorded'] }, 500],
    ['stream prefixes', { streamPrefixes: ['case-', 'person-'] }, 500],
    ['both', { streamPrefixes: ['case-'], eventTypes: ['CaseActionRecorded'] }, 500],
    ['a page smaller than what matches', { eventTypes: ['CaseOpened'] }, 3],
    ['nothing matches', { eventTypes: ['Unknown'] }, 500],
  ])('given 40 new events, a subscription with %s gets exactly the page the file would give', (_, filter, size) => {
    const { events, tail, head } = log(100);
    expect(tail.page(60n, head(), filter, size)).toEqual(fromFile(events, 60n, head(), filter, size));
  });

  it('given 22 subscriptions woken by one commit, when each reads its page, then the file is read once', () => {
    const { tail, reads, head, append } = log(50);
    for (let i = 0; i < 22; i++) tail.page(50n, head(), { eventTypes: [TYPES[i % 4]!] }, 500);
    append(5);
    for (let i = 0; i < 22; i++) tail.page(50n, head(), { eventTypes: [TYPES[i % 4]!] }, 500);
    expect(reads).toEqual([
      { after: 50n, upTo: 50n },
      { after: 50n, upTo: 55n },
    ]);
  });

  it('given a subscription farther behind than its reach, then the tail does not serve it (the file does)', () => {
    const { tail, head } = log(TAIL_REACH + 10);
    expect(tail.page(5n, head(), {}, 500)).toBeUndefined();
    expect(tail.page(10n, head(), {}, 500)).toBeDefined();
  });

  it('given a head held back (commits not durable yet), then nothing past it is served', () => {
    const { events, tail, head } = log(30);
    tail.page(10n, head(), {}, 500);
    expect(tail.page(10n, 20n, {}, 500)).toEqual(fromFile(events, 10n, 20n, {}, 500));
  });

  it('given an access-log cut that removed entries, then the tail reads anew and serves none of them', () => {
    const { events, tail, head, cutAt } = log(30);
    const before = tail.page(10n, head(), {}, 500)!;
    expect(before.events.some((e) => e.streamName.startsWith('access-'))).toBe(true);
    cutAt(25n, (e) => e.streamName.startsWith('access-'));
    const after = tail.page(10n, head(), {}, 500)!;
    expect(after).toEqual(fromFile(events, 10n, head(), {}, 500));
    expect(after.events.filter((e) => e.position <= 25n).some((e) => e.streamName.startsWith('access-'))).toBe(false);
  });

  it('given a long run of commits, then it keeps a bounded number of events and still answers like the file', () => {
    const { events, tail, head, append } = log(10);
    for (let i = 0; i < 50; i++) {
      const at = head();
      append(97);
      expect(tail.page(at, head(), { eventTypes: ['CaseOpened'] }, 500)).toEqual(
        fromFile(events, at, head(), { eventTypes: ['CaseOpened'] }, 500),
      );
    }
    const held = (tail as unknown as { rows: unknown[] }).rows.length;
    expect(held).toBeLessThanOrEqual(2 * TAIL_REACH);
  });
});
