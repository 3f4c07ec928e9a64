import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { Role } from '../shared/roles.js';
import type { Clock } from '../shared/clock.js';

/** The signed-in staff member as the guard will see them: the claims taken at sign-in, nothing more. */
export interface SessionUser {
  sub: string;
  name?: string;
  roles: Role[];
  agency: string;
  municipality?: string;
}

export interface ConsoleSession {
  user: SessionUser;
  /** Sent back by the browser in X-CSRF-Token on every state-changing request. */
  csrfToken: string;
  via: 'login-link' | 'oidc';
  createdAt: number;
  lastSeenAt: number;
  /** The earlier of the idle and the absolute expiry, for clean-up (ms since the epoch). */
  expiresAt: number;
  absoluteExpiresAt: number;
}

export const CONSOLE_SESSIONS_COLLECTION = 'console_sessions';
/** A session's last-seen time is written at most this often (a read-store write per request would cost). */
const TOUCH_EVERY_MS = 60_000;

/** As stored: keyed (and carrying its key) by the SHA-256 of the cookie secret. */
type StoredSession = ConsoleSession & { key: string; [field: string]: unknown };

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Server-side console sessions in the read store, so several API instances share them and a restart
 * keeps them. The cookie carries a random secret; the store keeps only its SHA-256, so a copy of the
 * read store yields no usable cookie. Idle and absolute expiry are checked on every use.
 */
export class ConsoleSessions {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly store: ReadStore,
    private readonly clock: Clock,
    private readonly limits: { idleMs: number; absoluteMs: number },
  ) {}

  async create(user: SessionUser, via: ConsoleSession['via']): Promise<{ secret: string; session: ConsoleSession }> {
    await this.init();
    await this.sweep();
    const now = this.clock.now().getTime();
    const secret = randomSecret();
    const absoluteExpiresAt = now + this.limits.absoluteMs;
    const session: ConsoleSession = {
      user,
      csrfToken: randomSecret(),
      via,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.limits.idleMs, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    await this.store.commit([
      {
        op: 'insert',
        collection: CONSOLE_SESSIONS_COLLECTION,
        id: digest(secret),
        doc: { ...session, key: digest(secret) },
      },
    ]);
    return { secret, session };
  }

  /** The live session for a cookie secret, or undefined (unknown, idle too long, or past its absolute end). */
  async resolve(secret: string): Promise<ConsoleSession | undefined> {
    await this.init();
    const id = digest(secret);
    const session = await this.store.get<StoredSession>(CONSOLE_SESSIONS_COLLECTION, id);
    if (!session) return undefined;
    const now = this.clock.now().getTime();
    if (now >= session.absoluteExpiresAt || now >= session.lastSeenAt + this.limits.idleMs) {
      await this.store.commit([{ op: 'delete', collection: CONSOLE_SESSIONS_COLLECTION, id }]);
      return undefined;
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const touched = {
        ...session,
        lastSeenAt: now,
        expiresAt: Math.min(now + this.limits.idleMs, session.absoluteExpiresAt),
      };
      await this.store.commit([{ op: 'upsert', collection: CONSOLE_SESSIONS_COLLECTION, id, doc: touched }]);
      return touched;
    }
    return session;
  }

  async destroy(secret: string): Promise<void> {
    await this.init();
    await this.store.commit([{ op: 'delete', collection: CONSOLE_SESSIONS_COLLECTION, id: digest(secret) }]);
  }

  /** Drops sessions past their expiry, a page at a time, so the collection does not grow without bound. */
  private async sweep() {
    const expired = await this.store.find<StoredSession>(CONSOLE_SESSIONS_COLLECTION, {
      filter: { expiresAt: { lt: this.clock.now().getTime() } },
      limit: 200,
    });
    if (expired.items.length === 0) return;
    await this.store.commit(
      expired.items.map((s) => ({ op: 'delete' as const, collection: CONSOLE_SESSIONS_COLLECTION, id: s.key })),
    );
  }

  private init(): Promise<void> {
    this.ready ??= this.store.ensureCollection({ name: CONSOLE_SESSIONS_COLLECTION, indexes: ['expiresAt'] });
    return this.ready;
  }
}
