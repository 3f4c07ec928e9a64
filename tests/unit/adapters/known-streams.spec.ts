import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.js';
import { ConcurrencyError } from '../../../src/shared/errors.js';
import { testMetadata } from '../../support/projection-harness.js';

/**
 * The embedded store answers "anything after revision n?" and checks an append's expected revision from the
 * revisions its own connection wrote (known-streams.ts) — which must never hide what another connection
 * (another process sharing the file) appended meanwhile.
 */
const event = (type = 'CaseActionRecorded'): NewEvent => ({
  id: randomUUID(),
  type,
  data: {},
  metadata: testMetadata(),
});

describe('stream revisions this connection knows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kim-known-'));
  const path = join(dir, 'events.db');
  let ours: SqliteEventStore;
  let theirs: SqliteEventStore;
  beforeAll(() => {
    ours = openSqliteEventStore({ path });
    theirs = openSqliteEventStore({ path, chainHeadPath: join(dir, 'their-head.json') });
  });
  afterAll(async () => {
    await ours.close();
    await theirs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answer a fold of a stream this connection wrote last: nothing after its revision', async () => {
    await ours.appendToStream('case-1', [event(), event(), event()], 'no_stream');
    expect(await ours.readStream('case-1', { fromRevision: 3 })).toEqual([]);
    expect(await ours.streamRevision('case-1')).toBe(2);
  });

  it("give way to another connection's append: the fold reads it, the stale append is refused", async () => {
    await ours.appendToStream('case-2', [event(), event()], 'no_stream');
    expect(await ours.readStream('case-2', { fromRevision: 2 })).toEqual([]);
    await theirs.appendToStream('case-2', [event('CaseClosed')], 1);

    expect((await ours.readStream('case-2', { fromRevision: 2 })).map((e) => e.type)).toEqual(['CaseClosed']);
    await expect(ours.appendToStream('case-2', [event()], 1)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(ours.appendToStream('case-2', [event()], 2)).resolves.toMatchObject({ nextExpectedRevision: 3 });
  });

  it('are not taken from a read that found another connection ahead of a written revision', async () => {
    await ours.appendToStream('case-3', [event()], 'no_stream');
    await theirs.appendToStream('case-3', [event()], 0);
    expect(await ours.streamRevision('case-3')).toBe(1);
    await expect(ours.appendToStream('case-3', [event()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(ours.appendToStream('case-3', [event()], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });
  });

  it('are not taken from an append that failed: its stream is as before', async () => {
    await ours.appendToStream('case-4', [event()], 'no_stream');
    // An event that cannot be stored in the same batch fails alone; the other append stands.
    const bad = { ...event(), id: undefined as unknown as string };
    const results = await Promise.allSettled([
      ours.appendToStream('case-4', [event()], 0),
      ours.appendToStream('case-5', [bad], 'no_stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await ours.streamRevision('case-4')).toBe(1);
    expect(await ours.streamRevision('case-5')).toBeUndefined();
    await expect(ours.appendToStream('case-5', [event()], 'no_stream')).resolves.toMatchObject({
      nextExpectedRevision: 0,
    });
  });
});
