/** Injection tokens of the console's parts (src/console/console.module-parts.ts wires them). */
export const CONSOLE_SESSIONS = Symbol('ConsoleSessions');
export const OIDC_SIGN_INS = Symbol('OidcSignIns');
/** The OIDC relying party, or null on the embedded default (no OIDC_ISSUER). */
export const OIDC_CLIENT = Symbol('OidcClient');
export const CONSOLE_ASSETS = Symbol('ConsoleAssets');
