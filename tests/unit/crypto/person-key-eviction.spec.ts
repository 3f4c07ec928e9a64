import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonKeyEviction } from '../../../src/crypto/person-key-maintenance.js';
import { createPersonalDataCipher } from '../../../src/crypto/personal-data.cipher.js';
import { PersonErasedError } from '../../../src/crypto/crypto.errors.js';
import { openSqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store.js';
import { openSqliteReadStore } from '../../../src/read-store/sqlite/sqlite-read-store.js';

const AYLIN = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a01';
const personal = { givenName: 'Aylin', familyName: 'Yılmaz-Özdemir' };

const personErased = (personId: string) => ({
  id: randomUUID(),
  type: 'PersonErased',
  data: { personId, reason: 'Art. 17', erasedBy: 'po-1', at: '2026-12-01T10:00:00.000Z' },
  metadata: {
    schemaVersion: 1,
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { sub: 'po-1', role: 'dpo' as const, agency: 'KI' },
    occurredAt: '2026-12-01T10:00:00.000Z',
  },
});

/**
 * Two instances share the key store and the event log; the one that did not erase has the person's key in
 * its cache. Before (issue 13) it went on decrypting for up to the cache age of 60 s.
 */
describe('an erasure seen through the event log', () => {
  it("drops the person's key from another instance's cache as soon as PersonErased reaches it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kim-eviction-'));
    // Each instance has its own connection: the erasing one's append reaches the other by polling the file.
    const events = openSqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 50 });
    const erasersEvents = openSqliteEventStore({ path: join(dir, 'events.db') });
    const keys = openSqliteReadStore({ path: join(dir, 'keys.db') });
    const masterKey = randomBytes(32);
    const reader = await createPersonalDataCipher({ readStore: keys, masterKey });
    const eraser = await createPersonalDataCipher({ readStore: keys, masterKey });
    const eviction = new PersonKeyEviction(events, reader);
    await eviction.onApplicationBootstrap();
    try {
      const encrypted = await reader.encryptEventData({ personId: AYLIN, personal });
      expect((await reader.decryptEventData(encrypted)).personal).toEqual(personal); // cached now
      // The erasure: the event first, then the key (as ErasureService does) — here the key not even yet.
      await erasersEvents.appendToStream(`person-${AYLIN}`, [personErased(AYLIN)], 'any');
      const started = Date.now();
      const erased = async () => 'erased' in ((await reader.decryptEventData(encrypted)).personal as object);
      while (!(await erased()) && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
      const evictedAfterMs = Date.now() - started;
      console.log(
        `erased person's key evicted from the other instance after ${evictedAfterMs} ms (before: up to 60,000 ms)`,
      );
      expect((await reader.decryptEventData(encrypted)).personal).toEqual({ erased: true });
      expect(evictedAfterMs).toBeLessThan(2_000);
      // Nor can that instance write new personal data for the person, though the key is not shredded yet.
      await expect(reader.encryptEventData({ personId: AYLIN, personal })).rejects.toBeInstanceOf(PersonErasedError);
      await eraser.shred(AYLIN);
      expect(await reader.isErased(AYLIN)).toBe(true);
    } finally {
      await eviction.beforeApplicationShutdown();
      await keys.close();
      await events.close();
      await erasersEvents.close();
    }
  });
});

/**
 * A backup of the key store taken before an erasure, restored after it: the erased person's key is back.
 * The service destroys it again before it serves anything (issue 15, item 4).
 */
describe('a key store restored from a backup older than an erasure', () => {
  it('re-shreds every key whose person has a PersonErased event, at start, before serving', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kim-reshred-'));
    const events = openSqliteEventStore({ path: join(dir, 'events.db') });
    const keys = openSqliteReadStore({ path: join(dir, 'keys.db') });
    const cipher = await createPersonalDataCipher({ readStore: keys, masterKey: randomBytes(32) });
    const kept = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a02';
    try {
      const encrypted = await cipher.encryptEventData({ personId: AYLIN, personal });
      await cipher.encryptEventData({ personId: kept, personal });
      // Erased on the log, but the key is still there: as after restoring the key store from a backup.
      await events.appendToStream(`person-${AYLIN}`, [personErased(AYLIN)], 'any');
      expect(await cipher.keyStore.hasKey(AYLIN)).toBe(true);
      const eviction = new PersonKeyEviction(events, cipher);
      await eviction.onApplicationBootstrap();
      await eviction.beforeApplicationShutdown();
      expect(await cipher.keyStore.hasKey(AYLIN)).toBe(false);
      expect(await cipher.keyStore.hasKey(kept)).toBe(true);
      expect((await cipher.decryptEventData(encrypted)).personal).toEqual({ erased: true });
      // A second start finds nothing to do.
      expect(await new PersonKeyEviction(events, cipher).reshredErased(await events.headPosition())).toEqual([]);
    } finally {
      await keys.close();
      await events.close();
    }
  });
});

/**
 * The re-shred reads the log from where the key store was last checked (issue 19: a full filtered read took
 * 16 s of a 5M-event service's start). What the check must never do is skip an erasure whose key is back.
 */
describe('the erasure check remembered in the key store', () => {
  const OLEKSANDR = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a02';
  let dir: string;
  let events: ReturnType<typeof openSqliteEventStore>;
  let keys: ReturnType<typeof openSqliteReadStore>;
  let cipher: Awaited<ReturnType<typeof createPersonalDataCipher>>;
  /** `after` of every filtered read the re-shred made. */
  let erasureReadsFrom: (bigint | undefined)[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kim-reshred-check-'));
    events = openSqliteEventStore({ path: join(dir, 'events.db') });
    keys = openSqliteReadStore({ path: join(dir, 'keys.db') });
    cipher = await createPersonalDataCipher({ readStore: keys, masterKey: randomBytes(32) });
    erasureReadsFrom = [];
    const readAll = events.readAll.bind(events);
    events.readAll = (options) => {
      if (options?.filter?.eventTypes) erasureReadsFrom.push(options.after);
      return readAll(options);
    };
  });
  afterEach(async () => {
    await keys.close();
    await events.close();
  });

  const noise = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        events.appendToStream(`case-${i}`, [{ ...personErased('x'), type: 'CaseOpened', data: { i } }], 'any'),
      ),
    );
  const start = async () => new PersonKeyEviction(events, cipher).reshredErased(await events.headPosition());

  it('is recorded at the head a start checked, and the next start reads the log from there', async () => {
    await noise(5);
    expect(await start()).toEqual([]);
    const checkedAt = await events.headPosition();
    expect((await cipher.keyStore.erasureCheck())?.position).toBe(String(checkedAt));
    await noise(3);
    erasureReadsFrom = [];
    expect(await start()).toEqual([]);
    expect(erasureReadsFrom).toEqual([checkedAt]);
  });

  it('still finds an erasure after the check whose key came back with a restored key store', async () => {
    await cipher.encryptEventData({ personId: AYLIN, personal });
    await noise(4);
    await start();
    // Erased after the check; the key store is "restored" from before the shred: the key is still there.
    await events.appendToStream(`person-${AYLIN}`, [personErased(AYLIN)], 'any');
    expect(await start()).toEqual([AYLIN]);
    expect(await cipher.keyStore.hasKey(AYLIN)).toBe(false);
  });

  it('is not trusted when made against another log: the whole log is read again', async () => {
    await cipher.encryptEventData({ personId: OLEKSANDR, personal });
    await events.appendToStream(`person-${OLEKSANDR}`, [personErased(OLEKSANDR)], 'any');
    await noise(4);
    // A check from another log, beyond this erasure: taken at its word, the erasure would be skipped.
    await cipher.keyStore.recordErasureCheck((await events.headPosition())!, 'an event of another log');
    erasureReadsFrom = [];
    expect(await start()).toEqual([OLEKSANDR]);
    expect(erasureReadsFrom[0]).toBeUndefined();
  });

  it('is not trusted when it lies beyond the end of the log (the log restored from an older backup)', async () => {
    await cipher.encryptEventData({ personId: OLEKSANDR, personal });
    await events.appendToStream(`person-${OLEKSANDR}`, [personErased(OLEKSANDR)], 'any');
    await cipher.keyStore.recordErasureCheck((await events.headPosition())! + 100n, 'beyond');
    expect(await start()).toEqual([OLEKSANDR]);
  });
});
