import type Database from 'better-sqlite3';
import type { Document } from '../read-store.port.js';
import { columnsOf, extractor, type ColumnValue } from './sqlite-columns.js';
import { tableOf } from './sqlite-schema.js';

/**
 * Writes the documents of one collection with the columns of its declared fields (see sqlite-columns.ts).
 * Prepared for the fields declared when it was made; the store makes a new one when the schema changes.
 *
 * SQLite rewrites the index entries of every column an UPDATE assigns, even to the value it has, so an
 * upsert of an existing document assigns only the columns whose value changed (measured: 20k updated
 * documents with unchanged indexed values, 4 indexes: 830 ms assigning all columns, 55 ms assigning none).
 * A table without such indexes (a rebuild's shadow collection, or a collection declaring no fields) has
 * nothing to spare there: its upsert is one INSERT … ON CONFLICT DO UPDATE instead of an INSERT, a SELECT
 * and an UPDATE for a document that exists.
 */
export class CollectionWriter {
  private readonly insertStmt: Database.Statement;
  private readonly removeStmt: Database.Statement;
  private readonly currentStmt: Database.Statement | undefined;
  /** Set when the table has no index besides its id: one statement creates or replaces a document. */
  private readonly upsertStmt: Database.Statement | undefined;
  private readonly updates = new Map<string, Database.Statement>();
  private readonly table: string;
  private readonly columns: string[];
  private readonly extract: (doc: Document) => ColumnValue[];

  constructor(
    private readonly db: Database.Database,
    collection: string,
    fields: readonly string[],
  ) {
    this.table = tableOf(collection);
    this.columns = columnsOf(fields).map((c) => c.column);
    this.extract = extractor(fields);
    const names = ['id', 'doc', ...this.columns].join(', ');
    const values = ['?', '?', ...this.columns.map(() => '?')].join(', ');
    // One statement: a taken id shows as no change, without a SELECT first.
    this.insertStmt = db.prepare(`INSERT INTO ${this.table} (${names}) VALUES (${values}) ON CONFLICT(id) DO NOTHING`);
    this.removeStmt = db.prepare(`DELETE FROM ${this.table} WHERE id = ?`);
    // An unchanged document is left alone, as by update(): no page or WAL write for a replayed upsert.
    this.upsertStmt = hasSecondaryIndexes(db, this.table)
      ? undefined
      : db.prepare(
          `INSERT INTO ${this.table} (${names}) VALUES (${values}) ON CONFLICT(id) DO UPDATE SET ` +
            ['doc', ...this.columns].map((c) => `${c} = excluded.${c}`).join(', ') +
            ` WHERE ${this.table}.doc IS NOT excluded.doc`,
        );
    // Safe integers: a boolean's INTEGER comes back as a bigint, as extract() gives it, and a number as a
    // number, so `===` also tells `true` from 1.
    this.currentStmt = this.columns.length
      ? db
          .prepare(`SELECT ${this.columns.join(', ')} FROM ${this.table} WHERE id = ?`)
          .raw(true)
          .safeIntegers(true)
      : undefined;
  }

  /** Creates the document; false when the id is taken (nothing written). */
  insert(id: string, doc: Document): boolean {
    return this.insertStmt.run([id, JSON.stringify(doc), ...this.extract(doc)]).changes === 1;
  }

  upsert(id: string, doc: Document): void {
    const json = JSON.stringify(doc);
    const values = this.extract(doc);
    if (this.upsertStmt) {
      this.upsertStmt.run([id, json, ...values]);
      return;
    }
    if (this.insertStmt.run([id, json, ...values]).changes === 1) return;
    const current = (this.currentStmt?.get(id) as unknown[] | undefined) ?? [];
    const changed = values.map((value, i) => current[i] !== value);
    const assigned = values.filter((_, i) => changed[i]);
    // An unchanged document is left alone: no page, index or WAL write for a replayed upsert.
    this.update(changed).run([json, ...assigned, id, json]);
  }

  remove(id: string): void {
    this.removeStmt.run(id);
  }

  /** The UPDATE assigning the doc and the columns flagged in `changed`. */
  private update(changed: readonly boolean[]): Database.Statement {
    const key = changed.map((c) => (c ? '1' : '0')).join('');
    let stmt = this.updates.get(key);
    if (!stmt) {
      const set = ['doc', ...this.columns.filter((_, i) => changed[i])].map((c) => `${c} = ?`).join(', ');
      stmt = this.db.prepare(`UPDATE ${this.table} SET ${set} WHERE id = ? AND doc IS NOT ?`);
      this.updates.set(key, stmt);
    }
    return stmt;
  }
}

/** Whether any index besides the primary key's covers the table (created by CREATE INDEX). */
function hasSecondaryIndexes(db: Database.Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM pragma_index_list(?) WHERE origin = 'c'`).get(table) !== undefined;
}
