import type { AuthenticatedUser } from './authenticated-user.js';

/** Injection token of the optional second credential beside bearer tokens: the console's session cookie. */
export const SESSION_CREDENTIAL = Symbol('SessionCredential');

export interface CredentialRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Consulted by the AuthGuard only for a request without an Authorization header. Answers undefined when
 * the request carries no session at all (then the missing bearer token is the error), the user when the
 * session is live (and, on state-changing methods, the CSRF header matches), and throws an
 * UnauthenticatedError otherwise.
 */
export interface SessionCredential {
  userFor(request: CredentialRequest): Promise<AuthenticatedUser | undefined>;
}
