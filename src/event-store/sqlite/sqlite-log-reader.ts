import type Database from 'better-sqlite3';
import type { EventFilter, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../event-store.port.js';
import type { KnownStreams } from './known-streams.js';
import { LogTail } from './log-tail.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './sqlite-rows.js';

const NO_LIMIT = -1;

/**
 * Read side of the embedded store. Stream prefixes are compared as bytes (`substr` over a BLOB cast):
 * LIKE would be case-insensitive and treat `_` and `%` as wildcards. Statements are cached per filter shape.
 */
export class SqliteLogReader {
  private readonly byShape = new Map<string, Database.Statement>();
  private readonly streamStatement;
  private readonly headStatement;
  private readonly revisionStatement;
  /** The newest events, shared by the subscriptions that follow the head (log-tail.ts). */
  private readonly tail = new LogTail(
    (after, upTo) => this.rows(after === undefined ? {} : { after }, upTo),
    () => (this.lastCutStatement.get() as bigint | null) ?? undefined,
  );
  private readonly lastCutStatement;

  constructor(
    private readonly db: Database.Database,
    private readonly known: KnownStreams,
  ) {
    this.streamStatement = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id ` +
        'WHERE s.name = ? AND e.revision >= ? ORDER BY e.revision LIMIT ?',
    );
    this.headStatement = db.prepare('SELECT max(position) FROM events').pluck();
    this.lastCutStatement = db.prepare('SELECT max(position) FROM chain_cuts').pluck().safeIntegers(true);
    this.revisionStatement = db
      .prepare('SELECT max(e.revision) FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.name = ?')
      .pluck();
  }

  readStream(stream: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const from = options.fromRevision ?? 0;
    // A cached fold asks for what came after it, which is mostly nothing: the revision probe answers that
    // from the index in a seventh of the time of the empty row query (issue 19: a POST made four such reads).
    // With the revision known (known-streams.ts), it is not even asked.
    if (from > 0 && this.lastRevision(stream) < from) return [];
    const rows = this.streamStatement.all(stream, from, options.maxCount ?? NO_LIMIT) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  streamRevision(stream: string): number | undefined {
    const last = this.lastRevision(stream);
    return last < 0 ? undefined : last;
  }

  /** -1 for a stream without events. */
  private lastRevision(stream: string): number {
    const known = this.known.get(stream);
    if (known) return known.revision;
    const revision = (this.revisionStatement.get(stream) as number | null) ?? -1;
    this.known.set(stream, { revision });
    return revision;
  }

  head(): bigint | undefined {
    const position = this.headStatement.get() as number | null;
    return position === null ? undefined : BigInt(position);
  }

  readAll(options: ReadAllOptions = {}, upTo?: bigint): RecordedEvent[] {
    return this.rows(options, upTo).map(toRecordedEvent);
  }

  /** The rows readAll parses (the log tail keeps them unparsed). */
  private rows(options: ReadAllOptions, upTo?: bigint): EventRow[] {
    const prefixes = options.filter?.streamPrefixes ?? [];
    const types = options.filter?.eventTypes ?? [];
    const parameters: unknown[] = [options.after ?? 0n, upTo ?? Number.MAX_SAFE_INTEGER];
    for (const prefix of prefixes) {
      const bytes = Buffer.from(prefix, 'utf8');
      parameters.push(bytes.byteLength, bytes);
    }
    parameters.push(...types, options.maxCount ?? NO_LIMIT);
    return this.statementFor(prefixes.length, types.length).all(...parameters) as EventRow[];
  }

  /**
   * For subscriptions: a page after `after`, and how far the log was scanned (to skip non-matching events).
   * `cap`: read no further than this position (commits not yet durable, see wal-syncer.ts).
   */
  readPage(after: bigint | undefined, filter: EventFilter | undefined, pageSize: number, cap?: bigint) {
    const stored = this.head();
    const head = cap !== undefined && stored !== undefined && cap < stored ? cap : stored;
    if (head === undefined || (after !== undefined && head <= after)) return { events: [], scannedTo: after };
    const fromTail = this.tail.page(after, head, filter, pageSize);
    if (fromTail) return fromTail;
    const events = this.readAll({ after, filter, maxCount: pageSize }, head);
    return { events, scannedTo: events.length < pageSize ? head : events.at(-1)!.position };
  }

  private statementFor(prefixCount: number, typeCount: number): Database.Statement {
    const key = `${prefixCount}/${typeCount}`;
    let statement = this.byShape.get(key);
    if (!statement) {
      const where = ['e.position > ?', 'e.position <= ?'];
      if (prefixCount > 0) {
        where.push(`(${Array(prefixCount).fill('substr(CAST(s.name AS BLOB), 1, ?) = ?').join(' OR ')})`);
      }
      if (typeCount > 0) where.push(`e.type IN (${Array(typeCount).fill('?').join(', ')})`);
      statement = this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id ` +
          `WHERE ${where.join(' AND ')} ORDER BY e.position LIMIT ?`,
      );
      this.byShape.set(key, statement);
    }
    return statement;
  }
}
