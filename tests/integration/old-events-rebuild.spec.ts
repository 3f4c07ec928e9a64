import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillStore } from '../../bench/lib/county-week-generator.js';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { TRANSFERS, type TransferDoc } from '../../projections/transfers.projection.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { rebuildProjections } from '../../src/projection-runner/rebuild-projections.js';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { readAll } from '../../src/reports/read-all.js';

/**
 * Stored events are never rewritten (docs/event-model.md), so every read model must rebuild from a store
 * of schema 1. The bench's county generator writes exactly that: v1 shapes of consents, transfers under the
 * flat v1 list, cases without `openedOn`. Before projections read through the same upcasters as the
 * deciders, the transfers projection stopped at the first v1 `DataTransferred` (no `verdict.basis`).
 */
describe('given a store written under schema 1', () => {
  let dir: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kim-v1-rebuild-'));
    eventStore = openSqliteEventStore({ path: join(dir, 'events.db') });
    readStore = openSqliteReadStore({ path: join(dir, 'read.db') });
    await fillStore(eventStore, 20_000);
  });
  afterAll(async () => {
    await readStore?.close();
    await eventStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds every read model, and old transfers read as decided before the legal-basis matrix', async () => {
    await rebuildProjections({ eventStore, readStore, projections: ALL_PROJECTIONS });
    const transfers = await readAll<TransferDoc>(readStore, TRANSFERS, {});
    expect(transfers.length).toBeGreaterThan(0);
    // Upcast, not invented: the v1 code stays, no norm, no conditions known.
    for (const t of transfers) {
      expect(t.legalBasis).toBe('consent');
      expect(t.norm).toBeNull();
      expect(t.conditions).toEqual([]);
    }
  });
});
