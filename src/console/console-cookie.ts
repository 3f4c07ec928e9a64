/**
 * The console's cookies. On https the session cookie takes the `__Host-` prefix (Secure, Path=/, no
 * Domain: no subdomain can set or shadow it); on plain http (the embedded default on 127.0.0.1) a
 * Secure cookie would never come back, so it goes without.
 */
export const SESSION_COOKIE = 'kim-console';
export const SECURE_SESSION_COOKIE = '__Host-kim-console';
/** Binds an OIDC sign-in in progress to this browser (the `state`); Lax, since the provider redirects back. */
export const OIDC_STATE_COOKIE = 'kim-console-oidc';

export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const raw = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const sessionSecretOf = (cookieHeader: string | string[] | undefined) =>
  readCookie(cookieHeader, SECURE_SESSION_COOKIE) ?? readCookie(cookieHeader, SESSION_COOKIE);

interface CookieOptions {
  secure: boolean;
  sameSite: 'Strict' | 'Lax';
  path?: string;
  /** Seconds; 0 deletes the cookie. Omitted: a browser-session cookie. */
  maxAge?: number;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAge !== undefined ? [`Max-Age=${options.maxAge}`] : []),
  ].join('; ');
}

export const sessionCookie = (secret: string, secure: boolean, maxAgeSeconds: number) =>
  serializeCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secret, {
    secure,
    sameSite: 'Strict',
    maxAge: maxAgeSeconds,
  });

export const clearedSessionCookies = (secure: boolean) => [
  serializeCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, '', { secure, sameSite: 'Strict', maxAge: 0 }),
];
