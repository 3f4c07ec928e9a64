import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { userFromClaims, type AuthenticatedUser } from './authenticated-user.js';
import { UnauthenticatedError, type UnauthenticatedReason } from './unauthenticated.error.js';

export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedUser>;
}

/** Asymmetric only: with an HMAC algorithm allowed, a public key could be abused as a shared secret. */
export const DEFAULT_ALGORITHMS = ['ES256', 'RS256'] as const;

interface CommonOptions {
  issuer: string;
  audience: string;
  algorithms?: readonly string[];
  /** Seconds of clock skew tolerated for exp, nbf and iat; default 5. */
  clockToleranceSeconds?: number;
  /**
   * Longest accepted time since `iat`, in seconds; default 12 h. Makes `iat` required and refuses an
   * `iat` in the future (beyond the clock tolerance), so neither a token "issued" ten years from now nor
   * one valid for a hundred years outlives this bound (issue 13).
   */
  maxTokenAgeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 12 * 3600;

export type TokenVerifierOptions =
  /** Production: keys from the issuer's JWKS, whose URL is read from its discovery document. */
  | (CommonOptions & { mode: 'oidc'; fetch?: typeof fetch })
  /** Embedded default: the local signing key's public JWK set (see local-signing-key.ts). */
  | (CommonOptions & { mode: 'local'; jwks: JSONWebKeySet });

/**
 * One verification path for both modes; only where the keys come from differs. Every failure becomes
 * an UnauthenticatedError with a reason code, so callers never branch on jose's error classes.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.mode === 'local'
      ? createLocalJWKSet(options.jwks)
      : discoveredKeySet(options.issuer, options.fetch ?? fetch);
  const verifyOptions = {
    algorithms: [...(options.algorithms ?? DEFAULT_ALGORITHMS)],
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds ?? 5,
    // jose (jwtVerify, JWTClaimVerificationOptions.maxTokenAge): adds `iat` to the required claims, refuses
    // it when older than this ("too far in the past") or newer than now + tolerance ("should be in the past").
    maxTokenAge: options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS,
    requiredClaims: ['exp', 'sub', 'iat'],
  };
  return {
    async verify(token) {
      if (typeof token !== 'string' || token === '') throw new UnauthenticatedError('missing-token');
      try {
        const { payload } = await jwtVerify(token, keys, verifyOptions);
        return userFromClaims(payload);
      } catch (error) {
        if (error instanceof UnauthenticatedError) throw error;
        throw new UnauthenticatedError(reasonFor(error));
      }
    },
  };
}

/**
 * Discovery happens on the first token, not at start, so the service comes up while the identity
 * provider is briefly down; a failed discovery is retried on the next token.
 */
function discoveredKeySet(issuer: string, fetchImpl: typeof fetch): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new DiscoveryError(`discovery at ${url} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0 § 4.3: the document must name exactly the issuer we asked.
    if (document.issuer !== issuer) throw new DiscoveryError(`discovery at ${url} names another issuer`);
    if (typeof document.jwks_uri !== 'string') throw new DiscoveryError(`discovery at ${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri));
  };
  return async (header, token) => {
    keySet ??= load().catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    try {
      return await (
        await keySet
      )(header, token);
    } catch (error) {
      // jose's own errors say what was wrong with the token; anything else (DNS, refused connection) is the issuer.
      if (typeof (error as { code?: unknown })?.code === 'string') throw error;
      throw new DiscoveryError(`keys of ${issuer} could not be fetched`);
    }
  };
}

class DiscoveryError extends Error {
  readonly code = 'ERR_KIM_DISCOVERY';
}

function reasonFor(error: unknown): UnauthenticatedReason {
  const { code, claim, reason } = (error ?? {}) as { code?: string; claim?: string; reason?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return claim === 'iat' ? 'too-old' : 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') return 'wrong-audience';
      if (claim === 'iss') return 'wrong-issuer';
      // A missing `iat` cannot be aged; `nbf` or `iat` in the future is not valid yet.
      if (reason === 'missing') return 'invalid-claims';
      if (claim === 'nbf' || claim === 'iat') return 'not-yet-valid';
      return 'invalid-claims';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'algorithm-not-allowed';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad-signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown-key';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_KIM_DISCOVERY':
      return 'issuer-unavailable';
    default:
      return 'malformed-token';
  }
}
