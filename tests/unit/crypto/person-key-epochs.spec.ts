import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seal } from '../../../src/crypto/aes-gcm.js';
import {
  EPOCH_KEYS,
  EpochKeyMissingError,
  PERSON_KEYS,
  type PersonKeyDocument,
} from '../../../src/crypto/person-key.store.js';
import { createPersonalDataCipher, type PersonalDataCipher } from '../../../src/crypto/personal-data.cipher.js';
import { openSqliteReadStore, type SqliteReadStore } from '../../../src/read-store/sqlite/sqlite-read-store.js';
import type { ReadStore } from '../../../src/read-store/read-store.port.js';
import { fixedClock } from '../../../src/shared/clock.js';

const AYLIN = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a01';
const OLEKSANDR = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a02';
const DAY = 86_400_000;
const personal = { givenName: 'Aylin', familyName: 'Yılmaz-Özdemir' };

interface Setup {
  cipher: PersonalDataCipher;
  keys: SqliteReadStore;
  epochs: SqliteReadStore;
  epochsPath: string;
  masterKey: Buffer;
  clock: ReturnType<typeof fixedClock>;
}

/** Person keys and epoch keys in two SQLite files, as on the embedded default with KIM_KEY_DIR apart. */
async function setUp(keysStore?: (store: SqliteReadStore) => ReadStore): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'kim-epochs-'));
  const keys = openSqliteReadStore({ path: join(dir, 'keys.db') });
  const epochsPath = join(dir, 'epoch-keys.db');
  const epochs = openSqliteReadStore({ path: epochsPath });
  const masterKey = randomBytes(32);
  const clock = fixedClock('2026-11-20T09:00:00Z');
  const cipher = await createPersonalDataCipher({
    readStore: keysStore ? keysStore(keys) : keys,
    epochs,
    epochDays: 30,
    masterKey,
    clock,
  });
  return { cipher, keys, epochs, epochsPath, masterKey, clock };
}

const close = async (s: Setup) => {
  await s.keys.close();
  await s.epochs.close();
};

describe('person keys under rotating epoch keys (issue 13)', () => {
  describe('when a person key is created', () => {
    it('is wrapped under the epoch key of the day, which lives in the epoch store only', async () => {
      const s = await setUp();
      await s.cipher.encryptEventData({ personId: AYLIN, personal });
      const doc = await s.keys.get<PersonKeyDocument>(PERSON_KEYS, AYLIN);
      expect(doc?.epoch).toBe('2026-11-03+30d');
      expect(await s.epochs.get(EPOCH_KEYS, '2026-11-03+30d')).toBeDefined();
      expect(await s.keys.count(EPOCH_KEYS).catch(() => 0)).toBe(0);
      await close(s);
    });
  });

  describe('when the epoch has ended and its grace day is over', () => {
    it('rewraps the live keys under the new epoch, keeps their key ids, and destroys the old epoch key', async () => {
      const s = await setUp();
      const encrypted = await s.cipher.encryptEventData({ personId: AYLIN, personal });
      // The epoch 2026-11-03 ends on 2026-12-03; within the grace day its key stays (an instance with a
      // lagging clock may still wrap under it).
      s.clock.set('2026-12-03T09:00:00Z');
      const early = await s.cipher.keyStore.rotate();
      expect(early).toEqual({ epoch: '2026-12-03+30d', rewrapped: 1, destroyed: [] });
      s.clock.advance(DAY);
      const rotation = await s.cipher.keyStore.rotate();
      expect(rotation).toEqual({ epoch: '2026-12-03+30d', rewrapped: 0, destroyed: ['2026-11-03+30d'] });
      expect(await s.epochs.get(EPOCH_KEYS, '2026-11-03+30d')).toBeUndefined();
      expect((await s.cipher.decryptEventData(encrypted)).personal).toEqual(personal);
      await close(s);
    });
  });

  describe('when a shredded key survives elsewhere (an oplog, a backup of the person key store)', () => {
    it('opens with the master key only until its epoch key is destroyed', async () => {
      const s = await setUp();
      const encrypted = await s.cipher.encryptEventData({ personId: AYLIN, personal });
      await s.cipher.encryptEventData({ personId: OLEKSANDR, personal: { givenName: 'Oleksandr' } });
      const leftover = (await s.keys.get<PersonKeyDocument>(PERSON_KEYS, AYLIN))!;
      await s.cipher.shred(AYLIN);

      // The window: with the master key, the leftover copy still opens while its epoch key exists.
      const restore = async () => {
        await s.keys.commit([{ op: 'upsert', collection: PERSON_KEYS, id: AYLIN, doc: leftover }]);
        const reader = await createPersonalDataCipher({
          readStore: s.keys,
          epochs: s.epochs,
          masterKey: s.masterKey,
          clock: s.clock,
        });
        try {
          return (await reader.decryptEventData(encrypted)).personal;
        } finally {
          await s.keys.commit([{ op: 'delete', collection: PERSON_KEYS, id: AYLIN }]);
        }
      };
      expect(await restore()).toEqual(personal);

      s.clock.advance(31 * DAY);
      const rotation = await s.cipher.keyStore.rotate();
      expect(rotation.destroyed).toEqual(['2026-11-03+30d']);
      await expect(restore()).rejects.toBeInstanceOf(EpochKeyMissingError);
      // Nor is the destroyed epoch key left in the epoch store's files (secure_delete, WAL truncated).
      const files = Buffer.concat(
        await Promise.all([s.epochsPath, `${s.epochsPath}-wal`].filter(existsSync).map((p) => readFile(p))),
      );
      expect(files.includes(Buffer.from('2026-11-03+30d'))).toBe(false);
      await close(s);
    });
  });

  describe('when keys were written before epochs existed (wrapped under the master key)', () => {
    it('reads them, and the rotation moves them under the current epoch with their key id', async () => {
      const s = await setUp();
      const encrypted = await s.cipher.encryptEventData({ personId: AYLIN, personal });
      const { kid } = encrypted.personal as unknown as { kid: string };
      // Rewrite the document the way the previous version stored it.
      const key = await s.cipher.keyStore.find(AYLIN);
      const legacyOf = (personId: string) => {
        const sealed = seal(s.masterKey, key!.key, personId);
        return {
          wrapped: sealed.ct.toString('base64'),
          iv: sealed.iv.toString('base64'),
          tag: sealed.tag.toString('base64'),
          createdAt: '2026-01-01T00:00:00.000Z',
        };
      };
      await s.keys.commit([{ op: 'upsert', collection: PERSON_KEYS, id: AYLIN, doc: { ...legacyOf(AYLIN), kid } }]);
      const reader = await createPersonalDataCipher({
        readStore: s.keys,
        epochs: s.epochs,
        masterKey: s.masterKey,
        clock: s.clock,
      });
      expect((await reader.decryptEventData(encrypted)).personal).toEqual(personal);
      // A document with no stored kid: its id was derived from its first wrapping, and must stay that.
      const legacy = legacyOf(OLEKSANDR);
      const legacyKid = createHash('sha256')
        .update(legacy.wrapped, 'base64')
        .update(legacy.iv, 'base64')
        .digest('base64url')
        .slice(0, 16);
      await s.keys.commit([{ op: 'upsert', collection: PERSON_KEYS, id: OLEKSANDR, doc: legacy }]);
      expect((await reader.keyStore.rotate()).rewrapped).toBe(2);
      expect((await s.keys.get<PersonKeyDocument>(PERSON_KEYS, OLEKSANDR))?.kid).toBe(legacyKid);
      expect((await s.keys.get<PersonKeyDocument>(PERSON_KEYS, AYLIN))?.epoch).toBe('2026-11-03+30d');
      await close(s);
    });
  });

  describe('when a person is shredded while the rotation rewraps their key', () => {
    it('does not bring the key back', async () => {
      let shredFirst: (() => Promise<void>) | undefined;
      const s = await setUp(
        (store) =>
          new Proxy(store, {
            get(target, property, receiver) {
              if (property !== 'commit') return Reflect.get(target, property, receiver);
              return async (...args: Parameters<ReadStore['commit']>) => {
                const shred = shredFirst;
                if (shred && args[0].some((c) => c.op === 'upsert' && c.collection === PERSON_KEYS)) {
                  shredFirst = undefined;
                  await shred(); // the erasure lands between the rotation's read and its write
                }
                return target.commit(...args);
              };
            },
          }),
      );
      await s.cipher.encryptEventData({ personId: AYLIN, personal });
      s.clock.advance(31 * DAY);
      shredFirst = () => s.cipher.shred(AYLIN);
      await s.cipher.keyStore.rotate();
      expect(await s.keys.get(PERSON_KEYS, AYLIN)).toBeUndefined();
      expect(await s.cipher.isErased(AYLIN)).toBe(true);
      await close(s);
    });
  });
});
