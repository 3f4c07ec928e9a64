import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { openSqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { rebuildProjection } from '../../src/projection-runner/rebuild-projection.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import type { ReadStore } from '../../src/read-store/read-store.port.js';

/** Counts `Noted` events per stream into `notes`. */
const notes: ProjectionDefinition = {
  name: 'notes',
  version: 2,
  collections: [{ name: 'notes', indexes: ['count'] }],
  eventTypes: ['Noted'],
  async apply(event, ctx) {
    const doc = await ctx.get<{ count: number }>('notes', event.streamName);
    ctx.put('notes', event.streamName, { count: (doc?.count ?? 0) + 1 });
  },
};

const noted = () => ({
  id: randomUUID(),
  type: 'Noted',
  data: {},
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 't', role: 'caseworker' as const, agency: 'KI' },
    occurredAt: '2026-12-01T10:00:00.000Z',
  },
});

/**
 * The MongoDB store swaps by renameCollection, which is not atomic with a live projection's commits, so it
 * says `swapNeedsLease`. Played here on SQLite with that flag set: the rebuild must take the lease from the
 * running projection, wait one lease time, and only then swap; the live documents stay readable throughout.
 */
describe('a rebuild on a store whose swap needs the lease', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kim-takeover-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the lease over from the running projection, waits it out, swaps, and hands it back', async () => {
    const eventStore = openSqliteEventStore({ path: join(dir, 'events.db') });
    const sqlite = openSqliteReadStore({ path: join(dir, 'read.db') });
    const readStore = new Proxy(sqlite, {
      get: (target, property, receiver) =>
        property === 'swapNeedsLease' ? true : Reflect.get(target, property, receiver),
    }) as ReadStore;
    try {
      for (let i = 0; i < 20; i++) await eventStore.appendToStream(`note-${i % 3}`, [noted()], 'any');
      await readStore.ensureCollection(notes.collections[0]!);
      await readStore.commit([{ op: 'upsert', collection: 'notes', id: 'stale', doc: { count: 99 } }], {
        projection: 'notes',
        position: 1n,
      });
      // The "service" holds the projection's lease and renews it, as a runner does.
      const ttl = 300;
      expect(await readStore.acquireLease('projection:notes', 'service', ttl)).toBe(true);
      const renewals: boolean[] = [];
      const renewing = setInterval(
        () => void readStore.acquireLease('projection:notes', 'service', ttl).then((ok) => renewals.push(ok)),
        ttl / 3,
      );
      const liveCounts: number[] = [];
      const watching = setInterval(() => void readStore.count('notes').then((n) => liveCounts.push(n)), 20);
      const started = Date.now();
      try {
        const result = await rebuildProjection({
          eventStore,
          readStore,
          projection: notes,
          holder: 'rebuild',
          leaseTtlMs: ttl,
        });
        expect(result.mode).toBe('shadow');
      } finally {
        clearInterval(renewing);
        clearInterval(watching);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(ttl);
      // The service lost its lease while the rebuild held it, and could take it back afterwards.
      expect(renewals).toContain(false);
      expect(await readStore.acquireLease('projection:notes', 'service', ttl)).toBe(true);
      expect(await readStore.get('notes', 'stale')).toBeUndefined();
      expect(await readStore.get('notes', 'note-0')).toEqual({ count: 7 });
      expect(liveCounts.every((n) => n > 0)).toBe(true);
    } finally {
      await sqlite.close();
      await eventStore.close();
    }
  });
});
