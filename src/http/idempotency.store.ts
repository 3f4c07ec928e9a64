import { DocumentExistsError, type ReadStore } from '../read-store/read-store.port.js';

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
export const IDEMPOTENCY_KEYS = 'idempotency_keys';

/** The first answer to a request, kept so a retry with the same key gets exactly it (rule 10). */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface KeyDoc extends Record<string, unknown> {
  scope: string;
  fingerprint: string;
  state: 'in-flight' | 'answered';
  answer?: StoredAnswer;
  expiresAt: string;
}

export type Claim =
  | { kind: 'new' }
  /** The same request is being handled right now (a client retrying early): it runs again, decided once. */
  | { kind: 'in-flight' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' };

/**
 * Idempotency-Key records (IETF draft "The Idempotency-Key HTTP Header Field"): per caller and key, the
 * fingerprint of the first request and, once answered, its answer. Kept in the read store beside the
 * read models (not a projection: a rebuild leaves it alone) for `hours`. Losing a record is safe: command
 * ids derive from caller, key and fingerprint, so a retried command is still recognised in its stream
 * and answered from its first events.
 */
export class IdempotencyStore {
  private nextPurge = 0;

  constructor(
    private readonly store: ReadStore,
    private readonly hours: number,
  ) {}

  async init(): Promise<void> {
    await this.store.ensureCollection({ name: IDEMPOTENCY_KEYS, indexes: ['expiresAt'] });
  }

  async claim(scope: string, fingerprint: string, now: Date): Promise<Claim> {
    await this.purgeExpired(now);
    const fresh: KeyDoc = { scope, fingerprint, state: 'in-flight', expiresAt: this.expiry(now) };
    try {
      await this.store.commit([{ op: 'insert', collection: IDEMPOTENCY_KEYS, id: scope, doc: fresh }]);
      return { kind: 'new' };
    } catch (error) {
      if (!(error instanceof DocumentExistsError)) throw error;
    }
    const existing = await this.store.get<KeyDoc>(IDEMPOTENCY_KEYS, scope);
    if (!existing || existing.expiresAt <= now.toISOString()) {
      await this.store.commit([{ op: 'upsert', collection: IDEMPOTENCY_KEYS, id: scope, doc: fresh }]);
      return { kind: 'new' };
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return existing.state === 'answered' && existing.answer
      ? { kind: 'replay', answer: existing.answer }
      : { kind: 'in-flight' };
  }

  async answer(scope: string, fingerprint: string, answer: StoredAnswer, now: Date): Promise<void> {
    const doc: KeyDoc = { scope, fingerprint, state: 'answered', answer, expiresAt: this.expiry(now) };
    await this.store.commit([{ op: 'upsert', collection: IDEMPOTENCY_KEYS, id: scope, doc }]);
  }

  /** A request that changed nothing (refused before any write) frees its key for a corrected retry. */
  async release(scope: string, fingerprint: string): Promise<void> {
    const existing = await this.store.get<KeyDoc>(IDEMPOTENCY_KEYS, scope);
    if (existing?.state === 'in-flight' && existing.fingerprint === fingerprint) {
      await this.store.commit([{ op: 'delete', collection: IDEMPOTENCY_KEYS, id: scope }]);
    }
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.hours * 3_600_000).toISOString();
  }

  /** At most once a minute, drops records past their expiry (a page at a time, oldest first). */
  private async purgeExpired(now: Date): Promise<void> {
    if (now.getTime() < this.nextPurge) return;
    this.nextPurge = now.getTime() + 60_000;
    const page = await this.store.find<KeyDoc>(IDEMPOTENCY_KEYS, {
      filter: { expiresAt: { lt: now.toISOString() } },
      sort: { field: 'expiresAt', direction: 'asc' },
      limit: 500,
    });
    if (page.items.length === 0) return;
    await this.store.commit(
      page.items.map((d) => ({ op: 'delete' as const, collection: IDEMPOTENCY_KEYS, id: d.scope })),
    );
  }
}
