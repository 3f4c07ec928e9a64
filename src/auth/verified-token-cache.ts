import { decodeJwt } from 'jose';
import { LruCache } from '../crypto/lru-cache.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { DEFAULT_MAX_TOKEN_AGE_SECONDS, type TokenVerifier } from './token-verifier.js';
import { UnauthenticatedError } from './unauthenticated.error.js';

export interface VerifiedTokenCacheOptions {
  /** Tokens remembered at once; the least recently used is forgotten first. */
  capacity?: number;
  /**
   * How long a verification is reused at most. It bounds how long a token signed with a key the identity
   * provider has since withdrawn from its JWKS is still accepted.
   */
  maxAgeMs?: number;
  /** Seconds of clock skew tolerated for exp, as the verifier does. */
  clockToleranceSeconds?: number;
  /** The verifier's maximum token age: a remembered token ends at `iat` + this if that is before `exp`. */
  maxTokenAgeSeconds?: number;
  now?: () => number;
}

/**
 * Remembers the outcome of a successful signature check per token, so a client sending the same token
 * with every request pays the ECDSA/RSA verification once a minute instead of once a request (it cost
 * about 7% of the command path's CPU). The key is the whole token: a single changed byte is another key
 * and is verified in full. Expiry is checked on every use; failures are never remembered.
 */
export function withVerifiedTokenCache(inner: TokenVerifier, options: VerifiedTokenCacheOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const tolerance = (options.clockToleranceSeconds ?? 5) * 1000;
  const cache = new LruCache<string, { user: AuthenticatedUser; expiresAtMs: number }>(
    options.capacity ?? 10_000,
    options.maxAgeMs ?? 60_000,
    now,
  );
  return {
    async verify(token) {
      const hit = typeof token === 'string' ? cache.get(token) : undefined;
      if (hit) {
        if (now() < hit.expiresAtMs + tolerance) return copyOf(hit.user);
        cache.delete(token);
        throw new UnauthenticatedError('expired');
      }
      const user = await inner.verify(token);
      // The inner verifier has required `exp` and `iat`; read them from the payload it has just accepted.
      const { exp, iat } = decodeJwt(token);
      const maxAge = options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
      const endsAt = Math.min(exp ?? Number.NaN, typeof iat === 'number' ? iat + maxAge : Number.POSITIVE_INFINITY);
      if (Number.isFinite(endsAt)) cache.set(token, { user: copyOf(user), expiresAtMs: endsAt * 1000 });
      return user;
    },
  };
}

/** Callers may narrow what they get (e.g. the acting role); the remembered user stays as verified. */
const copyOf = (user: AuthenticatedUser): AuthenticatedUser => ({ ...user, roles: [...user.roles] });
