import { createHash, randomBytes } from 'node:crypto';
import { DocumentExistsError, type ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import { KEY_BYTES, open, seal } from './aes-gcm.js';
import { KeyUnwrapError } from './crypto.errors.js';

export const PERSON_KEYS = 'person_keys';
/** Tombstones of shredded keys: no personal data, only the fact and time, so erasure stays final. */
export const SHREDDED_PERSON_KEYS = 'person_keys_shredded';
/** Epoch keys, wrapped under the master key; kept in the epoch store, apart from the person keys. */
export const EPOCH_KEYS = 'key_epochs';
/** How far this key store was checked against the log's erasures (see PersonKeyEviction.reshredErased). */
export const PERSON_KEY_CHECKS = 'person_key_checks';

/**
 * Every PersonErased up to `position` of the log found this store without the person's key. Kept in the
 * key store itself, so a key store restored from a backup brings the check of its own time along.
 */
export interface ErasureCheck {
  /** A log position, as a decimal string. */
  position: string;
  /** The id of the event at that position: a check made against another log is not taken for this one's. */
  eventId: string;
  checkedAt: string;
}

const DAY_MS = 86_400_000;
const EPOCH_AAD = 'kim-ledger/epoch/v1/';

/**
 * A person's data key, wrapped (AES-256-GCM, the person id as AAD) under the key of an epoch — or, if
 * written before epochs existed, under the master key (no `epoch`); the next rotation rewraps those.
 */
export interface PersonKeyDocument extends Record<string, unknown> {
  wrapped: string;
  iv: string;
  tag: string;
  createdAt: string;
  /** Id of the epoch key it is wrapped under. */
  epoch?: string;
  /** Names the key in envelopes; fixed at creation, so a rewrap under a newer epoch keeps it. */
  kid?: string;
}

/** An epoch's key, wrapped under the master key with the epoch id as AAD. */
interface EpochKeyDocument extends Record<string, unknown> {
  wrapped: string;
  iv: string;
  tag: string;
  createdAt: string;
  /** When the epoch ends (ISO); it is destroyed once no person key uses it and the grace period is over. */
  endsAt: string;
}

export interface PersonKey {
  /** Names this key in envelopes. */
  kid: string;
  key: Buffer;
}

export interface KeyEpochOptions {
  /** Store of the epoch keys; default the person key store itself. */
  epochs?: ReadStore;
  /** Length of one epoch in days; default 30. */
  epochDays?: number;
  /**
   * How long after its end an epoch key is kept at least, so an instance whose clock lags (or that
   * created a key just before the boundary) never wraps under a destroyed epoch. Default one day.
   */
  epochGraceMs?: number;
}

export interface RotationResult {
  epoch: string;
  rewrapped: number;
  destroyed: string[];
}

/** A person key document whose epoch key no longer exists: it was destroyed while still in use. */
export class EpochKeyMissingError extends Error {
  constructor(
    readonly personId: string,
    readonly epoch: string,
  ) {
    super(`the key of person ${personId} is wrapped under epoch ${epoch}, whose key is gone`);
    this.name = 'EpochKeyMissingError';
  }
}

/**
 * Per-person data keys kept apart from the events: destroying one document erases the person from every
 * event, copy and backup of the event store at once. Each person key is wrapped under the key of a time
 * epoch, itself wrapped under the master key and kept in a store of its own (the embedded epoch store,
 * on its own volume). Rotation rewraps every person key under the current epoch and destroys epoch keys
 * no person key uses any more, so a shredded person key that survives in a MongoDB oplog or a backup of
 * the person key store becomes useless once its epoch key is gone (docs/deployment.md: the window).
 * Goes through the ReadStore port only, so it works on SQLite and MongoDB alike.
 */
export class PersonKeyStore {
  private readonly epochs: ReadStore;
  private readonly epochDays: number;
  private readonly graceMs: number;
  /** Unwrapped epoch keys; few, and re-read after at most an hour (another instance may have destroyed one). */
  private readonly epochKeys = new Map<string, { key: Buffer; until: number }>();

  constructor(
    private readonly store: ReadStore,
    private readonly masterKey: Buffer,
    private readonly clock: Clock,
    options: KeyEpochOptions = {},
  ) {
    this.epochs = options.epochs ?? store;
    this.epochDays = options.epochDays ?? 30;
    this.graceMs = options.epochGraceMs ?? DAY_MS;
  }

  async init(): Promise<void> {
    await this.store.ensureCollection({ name: PERSON_KEYS, indexes: ['epoch'] });
    await this.store.ensureCollection({ name: SHREDDED_PERSON_KEYS, indexes: [] });
    await this.store.ensureCollection({ name: PERSON_KEY_CHECKS, indexes: [] });
    await this.epochs.ensureCollection({ name: EPOCH_KEYS, indexes: [] });
  }

  async find(personId: string): Promise<PersonKey | undefined> {
    const doc = await this.store.get<PersonKeyDocument>(PERSON_KEYS, personId);
    return doc && { kid: kidOf(doc), key: await this.unwrap(personId, doc) };
  }

  /**
   * Writes a fresh key, create-only: if another instance created one first, DocumentExistsError is thrown
   * and nothing is overwritten (data may already be encrypted with the first key).
   */
  async create(personId: string): Promise<PersonKey> {
    const key = randomBytes(KEY_BYTES);
    const doc = await this.wrapUnderCurrentEpoch(personId, key);
    await this.store.commit([{ op: 'insert', collection: PERSON_KEYS, id: personId, doc }]);
    return { kid: doc.kid!, key };
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

  /** Whether a key is stored for the person (without unwrapping it). */
  async hasKey(personId: string): Promise<boolean> {
    return (await this.store.get(PERSON_KEYS, personId)) !== undefined;
  }

  async isShredded(personId: string): Promise<boolean> {
    return (await this.store.get(SHREDDED_PERSON_KEYS, personId)) !== undefined;
  }

  async erasureCheck(): Promise<ErasureCheck | undefined> {
    return this.store.get<ErasureCheck & Record<string, unknown>>(PERSON_KEY_CHECKS, 'erasures');
  }

  async recordErasureCheck(position: bigint, eventId: string): Promise<void> {
    const doc = { position: position.toString(), eventId, checkedAt: this.clock.now().toISOString() };
    await this.store.commit([{ op: 'upsert', collection: PERSON_KEY_CHECKS, id: 'erasures', doc }]);
  }

  /**
   * Rewraps every person key of an older epoch (or of none) under the current one, then destroys the
   * epoch keys that no person key uses and whose grace period is over. Run by one instance at a time
   * (PersonKeyRotation holds a lease); safe to repeat and to interrupt.
   */
  async rotate(options: { pageSize?: number } = {}): Promise<RotationResult> {
    const epoch = this.epochAt(this.clock.now().getTime());
    let rewrapped = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.store.find<PersonKeyDocument>(PERSON_KEYS, {
        limit: options.pageSize ?? 500,
        ...(cursor ? { cursor } : {}),
      });
      if (!page.ids) throw new Error('person key store: this read store does not return document ids');
      rewrapped += await this.rewrapPage(
        page.items.map((doc, i) => [page.ids![i]!, doc]),
        epoch.id,
      );
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const destroyed: string[] = [];
    const now = this.clock.now().getTime();
    for (let after: string | undefined; ;) {
      const page = await this.epochs.find<EpochKeyDocument>(EPOCH_KEYS, {
        limit: 100,
        ...(after ? { cursor: after } : {}),
      });
      for (const [index, doc] of page.items.entries()) {
        const id = page.ids?.[index];
        if (id === undefined) throw new Error('epoch store: this read store does not return document ids');
        if (id === epoch.id || Date.parse(doc.endsAt) + this.graceMs > now) continue;
        if ((await this.store.count(PERSON_KEYS, { epoch: id })) > 0) continue;
        await this.epochs.commit([{ op: 'delete', collection: EPOCH_KEYS, id }]);
        this.epochKeys.delete(id);
        destroyed.push(id);
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    // Deleted epoch keys must not linger in the epoch store's WAL or free pages either.
    if (destroyed.length > 0) await this.epochs.compact?.();
    return { epoch: epoch.id, rewrapped, destroyed };
  }

  /** The epoch a moment belongs to: fixed-length periods counted from 1970, named by their first day. */
  epochAt(timeMs: number): { id: string; endsAt: string } {
    const length = this.epochDays * DAY_MS;
    const start = Math.floor(timeMs / length) * length;
    return {
      id: `${new Date(start).toISOString().slice(0, 10)}+${this.epochDays}d`,
      endsAt: new Date(start + length).toISOString(),
    };
  }

  private async rewrapPage(docs: readonly [string, PersonKeyDocument][], current: string): Promise<number> {
    const changes = [];
    for (const [personId, doc] of docs) {
      if (doc.epoch === current) continue;
      const key = await this.unwrap(personId, doc);
      const rewrapped = await this.wrapUnderCurrentEpoch(personId, key, kidOf(doc), doc.createdAt);
      changes.push({ op: 'upsert' as const, collection: PERSON_KEYS, id: personId, doc: rewrapped });
    }
    if (changes.length === 0) return 0;
    await this.store.commit(changes);
    // A person shredded while this page was rewrapped must stay shredded: the upsert above may have put
    // their key back after the shred's delete. The tombstone tells, and the key goes again.
    const shredded = await this.store.getMany(
      SHREDDED_PERSON_KEYS,
      changes.map((c) => c.id),
    );
    if (shredded.size > 0) {
      await this.store.commit(
        [...shredded.keys()].map((id) => ({ op: 'delete' as const, collection: PERSON_KEYS, id })),
      );
      await this.store.compact?.();
    }
    return changes.length - shredded.size;
  }

  private async wrapUnderCurrentEpoch(
    personId: string,
    key: Buffer,
    kid?: string,
    createdAt?: string,
  ): Promise<PersonKeyDocument> {
    const epoch = this.epochAt(this.clock.now().getTime());
    const sealed = seal(await this.epochKey(epoch.id, epoch.endsAt), key, personId);
    const doc: PersonKeyDocument = {
      wrapped: sealed.ct.toString('base64'),
      iv: sealed.iv.toString('base64'),
      tag: sealed.tag.toString('base64'),
      createdAt: createdAt ?? this.clock.now().toISOString(),
      epoch: epoch.id,
    };
    return { ...doc, kid: kid ?? legacyKeyId(doc) };
  }

  private async unwrap(personId: string, doc: PersonKeyDocument): Promise<Buffer> {
    const wrapping = doc.epoch === undefined ? this.masterKey : await this.existingEpochKey(personId, doc.epoch);
    try {
      return open(
        wrapping,
        {
          ct: Buffer.from(doc.wrapped, 'base64'),
          iv: Buffer.from(doc.iv, 'base64'),
          tag: Buffer.from(doc.tag, 'base64'),
        },
        personId,
      );
    } catch {
      throw new KeyUnwrapError(personId);
    }
  }

  private async existingEpochKey(personId: string, id: string): Promise<Buffer> {
    const key = await this.loadEpochKey(id);
    if (!key) throw new EpochKeyMissingError(personId, id);
    return key;
  }

  /** The epoch's key, created (create-only, the first instance wins) when this is its first use. */
  private async epochKey(id: string, endsAt: string): Promise<Buffer> {
    const existing = await this.loadEpochKey(id);
    if (existing) return existing;
    const key = randomBytes(KEY_BYTES);
    const sealed = seal(this.masterKey, key, EPOCH_AAD + id);
    const doc: EpochKeyDocument = {
      wrapped: sealed.ct.toString('base64'),
      iv: sealed.iv.toString('base64'),
      tag: sealed.tag.toString('base64'),
      createdAt: this.clock.now().toISOString(),
      endsAt,
    };
    try {
      await this.epochs.commit([{ op: 'insert', collection: EPOCH_KEYS, id, doc }]);
    } catch (error) {
      if (!(error instanceof DocumentExistsError)) throw error;
      const winner = await this.loadEpochKey(id);
      if (!winner) throw error;
      return winner;
    }
    this.epochKeys.set(id, { key, until: Date.now() + 3_600_000 });
    return key;
  }

  private async loadEpochKey(id: string): Promise<Buffer | undefined> {
    const cached = this.epochKeys.get(id);
    if (cached && cached.until > Date.now()) return cached.key;
    const doc = await this.epochs.get<EpochKeyDocument>(EPOCH_KEYS, id);
    if (!doc) {
      this.epochKeys.delete(id);
      return undefined;
    }
    let key: Buffer;
    try {
      key = open(
        this.masterKey,
        {
          ct: Buffer.from(doc.wrapped, 'base64'),
          iv: Buffer.from(doc.iv, 'base64'),
          tag: Buffer.from(doc.tag, 'base64'),
        },
        EPOCH_AAD + id,
      );
    } catch {
      throw new KeyUnwrapError(`(epoch ${id})`);
    }
    this.epochKeys.set(id, { key, until: Date.now() + 3_600_000 });
    return key;
  }
}

const kidOf = (doc: PersonKeyDocument): string => doc.kid ?? legacyKeyId(doc);

/** How key ids were derived before they were stored: from the first wrapping's bytes. */
const legacyKeyId = (doc: PersonKeyDocument): string =>
  createHash('sha256').update(doc.wrapped, 'base64').update(doc.iv, 'base64').digest('base64url').slice(0, 16);
