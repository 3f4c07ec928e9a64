import { DocumentExistsError, type ReadStore } from '../read-store/read-store.port.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { open, seal } from './aes-gcm.js';
import { PersonErasedError, PersonalDataIntegrityError } from './crypto.errors.js';
import { LruCache } from './lru-cache.js';
import { OpenedPlaintexts } from './opened-plaintexts.js';
import { PersonKeyStore, type KeyEpochOptions, type PersonKey } from './person-key.store.js';

export const PERSONAL_DATA_CIPHER = Symbol('PersonalDataCipher');

/** What replaces `data.personal` in a stored event. All binary fields are base64. */
export interface PersonalEnvelope {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

/** What a reader gets in place of `data.personal` once the person's key is destroyed. */
export interface ErasedPersonalData {
  erased: true;
}

type EventData = Record<string, unknown>;

export interface PersonalDataCipherOptions extends KeyEpochOptions {
  /** The person key store (its own database or file, apart from the read models). */
  readStore: ReadStore;
  masterKey: Buffer;
  clock?: Clock;
  /** Unwrapped keys kept in memory; default 1000. */
  cacheSize?: number;
  /**
   * How long a cached key is used without looking at the store again while no eviction feed is attached
   * (tools, tests); default 60 s. The service attaches one (PersonKeyEviction): every instance then drops
   * an erased person's key when the PersonErased event reaches it, and keys stay cached without an age.
   */
  cacheMaxAgeMs?: number;
  /** Characters of decrypted plaintexts (and their envelopes) kept in memory; default 8 M, 0 keeps none. */
  openedCacheChars?: number;
}

export async function createPersonalDataCipher(options: PersonalDataCipherOptions): Promise<PersonalDataCipher> {
  const keys = new PersonKeyStore(options.readStore, options.masterKey, options.clock ?? systemClock, options);
  await keys.init();
  return new PersonalDataCipher(keys, options);
}

const AAD_PREFIX = 'kim-ledger/personal/v1/';

/**
 * Crypto-shredding (product rule 7): `data.personal` of an event is encrypted with the key of
 * `data.personId`. The person id is the AAD, so a ciphertext copied into another person's event fails
 * to decrypt instead of showing one person's data as another's.
 */
export class PersonalDataCipher {
  private cache: LruCache<string, PersonKey>;
  /**
   * `none`: no eviction feed, cached keys expire after cacheMaxAgeMs. `live`: the feed delivers every
   * PersonErased, keys stay cached until evicted. `down`: the feed is interrupted, nothing is cached.
   */
  private feed: 'none' | 'live' | 'down' = 'none';
  /** Persons whose erasure this instance has seen: refused at once, even before their key is gone. */
  private readonly erased = new Set<string>();
  /** Creations in flight in this process, so concurrent first events of a person share one key. */
  private readonly creating = new Map<string, Promise<PersonKey>>();
  /** Bumped by every shred, so a key read that raced a shred is not put back into the cache. */
  private shredEpoch = 0;
  /** Consulted only with the person's key in hand: what is served from it is what the key would open. */
  private readonly opened: OpenedPlaintexts | undefined;

  constructor(
    private readonly keys: PersonKeyStore,
    options: { cacheSize?: number; cacheMaxAgeMs?: number; clock?: Clock; openedCacheChars?: number } = {},
  ) {
    // Evicted keys are not wiped: a caller may still hold the buffer between an await and its use.
    this.clock = options.clock ?? systemClock;
    this.cacheSize = options.cacheSize ?? 1000;
    this.cache = new LruCache(this.cacheSize, options.cacheMaxAgeMs ?? 60_000, () => this.clock.now().getTime());
    const openedChars = options.openedCacheChars ?? 8_000_000;
    this.opened = openedChars > 0 ? new OpenedPlaintexts(openedChars) : undefined;
  }

  private readonly clock: Clock;
  private readonly cacheSize: number;

  /** The key store, for the rotation of epoch keys. */
  get keyStore(): PersonKeyStore {
    return this.keys;
  }

  /**
   * The eviction feed's state (PersonKeyEviction). While it is live, a key stays cached until the person's
   * erasure is seen; while it is down, no key is cached (every read asks the key store).
   */
  setEvictionFeed(state: 'live' | 'down'): void {
    if (state === this.feed) return;
    this.feed = state;
    this.opened?.clear();
    this.cache = new LruCache(this.cacheSize, Number.POSITIVE_INFINITY, () => this.clock.now().getTime());
  }

  /** A PersonErased seen on the event log (by any instance): the key leaves the cache for good. */
  evict(personId: string): void {
    this.erased.add(personId);
    this.shredEpoch++;
    this.cache.delete(personId);
    this.opened?.forget(personId);
  }

  async encryptEventData<D extends EventData>(data: D): Promise<D> {
    if (!('personal' in data) || data.personal === undefined || isEnvelope(data.personal)) return data;
    const personId = personIdOf(data);
    const { kid, key } = await this.keyForWriting(personId);
    const sealed = seal(key, Buffer.from(JSON.stringify(data.personal), 'utf8'), AAD_PREFIX + personId);
    const envelope: PersonalEnvelope = {
      alg: 'A256GCM',
      kid,
      iv: sealed.iv.toString('base64'),
      tag: sealed.tag.toString('base64'),
      ct: sealed.ct.toString('base64'),
    };
    return { ...data, personal: envelope };
  }

  /** Never throws for a shredded key (the reader gets `{ erased: true }`); throws for altered data. */
  async decryptEventData<D extends EventData>(data: D): Promise<D> {
    if (!('personal' in data) || !isEnvelope(data.personal)) return data;
    const envelope = data.personal;
    const personId = personIdOf(data);
    const epoch = this.shredEpoch;
    const personKey = await this.keyForReading(personId);
    if (!personKey) {
      // Erased by another instance without an eviction feed: its plaintexts go with its key.
      this.opened?.forget(personId);
      return { ...data, personal: { erased: true } satisfies ErasedPersonalData };
    }
    if (personKey.kid !== envelope.kid)
      throw new PersonalDataIntegrityError(personId, `unknown key id ${envelope.kid}`);
    const known = this.opened?.get(personId, envelope);
    if (known !== undefined) return { ...data, personal: JSON.parse(known) as unknown };
    let plaintext: Buffer;
    try {
      plaintext = open(
        personKey.key,
        {
          iv: Buffer.from(envelope.iv, 'base64'),
          tag: Buffer.from(envelope.tag, 'base64'),
          ct: Buffer.from(envelope.ct, 'base64'),
        },
        AAD_PREFIX + personId,
      );
    } catch {
      throw new PersonalDataIntegrityError(personId, 'ciphertext, tag or person id do not match');
    }
    const text = plaintext.toString('utf8');
    // A shred while the key was fetched: the key in hand may be the last use of it; nothing is kept.
    if (epoch === this.shredEpoch) this.opened?.set(personId, envelope, text);
    return { ...data, personal: JSON.parse(text) as unknown };
  }

  /** Destroys the person's key; every stored copy of their personal data becomes unreadable. */
  async shred(personId: string): Promise<void> {
    this.shredEpoch++;
    this.cache.delete(personId);
    this.opened?.forget(personId);
    await this.keys.shred(personId);
    this.shredEpoch++;
    this.cache.delete(personId);
    this.opened?.forget(personId);
  }

  async isErased(personId: string): Promise<boolean> {
    return this.erased.has(personId) || this.keys.isShredded(personId);
  }

  private async keyForReading(personId: string): Promise<PersonKey | undefined> {
    // Erased on the log: the key may still exist for a moment (it is destroyed right after the event).
    if (this.erased.has(personId)) return undefined;
    const cached = this.feed === 'down' ? undefined : this.cache.get(personId);
    if (cached) return cached;
    const epoch = this.shredEpoch;
    const found = await this.keys.find(personId);
    if (found && epoch === this.shredEpoch && this.feed !== 'down') this.cache.set(personId, found);
    return found;
  }

  private async keyForWriting(personId: string): Promise<PersonKey> {
    if (this.erased.has(personId)) throw new PersonErasedError(personId);
    const existing = await this.keyForReading(personId);
    if (existing) return existing;
    let pending = this.creating.get(personId);
    if (!pending) {
      pending = this.createOnce(personId).finally(() => this.creating.delete(personId));
      this.creating.set(personId, pending);
    }
    return pending;
  }

  /**
   * One create-only commit: when two instances create a key for the same person at once, the second
   * insert fails and that instance reads the winner's key instead of overwriting it.
   */
  private async createOnce(personId: string): Promise<PersonKey> {
    if (await this.keys.isShredded(personId)) throw new PersonErasedError(personId);
    try {
      return this.remember(personId, await this.keys.create(personId));
    } catch (error) {
      if (!(error instanceof DocumentExistsError)) throw error;
      const winner = await this.keys.find(personId);
      if (!winner) throw error;
      return this.remember(personId, winner);
    }
  }

  private remember(personId: string, key: PersonKey): PersonKey {
    if (this.feed !== 'down') this.cache.set(personId, key);
    return key;
  }
}

function personIdOf(data: EventData): string {
  const personId = data.personId;
  if (typeof personId !== 'string' || personId === '') {
    throw new Error('event data with a `personal` field must name its `personId`');
  }
  return personId;
}

export function isEnvelope(value: unknown): value is PersonalEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.alg === 'A256GCM' && ['kid', 'iv', 'tag', 'ct'].every((field) => typeof v[field] === 'string');
}
