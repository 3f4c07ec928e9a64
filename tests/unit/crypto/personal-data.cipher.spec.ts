import { randomBytes } from 'node:crypto';
import { KeyUnwrapError, PersonErasedError, PersonalDataIntegrityError } from '../../../src/crypto/crypto.errors.js';
import { PERSON_KEYS } from '../../../src/crypto/person-key.store.js';
import {
  createPersonalDataCipher,
  isEnvelope,
  type PersonalDataCipher,
} from '../../../src/crypto/personal-data.cipher.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { InMemoryReadStore } from './in-memory-read-store.fake.js';

const AYLIN = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a01';
const OLEKSANDR = '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a02';

const personal = {
  givenName: 'Aylin Gül',
  familyName: 'Yılmaz-Özdemir',
  nickname: 'Jürgen Weiß',
  nameInOwnScript: 'آيلين يلماز',
  formerName: 'Олександр Шевченко',
  note: '王小明 · 😀 · ñ',
  languages: ['tr', 'ar', 'uk'],
};
const registered = (personId: string) => ({
  personId,
  registeredBy: 'cw-01',
  residue: { municipality: 'Velbert' },
  personal,
});

async function setUp(masterKey = randomBytes(32), store = new InMemoryReadStore()) {
  const cipher = await createPersonalDataCipher({
    readStore: store,
    masterKey,
    clock: fixedClock('2026-07-01T09:00:00Z'),
  });
  return { cipher, store, masterKey };
}

describe('personal data cipher', () => {
  describe('when an event with personal data is encrypted', () => {
    let cipher: PersonalDataCipher;
    let store: InMemoryReadStore;
    let encrypted: ReturnType<typeof registered>;

    beforeEach(async () => {
      ({ cipher, store } = await setUp());
      encrypted = await cipher.encryptEventData(registered(AYLIN));
    });

    it('replaces personal by an A256GCM envelope and keeps the pseudonymous fields', () => {
      expect(isEnvelope(encrypted.personal)).toBe(true);
      expect(Object.keys(encrypted.personal).sort()).toEqual(['alg', 'ct', 'iv', 'kid', 'tag']);
      expect(encrypted.personId).toBe(AYLIN);
      expect(encrypted.residue).toEqual({ municipality: 'Velbert' });
    });

    it('round-trips umlauts and non-Latin scripts exactly', async () => {
      expect(await cipher.decryptEventData(encrypted)).toEqual(registered(AYLIN));
    });

    it('leaves no plaintext in the event or in the key store', () => {
      const stored = JSON.stringify(encrypted) + store.dump();
      // Two-letter language codes are left out: random base64 contains them by chance.
      const words = [
        ...Object.values(personal).filter((v) => typeof v === 'string'),
        'Yılmaz',
        'Özdemir',
        'آيلين',
        'Шевченко',
        '王小明',
      ];
      for (const value of words) {
        expect(stored).not.toContain(value);
        expect(stored).not.toContain(JSON.stringify(value).slice(1, -1));
      }
    });

    it('creates one key for the person and reuses it for later events', async () => {
      const second = await cipher.encryptEventData({ personId: AYLIN, personal: { reason: 'Umzug nach Köln' } });
      expect(await store.count(PERSON_KEYS)).toBe(1);
      expect((second.personal as unknown as { kid: string }).kid).toBe(
        (encrypted.personal as unknown as { kid: string }).kid,
      );
      const keyDoc = await store.get(PERSON_KEYS, AYLIN);
      expect(Object.keys(keyDoc ?? {}).sort()).toEqual(['createdAt', 'epoch', 'iv', 'kid', 'tag', 'wrapped']);
    });

    it('uses a fresh nonce for every encryption', async () => {
      const again = await cipher.encryptEventData(registered(AYLIN));
      expect((again.personal as unknown as { iv: string }).iv).not.toBe(
        (encrypted.personal as unknown as { iv: string }).iv,
      );
    });
  });

  describe("when a ciphertext is moved into another person's event", () => {
    it("fails to decrypt instead of showing one person's data as another's", async () => {
      const { cipher } = await setUp();
      const aylins = await cipher.encryptEventData(registered(AYLIN));
      await cipher.encryptEventData(registered(OLEKSANDR));
      await expect(cipher.decryptEventData({ ...aylins, personId: OLEKSANDR })).rejects.toThrow(
        PersonalDataIntegrityError,
      );
    });
  });

  describe('when a stored ciphertext was altered', () => {
    it('refuses it', async () => {
      const { cipher } = await setUp();
      const encrypted = await cipher.encryptEventData(registered(AYLIN));
      const envelope = encrypted.personal as unknown as { ct: string };
      const ct = Buffer.from(envelope.ct, 'base64');
      ct[0]! ^= 0x01;
      const tampered = { ...encrypted, personal: { ...envelope, ct: ct.toString('base64') } };
      await expect(cipher.decryptEventData(tampered)).rejects.toThrow(PersonalDataIntegrityError);
    });
  });

  describe('when the person has been shredded', () => {
    let cipher: PersonalDataCipher;
    let store: InMemoryReadStore;
    let encrypted: ReturnType<typeof registered>;

    beforeEach(async () => {
      ({ cipher, store } = await setUp());
      encrypted = await cipher.encryptEventData(registered(AYLIN));
      await cipher.decryptEventData(encrypted); // the key is now in the cache too
      await cipher.shred(AYLIN);
    });

    it('yields { erased: true } for personal and keeps the pseudonymous fields', async () => {
      const decrypted = await cipher.decryptEventData(encrypted);
      expect(decrypted.personal).toEqual({ erased: true });
      expect(decrypted.personId).toBe(AYLIN);
    });

    it('has deleted the key document', async () => {
      expect(await store.get(PERSON_KEYS, AYLIN)).toBeUndefined();
    });

    it('reports the person as erased, and others not', async () => {
      expect(await cipher.isErased(AYLIN)).toBe(true);
      expect(await cipher.isErased(OLEKSANDR)).toBe(false);
    });

    it('refuses to store new personal data for the person', async () => {
      await expect(cipher.encryptEventData(registered(AYLIN))).rejects.toThrow(PersonErasedError);
    });

    it('is erased for another instance sharing the store too', async () => {
      const { cipher: other } = await setUp(randomBytes(32), store);
      expect((await other.decryptEventData(encrypted)).personal).toEqual({ erased: true });
    });
  });

  describe('when another instance shreds a person whose key this instance has cached', () => {
    it('stops decrypting once the cache age limit has passed', async () => {
      const store = new InMemoryReadStore();
      const masterKey = randomBytes(32);
      const clock = fixedClock('2026-07-01T09:00:00Z');
      const reader = await createPersonalDataCipher({ readStore: store, masterKey, clock, cacheMaxAgeMs: 60_000 });
      const eraser = await createPersonalDataCipher({ readStore: store, masterKey, clock });
      const encrypted = await reader.encryptEventData(registered(AYLIN));
      await reader.decryptEventData(encrypted); // its plaintext is now remembered too
      await eraser.shred(AYLIN);
      clock.advance(60_000);
      expect((await reader.decryptEventData(encrypted)).personal).toEqual({ erased: true });
    });
  });

  describe('when the master key is not the one the keys were wrapped with', () => {
    it('fails with a clear error naming the cause', async () => {
      const { cipher, store } = await setUp();
      const encrypted = await cipher.encryptEventData(registered(AYLIN));
      const { cipher: wrongMaster } = await setUp(randomBytes(32), store);
      const failure = wrongMaster.decryptEventData(encrypted);
      await expect(failure).rejects.toThrow(KeyUnwrapError);
      await expect(failure).rejects.toThrow(/master key differs/);
    });
  });

  describe('when many first events of one person are encrypted at once', () => {
    it('creates a single key that decrypts all of them', async () => {
      const { cipher, store } = await setUp();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => cipher.encryptEventData({ personId: AYLIN, personal: { n: i } })),
      );
      expect(await store.count(PERSON_KEYS)).toBe(1);
      const decrypted = await Promise.all(results.map((r) => cipher.decryptEventData(r)));
      expect(decrypted.map((d) => d.personal)).toEqual(Array.from({ length: 20 }, (_, i) => ({ n: i })));
    });
  });

  describe('when two instances sharing one key store encrypt the first event of a person at once', () => {
    it('keeps the first key and the second instance uses it instead of overwriting it', async () => {
      const { cipher: first, store, masterKey } = await setUp();
      const { cipher: second } = await setUp(masterKey, store);
      const [a, b] = await Promise.all([
        first.encryptEventData({ personId: AYLIN, personal: { from: 'first' } }),
        second.encryptEventData({ personId: AYLIN, personal: { from: 'second' } }),
      ]);
      expect(await store.count(PERSON_KEYS)).toBe(1);
      expect((await first.decryptEventData(b)).personal).toEqual({ from: 'second' });
      expect((await second.decryptEventData(a)).personal).toEqual({ from: 'first' });
    });
  });

  describe('when event data carry no personal field', () => {
    it('passes them through unchanged and creates no key', async () => {
      const { cipher, store } = await setUp();
      const data = { personId: AYLIN, reason: 'restricted' };
      expect(await cipher.encryptEventData(data)).toEqual(data);
      expect(await cipher.decryptEventData(data)).toEqual(data);
      expect(await store.count(PERSON_KEYS)).toBe(0);
    });
  });

  describe('when the same ciphertext is opened again (its plaintext is remembered, issue 19)', () => {
    it('answers equal data, each caller its own copy', async () => {
      const { cipher } = await setUp();
      const encrypted = await cipher.encryptEventData(registered(AYLIN));
      const first = await cipher.decryptEventData(encrypted);
      (first.personal as { givenName: string }).givenName = 'changed by a caller';
      expect(await cipher.decryptEventData(encrypted)).toEqual(registered(AYLIN));
    });

    it('still refuses an altered copy of a ciphertext it has opened', async () => {
      const { cipher } = await setUp();
      const encrypted = await cipher.encryptEventData(registered(AYLIN));
      await cipher.decryptEventData(encrypted);
      const envelope = encrypted.personal as unknown as { ct: string; tag: string };
      const ct = Buffer.from(envelope.ct, 'base64');
      ct[0]! ^= 0x01;
      const tampered = { ...encrypted, personal: { ...envelope, ct: ct.toString('base64') } };
      await expect(cipher.decryptEventData(tampered)).rejects.toThrow(PersonalDataIntegrityError);
    });

    it("still refuses it in another person's event", async () => {
      const { cipher } = await setUp();
      const aylins = await cipher.encryptEventData(registered(AYLIN));
      await cipher.encryptEventData(registered(OLEKSANDR));
      await cipher.decryptEventData(aylins);
      await expect(cipher.decryptEventData({ ...aylins, personId: OLEKSANDR })).rejects.toThrow(
        PersonalDataIntegrityError,
      );
    });

    it('serves nothing of a person once their erasure is seen, though the key is not shredded yet', async () => {
      const { cipher } = await setUp();
      const encrypted = await cipher.encryptEventData(registered(AYLIN));
      await cipher.decryptEventData(encrypted);
      cipher.evict(AYLIN);
      expect((await cipher.decryptEventData(encrypted)).personal).toEqual({ erased: true });
    });
  });
});
