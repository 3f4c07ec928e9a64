import { createHash, randomBytes } from 'node:crypto';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { KEY_BYTES, open, seal } from './aes-gcm.js';
import { KeyUnwrapError } from './crypto.errors.js';

export const PERSON_KEYS = 'person_keys';
/** Tombstones of shredded keys: no personal data, only the fact and time, so erasure stays final. */
export const SHREDDED_PERSON_KEYS = 'person_keys_shredded';

/** A person's data key, wrapped (AES-256-GCM) under the master key with the person id as AAD. */
export interface PersonKeyDocument extends Record<string, unknown> {
  wrapped: string;
  iv: string;
  tag: string;
  createdAt: string;
}

export interface PersonKey {
  /** Names this key in envelopes; derived from the wrapped bytes, so it changes if the key ever does. */
  kid: string;
  key: Buffer;
}

/**
 * Per-person data keys kept in the read store, apart from the events: destroying one document erases
 * the person from every event, copy and backup of the event store at once. Goes through the ReadStore
 * port only, so it works on SQLite and MongoDB alike.
 */
export class PersonKeyStore {
  constructor(
    private readonly store: ReadStore,
    private readonly masterKey: Buffer,
    private readonly clock: Clock,
  ) {}

  async init(): Promise<void> {
    await this.store.ensureCollection({ name: PERSON_KEYS, indexes: [] });
    await this.store.ensureCollection({ name: SHREDDED_PERSON_KEYS, indexes: [] });
  }

  async find(personId: string): Promise<PersonKey | undefined> {
    const doc = await this.store.get<PersonKeyDocument>(PERSON_KEYS, personId);
    return doc && this.unwrap(personId, doc);
  }

  /**
   * Writes a fresh key, create-only: if another instance created one first, DocumentExistsError is thrown
   * and nothing is overwritten (data may already be encrypted with the first key).
   */
  async create(personId: string): Promise<PersonKey> {
    const key = randomBytes(KEY_BYTES);
    const sealed = seal(this.masterKey, key, personId);
    const doc: PersonKeyDocument = {
      wrapped: sealed.ct.toString('base64'),
      iv: sealed.iv.toString('base64'),
      tag: sealed.tag.toString('base64'),
      createdAt: this.clock.now().toISOString(),
    };
    await this.store.commit([{ op: 'insert', collection: PERSON_KEYS, id: personId, doc }]);
    return { kid: keyId(doc), key };
  }

  /** Deletes the key and leaves a tombstone in the same atomic commit. */
  async shred(personId: string): Promise<void> {
    await this.store.commit([
      { op: 'delete', collection: PERSON_KEYS, id: personId },
      {
        op: 'upsert',
        collection: SHREDDED_PERSON_KEYS,
        id: personId,
        doc: { shreddedAt: this.clock.now().toISOString() },
      },
    ]);
    // No page of the deleted key may survive in a WAL or free page of the key store's files.
    await this.store.compact?.();
  }

  async isShredded(personId: string): Promise<boolean> {
    return (await this.store.get(SHREDDED_PERSON_KEYS, personId)) !== undefined;
  }

  private unwrap(personId: string, doc: PersonKeyDocument): PersonKey {
    try {
      const key = open(
        this.masterKey,
        {
          ct: Buffer.from(doc.wrapped, 'base64'),
          iv: Buffer.from(doc.iv, 'base64'),
          tag: Buffer.from(doc.tag, 'base64'),
        },
        personId,
      );
      return { kid: keyId(doc), key };
    } catch {
      throw new KeyUnwrapError(personId);
    }
  }
}

const keyId = (doc: PersonKeyDocument): string =>
  createHash('sha256').update(doc.wrapped, 'base64').update(doc.iv, 'base64').digest('base64url').slice(0, 16);
