import type Database from 'better-sqlite3';
import { assertFieldPath, fieldExpr } from './sqlite-query.js';

/** Schema of the embedded read store: one table per collection plus bookkeeping tables. */
const COLLECTION_NAME = /^[a-z][a-z0-9_]*$/;

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new Error(`read store: invalid collection name "${name}"`);
}

export const tableOf = (collection: string) => {
  assertCollectionName(collection);
  return `rm_${collection}`;
};

/**
 * `full`: every commit is fsynced — for the person keys, whose loss would make acknowledged events
 * unreadable. `normal`: WAL commits stay atomic and survive a process crash, but the newest ones may be
 * lost on a power cut — right for read models, since documents and checkpoint go back together and the
 * projection simply applies those events again. It saves an fsync per projection batch.
 */
export type ReadStoreDurability = 'full' | 'normal';

export function openPragmas(db: Database.Database, durability: ReadStoreDurability = 'full'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Erasure (crypto-shredding, Art. 17 DSGVO) must not leave old document bytes in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
}

export function createBookkeeping(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
  `);
}

/** Index names are quoted so a dotted path can appear in them without colliding with `a_b`. */
const indexName = (table: string, field: string) => `"ix_${table}_${field}"`;

/** Creates the table and any missing expression index; indexes are only ever added. */
export function createCollection(db: Database.Database, name: string, indexes: readonly string[]): string[] {
  const table = tableOf(name);
  indexes.forEach(assertFieldPath);
  const row = db.prepare('SELECT indexes FROM collections WHERE name = ?').get(name) as { indexes: string } | undefined;
  const declared = [...new Set([...(row ? (JSON.parse(row.indexes) as string[]) : []), ...indexes])];
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
  for (const field of declared) {
    if (field === 'id') continue;
    db.exec(`CREATE INDEX IF NOT EXISTS ${indexName(table, field)} ON ${table} (${fieldExpr(field)}, id)`);
  }
  db.prepare(
    'INSERT INTO collections (name, indexes) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET indexes = excluded.indexes',
  ).run(name, JSON.stringify(declared));
  return declared;
}

export function declaredIndexes(db: Database.Database, name: string): string[] | undefined {
  const row = db.prepare('SELECT indexes FROM collections WHERE name = ?').get(name) as { indexes: string } | undefined;
  return row ? (JSON.parse(row.indexes) as string[]) : undefined;
}

export function dropCollection(db: Database.Database, name: string): void {
  db.exec(`DROP TABLE IF EXISTS ${tableOf(name)}`);
  db.prepare('DELETE FROM collections WHERE name = ?').run(name);
}
