import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { CredentialRequest, SessionCredential } from '../auth/session-credential.js';
import { UnauthenticatedError } from '../auth/unauthenticated.error.js';
import { isRole } from '../shared/roles.js';
import { sessionSecretOf } from './console-cookie.js';
import { sameSecret, type ConsoleSessions } from './console-sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A console page as the browser names it in X-Console-Page: a path under /console, no query, no ids. */
const CONSOLE_PAGE = /^\/console(\/[a-z0-9-]{1,40}){0,4}$/;

/** What the access log takes from a console request (see readContextOf in src/http/request-context.ts). */
export interface ConsoleRequestMarks {
  consolePage?: string;
}

const header = (request: CredentialRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The console session as a credential of the API (the AuthGuard asks it when no Authorization header
 * is sent). A cookie alone never changes state: unsafe methods need the session's X-CSRF-Token too
 * (SameSite=Strict already keeps other sites' requests from carrying the cookie; the token is the
 * second lock). X-Console-Page is believed only on such a session, so an API client cannot put a
 * console page into the access log.
 */
export class ConsoleCredential implements SessionCredential {
  /**
   * The session each request resolved, keyed by its headers object: the rate limiter and the guard both
   * ask for one request, and the store is read (and the session touched) once.
   */
  private readonly resolved = new WeakMap<object, ReturnType<ConsoleSessions['resolve']>>();

  constructor(private readonly sessions: ConsoleSessions) {}

  async userFor(request: CredentialRequest & ConsoleRequestMarks): Promise<AuthenticatedUser | undefined> {
    const secret = sessionSecretOf(request.headers.cookie);
    if (!secret) return undefined;
    let resolving = this.resolved.get(request.headers);
    if (!resolving) this.resolved.set(request.headers, (resolving = this.sessions.resolve(secret)));
    const session = await resolving;
    if (!session) throw new UnauthenticatedError('invalid-session');
    if (
      !SAFE_METHODS.has(request.method.toUpperCase()) &&
      !sameSecret(header(request, 'x-csrf-token'), session.csrfToken)
    ) {
      throw new UnauthenticatedError('csrf-token-mismatch');
    }
    const page = header(request, 'x-console-page');
    if (page !== undefined && CONSOLE_PAGE.test(page)) request.consolePage = page;
    const roles = session.user.roles.filter(isRole);
    const role = roles[0];
    if (!role) throw new UnauthenticatedError('no-recognised-role');
    return {
      sub: session.user.sub,
      ...(session.user.name ? { name: session.user.name } : {}),
      roles,
      role,
      agency: session.user.agency,
      ...(session.user.municipality ? { municipality: session.user.municipality } : {}),
    };
  }
}
