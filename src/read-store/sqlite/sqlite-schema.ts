import type Database from 'better-sqlite3';
import { assertFieldPath, columnsOf, extractor } from './sqlite-columns.js';

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

/**
 * SQLite's default page cache is 2 MiB per connection. A rebuild gains from more: a batch writes a dozen
 * tables whose B-tree pages then stay in memory from one batch to the next, and the index builds at the
 * swap sort in memory for longer (400k events: 26.2 -> 24.6 s with 32 MiB, mean of 2 alternating pairs).
 * Only the pages used are allocated, but a long-running service fills them: it keeps the default, so its
 * RSS stays inside the soak's budget.
 */
export const REBUILD_PAGE_CACHE_MIB = 32;

export function openPragmas(db: Database.Database, durability: ReadStoreDurability = 'full', pageCacheMiB = 2): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Erasure (crypto-shredding, Art. 17 DSGVO) must not leave old document bytes in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = ${-1024 * pageCacheMiB}`);
}

export function createBookkeeping(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
  `);
  // Files from before sorted indexes: the list of [filter, sort] pairs joins the bookkeeping.
  if (!columnNames(db, 'collections').has('sorted'))
    db.exec(`ALTER TABLE collections ADD COLUMN sorted TEXT NOT NULL DEFAULT '[]'`);
}

export type SortedIndex = readonly [filter: string, sort: string];
const pairKey = ([filter, sort]: SortedIndex) => `${filter}>${sort}`;

/** The expression index of the previous layout, dropped by `createCollection` when it finds one. */
const legacyIndexName = (table: string, field: string) => `"ix_${table}_${field}"`;

/**
 * Quoted, and joined by a dot, which neither a table nor a column name contains: unique per table and
 * column, and distinct from the legacy `ix_…` names.
 */
const indexName = (table: string, column: string) => `"cx_${table}.${column}"`;
const sortedIndexName = (table: string, filter: string, sort: string) => `"cx_${table}.${filter}>${sort}"`;

const BACKFILL_BATCH = 1000;

/**
 * Fills the columns of `fields` (declared fields of the table) in every row from its document, in batches
 * by rowid: better-sqlite3 runs no other statement while a query is being iterated.
 */
export function backfill(db: Database.Database, table: string, fields: readonly string[]): void {
  if (fields.length === 0) return;
  const columns = columnsOf(fields);
  const extract = extractor(fields);
  const select = db.prepare(
    `SELECT rowid AS r, doc FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${BACKFILL_BATCH}`,
  );
  const update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c.column} = ?`).join(', ')} WHERE rowid = ?`);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = select.all(after) as { r: number; doc: string }[];
    for (const row of rows) update.run([...extract(JSON.parse(row.doc) as Record<string, unknown>), row.r]);
    if (rows.length < BACKFILL_BATCH) return;
    after = rows[rows.length - 1]!.r;
  }
}

export const tableExists = (db: Database.Database, table: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;

const columnNames = (db: Database.Database, table: string) =>
  new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));

/**
 * Creates the table, a column per declared field and a plain index (column, id) on it; indexes are only
 * ever added. A column added to a collection with documents is filled from them before it is indexed.
 * Also upgrades a table of the previous layout (expression indexes over `json_extract(doc, …)`, no
 * columns): its columns are added and filled, its expression indexes dropped. Run it in a transaction.
 * `deferIndexes`: columns only, no indexes yet (a shadow collection; replaceCollection builds them).
 */
export function createCollection(
  db: Database.Database,
  name: string,
  indexes: readonly string[],
  options: { deferIndexes?: boolean; sorted?: readonly SortedIndex[] } = {},
): string[] {
  const table = tableOf(name);
  indexes.forEach(assertFieldPath);
  const row = db.prepare('SELECT indexes, sorted FROM collections WHERE name = ?').get(name) as
    { indexes: string; sorted: string } | undefined;
  const declared = [...new Set([...(row ? (JSON.parse(row.indexes) as string[]) : []), ...indexes])];
  const sorted = [
    ...new Map(
      [...(row ? (JSON.parse(row.sorted) as SortedIndex[]) : []), ...(options.sorted ?? [])].map((p) => [
        pairKey(p),
        p,
      ]),
    ).values(),
  ];
  const columns = columnsOf(declared);
  const columnFor = new Map(columns.map((c) => [c.field, c.column]));
  for (const pair of sorted)
    if (pair.some((field) => !columnFor.has(field)))
      throw new Error(`read store: sorted index ${pairKey(pair)} of "${name}" names a field that is not declared`);
  // A field that leads a sorted index is served by it; an index of its own would only cost writes.
  const leading = new Set(sorted.map(([filter]) => filter));
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL${columns.map((c) => `, ${c.column}`).join('')})`,
  );
  const existing = columnNames(db, table);
  const missing = columns.filter((c) => !existing.has(c.column));
  for (const { column } of missing) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  backfill(
    db,
    table,
    missing.map((c) => c.field),
  );
  for (const { field, column } of columns) {
    db.exec(`DROP INDEX IF EXISTS ${legacyIndexName(table, field)}`);
    if (!options.deferIndexes && !leading.has(field))
      db.exec(`CREATE INDEX IF NOT EXISTS ${indexName(table, column)} ON ${table} (${column}, id)`);
  }
  for (const [filter, sort] of options.deferIndexes ? [] : sorted) {
    const [a, b] = [columnFor.get(filter)!, columnFor.get(sort)!];
    db.exec(`CREATE INDEX IF NOT EXISTS ${sortedIndexName(table, a, b)} ON ${table} (${a}, ${b}, id)`);
  }
  db.prepare(
    `INSERT INTO collections (name, indexes, sorted) VALUES (?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET indexes = excluded.indexes, sorted = excluded.sorted`,
  ).run(name, JSON.stringify(declared), JSON.stringify(sorted));
  return declared;
}

/** Brings every known collection to the current layout (see createCollection); run once on open. */
export function upgradeCollections(db: Database.Database): void {
  const rows = db.prepare('SELECT name, indexes FROM collections').all() as { name: string; indexes: string }[];
  for (const { name, indexes } of rows) {
    const table = tableOf(name);
    const existing = columnNames(db, table);
    const legacy = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql LIKE '%json_extract%'`)
      .get(table);
    const current =
      !legacy && existing.size > 0 && columnsOf(JSON.parse(indexes) as string[]).every((c) => existing.has(c.column));
    if (!current) db.transaction(() => createCollection(db, name, [])).immediate();
  }
}

export function declaredIndexes(db: Database.Database, name: string): string[] | undefined {
  const row = db.prepare('SELECT indexes FROM collections WHERE name = ?').get(name) as { indexes: string } | undefined;
  return row ? (JSON.parse(row.indexes) as string[]) : undefined;
}

/**
 * Replaces the live collection by the shadow one: the shadow table is renamed, and its indexes are built
 * again under the live names — one sort per index instead of keeping every index up to date row by row,
 * as copying the documents did. A field only the live collection declares is added and filled from the
 * documents. Run it in a transaction.
 */
export function replaceCollection(db: Database.Database, shadow: string, live: string): void {
  const [from, to] = [tableOf(shadow), tableOf(live)];
  if (!tableExists(db, from)) throw new Error(`read store: no collection "${shadow}" to swap in`);
  const shadowFields = declaredIndexes(db, shadow) ?? [];
  const shadowSorted = sortedIndexes(db, shadow);
  db.exec(`DROP TABLE IF EXISTS ${to}`);
  db.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
  const indexes = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
    .pluck()
    .all(to) as string[];
  for (const name of indexes) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
  db.prepare('DELETE FROM collections WHERE name = ?').run(shadow);
  createCollection(db, live, shadowFields, { sorted: shadowSorted });
}

function sortedIndexes(db: Database.Database, name: string): SortedIndex[] {
  const row = db.prepare('SELECT sorted FROM collections WHERE name = ?').get(name) as { sorted: string } | undefined;
  return row ? (JSON.parse(row.sorted) as SortedIndex[]) : [];
}

export function dropCollection(db: Database.Database, name: string): void {
  db.exec(`DROP TABLE IF EXISTS ${tableOf(name)}`);
  db.prepare('DELETE FROM collections WHERE name = ?').run(name);
}
