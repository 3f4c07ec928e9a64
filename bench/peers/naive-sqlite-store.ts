import Database from 'better-sqlite3';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import type { WriterStore } from './writer-store.js';

/**
 * The floor: the event store anyone would write in an afternoon. One `BEGIN IMMEDIATE … COMMIT` per
 * command, WAL with synchronous=FULL (so equally durable), a revision check by max(revision), no hash
 * chain, no group commit, stream names stored as text in every row.
 */
export class NaiveSqliteStore implements WriterStore {
  readonly name = 'naive';
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appendTx;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
      UNIQUE (stream, revision))`);
    this.statements = {
      last: this.db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
      insert: this.db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      read: this.db.prepare('SELECT revision, type, data, metadata FROM events WHERE stream = ? ORDER BY revision'),
    };
    this.appendTx = this.db.transaction((stream: string, events: NewEvent[], expected: number) => {
      const current = (this.statements.last.get(stream) as number | null) ?? -1;
      if (current !== expected) throw new Error(`naive: ${stream} is at ${current}, expected ${expected}`);
      const at = new Date().toISOString();
      let revision = current;
      for (const e of events) {
        revision += 1;
        this.statements.insert.run(
          stream,
          revision,
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          at,
        );
      }
      return revision;
    });
  }

  async append(stream: string, events: NewEvent[], expectedRevision: number): Promise<number> {
    return this.appendTx.immediate(stream, events, expectedRevision);
  }

  async load(stream: string): Promise<number> {
    const rows = this.statements.read.all(stream) as { data: string; metadata: string }[];
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    return rows.length;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
