import type Database from 'better-sqlite3';

/** A stream as this connection last wrote or looked it up: its row id, if known, and newest revision (-1: none). */
export interface KnownStream {
  id?: number;
  revision: number;
}

/**
 * Entries kept, the least recently written or looked up leaving first: every personal-data read writes a
 * stream of its own (its access event) that nobody folds again, and must not crowd out the streams in use.
 */
const MAX_KNOWN = 10_000;

/**
 * Streams' newest revisions as this connection wrote them or last looked them up, trusted only while no other
 * connection has committed: SQLite's `PRAGMA data_version` changes exactly then — not for this connection's
 * own commits, which update the entries here. A command folds and appends to streams whose revision this
 * process has just written; asking the indexes each time was four lookups per POST (issue 19). Anything this
 * connection removes or rolls back is reported with `forget`.
 */
export class KnownStreams {
  private readonly streams = new Map<string, KnownStream>();
  private readonly dataVersion: Database.Statement;
  private seenVersion: unknown;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  get(stream: string): KnownStream | undefined {
    const version = this.dataVersion.get();
    if (version !== this.seenVersion) {
      this.streams.clear();
      this.seenVersion = version;
      return undefined;
    }
    return this.streams.get(stream);
  }

  /** Only what this connection wrote, or read after `get` answered (so no foreign commit is taken as known). */
  set(stream: string, known: KnownStream): void {
    this.streams.delete(stream);
    this.streams.set(stream, known);
    if (this.streams.size > MAX_KNOWN) this.streams.delete(this.streams.keys().next().value!);
  }

  /** This connection removed rows or rolled a commit back: nothing known before is trusted. */
  forget(): void {
    this.streams.clear();
  }
}
