import type { EventFilter, RecordedEvent } from '../event-store.port.js';
import { toRecordedEvent, type EventRow } from './sqlite-rows.js';

/**
 * Subscriptions at most this far behind the head are served from the tail; farther ones read the file.
 * Woken together, they follow within a few positions of each other; a small tail also keeps the rows it
 * holds young (a 2,000-event tail raised the service's peak RSS by 30–80 MB under B7's load).
 */
export const TAIL_REACH = 256;
/** Rows the tail keeps: twice its reach, so a page just behind the newest still fits. */
const TAIL_KEEP = 2 * TAIL_REACH;

/**
 * The newest rows of the log, read ONCE for every subscription that follows the head. A commit wakes all
 * subscriptions at once (the projection worker runs 22); each used to query the file for "my event types
 * after my cursor", the same new rows 22 times (issue 19: the worker's log reads were a seventh of its time
 * under B7's POST load). Positions are contiguous and rows never change once committed (see
 * SqliteSubscription), so rows once read stay valid. Catching up from far behind still reads the file,
 * filtered, as before.
 */
export class LogTail {
  /**
   * Every row in (after, through], in position order, as read: each is parsed for the subscription that
   * takes it, as the file read did (parsed events kept here lived into V8's old generation: +30–50 MB peak
   * RSS under B7's load), while a filter looks at type and stream only.
   */
  private rows: EventRow[] = [];
  private after: bigint | undefined;
  private through: bigint | undefined;
  private cutSeen: bigint | undefined;

  /**
   * `readRange(after, upTo)`: every row in (after, upTo], unfiltered, from the file. `lastCut()`: the
   * position of the newest access-log cut (rows up to it may have been removed, by any process): when it
   * moves, the tail is read anew, so no subscription gets an entry the expiry removed.
   */
  constructor(
    private readonly readRange: (after: bigint | undefined, upTo: bigint) => EventRow[],
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
    // Row positions are numbers (SQLite integers within the safe range); compared as such.
    const [low, high] = [Number(from), Number(head)];
    const events: RecordedEvent[] = [];
    for (const row of this.rows) {
      if (row.position <= low) continue;
      if (row.position > high) break;
      if (!matches(row)) continue;
      events.push(toRecordedEvent(row));
      if (events.length === pageSize) return { events, scannedTo: BigInt(row.position) };
    }
    return { events, scannedTo: head };
  }

  /** Makes the tail hold every event in (from, head]: extended at its end, or read anew. */
  private cover(from: bigint, head: bigint): void {
    if (this.through === undefined || from < (this.after ?? 0n) || head - this.through > BigInt(TAIL_KEEP)) {
      this.rows = this.readRange(from, head);
      this.after = from;
      this.through = head;
      return;
    }
    if (head > this.through) {
      for (const row of this.readRange(this.through, head)) this.rows.push(row);
      this.through = head;
    }
    const excess = this.rows.length - TAIL_KEEP;
    if (excess > 0) {
      this.after = BigInt(this.rows[excess - 1]!.position);
      this.rows = this.rows.slice(excess);
    }
  }
}

/** The filter of readAll (stream prefixes OR'ed, AND one of the event types), on a row in memory. */
function matcher(filter: EventFilter | undefined): (row: EventRow) => boolean {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  return (row) =>
    (prefixes.length === 0 || prefixes.some((prefix) => row.stream.startsWith(prefix))) &&
    (types.length === 0 || types.includes(row.type));
}
