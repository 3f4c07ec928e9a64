/** Injection token of the TokenVerifier (src/auth/token-verifier.ts) that the global AuthGuard uses. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');
