import { createHash } from 'node:crypto';

/**
 * The bucket of a request for rate limiting, which runs before the token is verified. A user is one
 * bucket however many tokens they hold: the key is the token's issuer and subject, read without checking
 * the signature — a forged token only buys a bucket whose requests all end in 401. Without a readable
 * token the client address is the bucket. Hashed, so the limiter's memory holds no user ids.
 */
export function rateLimitKey(authorization: string | undefined, ip: string): string {
  const subject = authorization ? unverifiedSubject(authorization) : undefined;
  const key = subject ? `user:${subject}` : `ip:${ip}`;
  return createHash('sha256').update(key).digest('base64url');
}

function unverifiedSubject(authorization: string): string | undefined {
  const token = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
  const payload = token?.split('.')[1];
  if (!payload || payload.length > 4096) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub ? `${String(claims.iss ?? '')} ${claims.sub}` : undefined;
  } catch {
    return undefined;
  }
}
