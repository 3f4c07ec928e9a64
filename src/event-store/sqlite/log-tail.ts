import type { EventFilter, RecordedEvent } from '../event-store.port.js';

/** Subscriptions at most this far behind the head are served from the tail; farther ones read the file. */
export const TAIL_REACH = 1_000;
/** Events the tail keeps (each parsed once): twice its reach, so a page just behind the newest still fits. */
const TAIL_KEEP = 2 * TAIL_REACH;

/**
 * The newest events of the log, read and parsed ONCE for every subscription that follows the head. A
 * commit wakes all subscriptions at once (the projection worker runs 22); each used to query the file
 * for "my event types after my cursor" and parse what it found, the same rows 22 times (issue 19: the
 * worker's log reads were a seventh of its time under B7's POST load). Positions are contiguous and
 * rows never change once committed (see SqliteSubscription), so events once read stay valid. Catching
 * up from far behind still reads the file, filtered, as before.
 */
export class LogTail {
  /** Every event in (after, through], in position order. */
  private events: RecordedEvent[] = [];
  private after: bigint | undefined;
  private through: bigint | undefined;
  private cutSeen: bigint | undefined;

  /**
   * `readRange(after, upTo)`: every event in (after, upTo], unfiltered, from the file. `lastCut()`: the
   * position of the newest access-log cut (rows up to it may have been removed, by any process): when it
   * moves, the tail is read anew, so no subscription gets an entry the expiry removed.
   */
  constructor(
    private readonly readRange: (after: bigint | undefined, upTo: bigint) => RecordedEvent[],
    private readonly lastCut: () => bigint | undefined,
  ) {}

  /**
   * The page a subscription at `after` gets up to `head` (the newest position it may see), or undefined
   * when it is too far behind to be served from here.
   */
  page(
    after: bigint | undefined,
    head: bigint,
    filter: EventFilter | undefined,
    pageSize: number,
  ): { events: RecordedEvent[]; scannedTo: bigint } | undefined {
    const from = after ?? 0n;
    if (head - from > BigInt(TAIL_REACH)) return undefined;
    const cut = this.lastCut();
    if (cut !== this.cutSeen) {
      this.through = undefined;
      this.cutSeen = cut;
    }
    this.cover(from, head);
    const matches = matcher(filter);
    const events: RecordedEvent[] = [];
    for (const event of this.events) {
      if (event.position <= from) continue;
      if (event.position > head) break;
      if (!matches(event)) continue;
      events.push(event);
      if (events.length === pageSize) return { events, scannedTo: event.position };
    }
    return { events, scannedTo: head };
  }

  /** Makes the tail hold every event in (from, head]: extended at its end, or read anew. */
  private cover(from: bigint, head: bigint): void {
    if (this.through === undefined || from < (this.after ?? 0n) || head - this.through > BigInt(TAIL_KEEP)) {
      this.events = this.readRange(from, head);
      this.after = from;
      this.through = head;
      return;
    }
    if (head > this.through) {
      this.events.push(...this.readRange(this.through, head));
      this.through = head;
    }
    const excess = this.events.length - TAIL_KEEP;
    if (excess > 0) {
      this.after = this.events[excess - 1]!.position;
      this.events = this.events.slice(excess);
    }
  }
}

/** The filter of readAll (stream prefixes OR'ed, AND one of the event types), in memory. */
function matcher(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  return (event) =>
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamName.startsWith(prefix))) &&
    (types.length === 0 || types.includes(event.type));
}
