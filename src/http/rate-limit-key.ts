import { createHash } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';

/**
 * IPv6 clients are counted per /64, the smallest network a provider hands to one customer: otherwise one
 * host could rotate through 2^64 addresses, each with a fresh allowance and a log entry of its own.
 */
export const IPV6_PREFIX = 64;

/** The address a request is counted under when it carries no verified token (IPv4 as is, IPv6 per /64). */
export const clientAddress = (ip: string): string => normalizeIP(ip, IPV6_PREFIX);

export interface RateLimitBucket {
  /** Hashed, so the limiter's memory holds neither user ids nor addresses. */
  key: string;
  kind: 'user' | 'address';
}

/**
 * The bucket of a request, decided AFTER its token was verified (issue 13): a verified user is one
 * bucket however many tokens they hold (one issuer is trusted, so the subject names them); everything else — no token, a malformed,
 * expired or forged one — counts against the client address. A forged token in a real user's name thus
 * spends the forger's address allowance, never the user's.
 */
export function rateLimitBucket(user: Pick<AuthenticatedUser, 'sub'> | undefined, ip: string): RateLimitBucket {
  const [kind, id] = user ? (['user', user.sub] as const) : (['address', clientAddress(ip)] as const);
  return { kind, key: `${kind}:${createHash('sha256').update(`${kind} ${id}`).digest('base64url')}` };
}

/** The kind of bucket a key from rateLimitBucket names (for the per-kind limit). */
export const bucketKind = (key: string): RateLimitBucket['kind'] => (key.startsWith('user:') ? 'user' : 'address');
