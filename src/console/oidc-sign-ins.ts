import { createHash } from 'node:crypto';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { PendingSignIn } from './oidc-client.js';

export const OIDC_PENDING_COLLECTION = 'console_oidc_pending';
/** A sign-in at the provider must come back within this time. */
export const OIDC_PENDING_MS = 10 * 60_000;

type StoredPending = PendingSignIn & { key: string; createdAt: number; [field: string]: unknown };

const keyOf = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * OIDC sign-ins between the redirect to the provider and its return, kept server-side (the PKCE verifier
 * never reaches the browser) in the read store, so any API instance can finish them. Each is taken once.
 */
export class OidcSignIns {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly store: ReadStore,
    private readonly clock: Clock,
  ) {}

  async remember(pending: PendingSignIn): Promise<void> {
    await this.init();
    const now = this.clock.now().getTime();
    const stale = await this.store.find<StoredPending>(OIDC_PENDING_COLLECTION, {
      filter: { createdAt: { lt: now - OIDC_PENDING_MS } },
      limit: 200,
    });
    const key = keyOf(pending.state);
    await this.store.commit([
      ...stale.items.map((p) => ({ op: 'delete' as const, collection: OIDC_PENDING_COLLECTION, id: p.key })),
      { op: 'insert', collection: OIDC_PENDING_COLLECTION, id: key, doc: { ...pending, key, createdAt: now } },
    ]);
  }

  /** The sign-in started with this state, once, if it is not older than OIDC_PENDING_MS. */
  async take(state: string): Promise<PendingSignIn | undefined> {
    await this.init();
    const key = keyOf(state);
    const found = await this.store.get<StoredPending>(OIDC_PENDING_COLLECTION, key);
    if (!found) return undefined;
    await this.store.commit([{ op: 'delete', collection: OIDC_PENDING_COLLECTION, id: key }]);
    if (this.clock.now().getTime() - found.createdAt > OIDC_PENDING_MS) return undefined;
    return { state: found.state, nonce: found.nonce, codeVerifier: found.codeVerifier };
  }

  private init(): Promise<void> {
    this.ready ??= this.store.ensureCollection({ name: OIDC_PENDING_COLLECTION, indexes: ['createdAt'] });
    return this.ready;
  }
}
