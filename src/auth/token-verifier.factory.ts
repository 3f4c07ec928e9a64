import type { KimConfig } from '../config/config.js';
import { assertNever } from '../shared/decider.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalSigningKey } from './local-signing-key.js';
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js';
import { withVerifiedTokenCache } from './verified-token-cache.js';

/** The one place that turns the identity configuration into a verifier, for the TOKEN_VERIFIER provider. */
export async function tokenVerifierFor(
  identity: KimConfig['identity'],
  dataDir: string,
  options: { maxTokenAgeSeconds?: number } = {},
): Promise<TokenVerifier> {
  return withVerifiedTokenCache(await verifierFor(identity, dataDir, options), options);
}

async function verifierFor(
  identity: KimConfig['identity'],
  dataDir: string,
  options: { maxTokenAgeSeconds?: number },
): Promise<TokenVerifier> {
  switch (identity.mode) {
    case 'oidc':
      return createTokenVerifier({ mode: 'oidc', issuer: identity.issuer, audience: identity.audience, ...options });
    case 'local': {
      const key = await loadOrCreateLocalSigningKey(dataDir);
      return createTokenVerifier({
        mode: 'local',
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        jwks: key.jwks,
        ...options,
      });
    }
    default:
      return assertNever(identity);
  }
}
