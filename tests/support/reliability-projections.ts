import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { embeddedPaths } from '../../src/config/stores.js';
import { rebuildProjections } from '../../src/projection-runner/rebuild-projections.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { tableOf } from '../../src/read-store/sqlite/sqlite-schema.js';

/**
 * "The projections catch up to the same documents as a rebuild from scratch": waits until every
 * projection's checkpoint in the live read store has passed the last event it reads, then rebuilds all of
 * them into a fresh read store from the same event log and compares every document (canonical JSON).
 */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

const rows = (db: Database.Database, table: string): Map<string, string> => {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (!exists) return new Map();
  const all = db.prepare(`SELECT id, doc FROM ${table}`).all() as { id: string; doc: string }[];
  return new Map(all.map((r) => [r.id, JSON.stringify(canonical(JSON.parse(r.doc)))]));
};

/** Resolves when each projection's checkpoint has reached the last event of the types it reads. */
export async function waitForProjections(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const paths = embeddedPaths(dataDir);
  const events = openSqliteEventStore({ path: paths.events, chainHeadPath: join(dataDir, 'no-chain-head.json') });
  const read = new Database(paths.read, { readonly: true, fileMustExist: true });
  try {
    const targets = await Promise.all(
      ALL_PROJECTIONS.map(async (p) => {
        const all = await events.readAll({ filter: { eventTypes: p.eventTypes } });
        return { name: p.name, position: all.at(-1)?.position ?? 0n };
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = targets.filter((t) => {
        const row = read.prepare('SELECT position FROM checkpoints WHERE projection = ?').get(t.name) as
          { position: number } | undefined;
        return t.position > 0n && (row === undefined || BigInt(row.position) < t.position);
      });
      if (behind.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`projections still behind after ${timeoutMs} ms: ${behind.map((b) => b.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    read.close();
    await events.close();
  }
}

export interface ProjectionComparison {
  documents: number;
  differing: number;
  examples: string[];
}

export async function compareWithRebuild(dataDir: string): Promise<ProjectionComparison> {
  const paths = embeddedPaths(dataDir);
  const scratch = mkdtempSync(join(tmpdir(), 'kim-rebuild-'));
  const events = openSqliteEventStore({ path: paths.events, chainHeadPath: join(scratch, 'chain-head.json') });
  const rebuiltStore = openSqliteReadStore({ path: join(scratch, 'read.db') });
  try {
    await rebuildProjections({
      eventStore: events,
      readStore: rebuiltStore,
      projections: ALL_PROJECTIONS,
      holder: 'reliability',
    });
  } finally {
    await rebuiltStore.close();
    await events.close();
  }
  const live = new Database(paths.read, { readonly: true, fileMustExist: true });
  const rebuilt = new Database(join(scratch, 'read.db'), { readonly: true });
  const result: ProjectionComparison = { documents: 0, differing: 0, examples: [] };
  try {
    for (const collection of ALL_PROJECTIONS.flatMap((p) => p.collections.map((c) => c.name))) {
      const a = rows(live, tableOf(collection));
      const b = rows(rebuilt, tableOf(collection));
      for (const id of new Set([...a.keys(), ...b.keys()])) {
        result.documents += 1;
        if (a.get(id) !== b.get(id)) {
          result.differing += 1;
          if (result.examples.length < 3)
            result.examples.push(`${collection}/${id}: live ${a.get(id) ?? '—'} rebuilt ${b.get(id) ?? '—'}`);
        }
      }
    }
  } finally {
    live.close();
    rebuilt.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return result;
}
