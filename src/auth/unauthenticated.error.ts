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
  /** Issued longer ago than the maximum token age (KIM_TOKEN_MAX_AGE_SECONDS), whatever its `exp` says. */
  | 'too-old'
  | 'not-yet-valid'
  | 'invalid-claims'
  | 'no-recognised-role'
  | 'agency-missing'
  | 'issuer-unavailable'
  /** Console session cookie unknown, expired or signed out. */
  | 'invalid-session'
  /** A state-changing request on a console session without its X-CSRF-Token. */
  | 'csrf-token-mismatch';

/** What a person can do about a refusal, where the reason alone does not say it. */
const HINTS: Partial<Record<UnauthenticatedReason, string>> = {
  'unknown-key':
    'the token was signed with a key this service does not know — on the embedded default, mint it with the same KIM_DATA_DIR as the service (npm run token)',
  expired: 'the token has expired; get a new one',
};

export class UnauthenticatedError extends Error {
  readonly kind = 'unauthenticated' as const;

  constructor(readonly reason: UnauthenticatedReason) {
    super(`unauthenticated: ${reason}${HINTS[reason] ? ` (${HINTS[reason]})` : ''}`);
    this.name = 'UnauthenticatedError';
  }
}
