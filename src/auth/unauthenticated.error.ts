/**
 * Every refused identity: missing, malformed, forged or expired token, or claims we cannot use. The
 * HTTP error filter maps `kind` to 401. `reason` is a short machine code for the security log; neither
 * it nor the message ever contains the token.
 */
export type UnauthenticatedReason =
  | 'missing-token'
  | 'malformed-token'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'invalid-claims'
  | 'no-recognised-role'
  | 'agency-missing'
  | 'issuer-unavailable'
  /** Console session cookie unknown, expired or signed out. */
  | 'invalid-session'
  /** A state-changing request on a console session without its X-CSRF-Token. */
  | 'csrf-token-mismatch';

export class UnauthenticatedError extends Error {
  readonly kind = 'unauthenticated' as const;

  constructor(readonly reason: UnauthenticatedReason) {
    super(`unauthenticated: ${reason}`);
    this.name = 'UnauthenticatedError';
  }
}
