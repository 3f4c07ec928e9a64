import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERSON_KEYS, type PersonKeyDocument } from '../../../src/crypto/person-key.store.js';
import { createPersonalDataCipher } from '../../../src/crypto/personal-data.cipher.js';
import { openSqliteReadStore } from '../../../src/read-store/sqlite/sqlite-read-store.js';

const PERSON = '0b7e4d2a-9f1c-4c55-8e3a-5d6f7a8b9c01';
const personal = { givenName: 'Mariam', familyName: 'Al-Hassan Müller', nameInOwnScript: 'مريم الحسن' };

/** Every byte SQLite has on disk for the store: the database file and its write-ahead log. */
async function filesOf(path: string): Promise<Buffer> {
  const parts = [path, `${path}-wal`].filter(existsSync);
  return Buffer.concat(await Promise.all(parts.map((p) => readFile(p))));
}

describe('personal data cipher on the embedded SQLite read store', () => {
  describe('when a person is registered and the service restarts', () => {
    it('decrypts with the key kept in the store under the same master key', async () => {
      const path = join(await mkdtemp(join(tmpdir(), 'kim-keys-')), 'read.db');
      const masterKey = randomBytes(32);
      const first = openSqliteReadStore({ path });
      const encrypted = await (
        await createPersonalDataCipher({ readStore: first, masterKey })
      ).encryptEventData({ personId: PERSON, personal });
      await first.close();

      const second = openSqliteReadStore({ path });
      const cipher = await createPersonalDataCipher({ readStore: second, masterKey });
      expect((await cipher.decryptEventData(encrypted)).personal).toEqual(personal);
      await second.close();
    });
  });

  describe('when the person is shredded', () => {
    it('yields { erased: true }, and the wrapped key is gone from the table and from the database files', async () => {
      const path = join(await mkdtemp(join(tmpdir(), 'kim-keys-')), 'read.db');
      const store = openSqliteReadStore({ path });
      const cipher = await createPersonalDataCipher({ readStore: store, masterKey: randomBytes(32) });
      const encrypted = await cipher.encryptEventData({ personId: PERSON, personal });
      const { wrapped } = (await store.get<PersonKeyDocument>(PERSON_KEYS, PERSON))!;
      expect((await filesOf(path)).includes(wrapped)).toBe(true);

      await cipher.shred(PERSON);

      expect((await cipher.decryptEventData(encrypted)).personal).toEqual({ erased: true });
      expect(await store.get(PERSON_KEYS, PERSON)).toBeUndefined();
      await store.close();
      // secure_delete and the checkpoint on close must leave no copy a forensic read of the file could find.
      expect((await filesOf(path)).includes(wrapped)).toBe(false);
    });
  });
});
