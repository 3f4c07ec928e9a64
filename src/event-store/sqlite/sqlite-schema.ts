import type Database from 'better-sqlite3';

/**
 * Connection settings and schema of the embedded event store.
 *
 * - journal_mode=WAL: readers never block the writer, and several processes can share the file.
 * - synchronous=FULL: in WAL mode SQLite then fsyncs the WAL at every COMMIT, so an acknowledged append
 *   survives a power cut or kernel panic, not only kill -9. With NORMAL alone, WAL commits are synced only
 *   at checkpoints: a power loss may silently drop the newest appends — unacceptable for an audit log whose
 *   callers have already answered 201. A store opened with `syncCommitsOffLoop` (KIM_COMMIT_SYNC=off-loop)
 *   switches to NORMAL only together with its own fdatasync of the WAL before anyone is answered
 *   (wal-syncer.ts); group commit pays the fsync once per batch instead of once per append.
 * - busy_timeout: another process holding the write lock makes us wait (up to 5 s) instead of failing.
 *   better-sqlite3 is synchronous, so that wait blocks this event loop; acceptable for an embedded store.
 * - secure_delete=ON: freed pages are zeroed, so deleted rows (e.g. superseded metadata) do not linger.
 * - wal_autocheckpoint raised from 1000 to 10000 pages: fewer, larger checkpoints during append bursts. A
 *   file-backed store checkpoints from a worker thread instead (src/sqlite/wal-checkpointer.ts) and keeps this only
 *   as a backstop.
 *
 * Streams get an integer key: the events table then repeats an 8-byte integer instead of the stream name,
 * and the (stream, revision) index is smaller, which made inserts markedly cheaper in our measurements.
 * `position` is the INTEGER PRIMARY KEY (the rowid) and is assigned as previous + 1 inside the write
 * transaction, so the global log is gapless; (stream_id, revision) is unique.
 * Stream metadata lives in its own table: it is operational data (retention, shredding marks), not part
 * of the audit trail, and is therefore neither an event nor covered by the hash chain.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL REFERENCES streams (id),
  revision INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  hash BLOB NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS stream_metadata (
  stream TEXT PRIMARY KEY,
  metadata TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_cuts (
  position INTEGER PRIMARY KEY,
  access_head BLOB NOT NULL,
  removed INTEGER NOT NULL,
  cut_at TEXT NOT NULL
);
`;

export const BUSY_TIMEOUT_MS = 5000;

export function configureConnection(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('wal_autocheckpoint = 10000');
  db.exec(SCHEMA);
}
