import type { AuthenticatedUser } from './authenticated-user.js';
import type { SessionCredential } from './session-credential.js';
import type { TokenVerifier } from './token-verifier.js';
import { UnauthenticatedError } from './unauthenticated.error.js';

export interface RequestWithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;
const VERIFIED = Symbol('kim.verifiedCaller');

type Memo = { [VERIFIED]?: Promise<AuthenticatedUser> };

/** The bearer token of an Authorization header; UnauthenticatedError when it is missing or malformed. */
export function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === '') throw new UnauthenticatedError('missing-token');
  const match = BEARER.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!match?.[1]) throw new UnauthenticatedError('malformed-token');
  return match[1];
}

/**
 * Verifies the request's token once per request, however many parts of the pipeline ask: the rate
 * limiter (which runs first and buckets by the *verified* user) and the auth guard share the outcome,
 * so a forged token costs one signature check and is never mistaken for its claimed subject.
 */
export function verifyRequestOnce(request: RequestWithHeaders, verifier: TokenVerifier): Promise<AuthenticatedUser> {
  const memo = request as RequestWithHeaders & Memo;
  if (!memo[VERIFIED]) {
    const outcome = (async () => verifier.verify(bearerToken(request.headers.authorization)))();
    // Whoever asks later sees the rejection; until then it must not count as unhandled.
    outcome.catch(() => undefined);
    memo[VERIFIED] = outcome;
  }
  return memo[VERIFIED];
}

/** The verified user, or undefined for a request without a token that passed verification. */
export async function verifiedUserOrNone(
  request: RequestWithHeaders,
  verifier: TokenVerifier,
): Promise<AuthenticatedUser | undefined> {
  if (!request.headers.authorization) return undefined;
  try {
    return await verifyRequestOnce(request, verifier);
  } catch {
    return undefined;
  }
}

/**
 * The caller the rate limiter counts a request under: the verified token's user, else the user of a live
 * console session (looked up read-only: no CSRF check, no page marks — the guard still decides), else
 * none. Without the session a whole office behind one address would share the small unauthenticated
 * allowance while signed in to the console.
 */
export async function verifiedCallerOrNone(
  request: RequestWithHeaders,
  verifier: TokenVerifier,
  session: SessionCredential | undefined,
): Promise<AuthenticatedUser | undefined> {
  if (request.headers.authorization !== undefined || !session) return verifiedUserOrNone(request, verifier);
  try {
    return await session.userFor({ method: 'GET', headers: request.headers });
  } catch {
    return undefined;
  }
}
