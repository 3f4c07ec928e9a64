import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { randomSecret } from './console-sessions.js';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

/** A sign-in started at the provider: what the callback needs to finish it (kept server-side). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The console as an OIDC relying party: authorization code flow with PKCE (S256), as a public client
 * or, with a secret, a confidential one. The tokens come straight from the token endpoint over TLS, so
 * the ID token's signature need not be checked again (OIDC Core 3.1.3.7); its nonce is. The access token
 * then goes through the API's own verifier (issuer, audience, algorithms, expiry), like a bearer token.
 */
export class OidcClient {
  private discovery: Promise<Discovery> | undefined;

  constructor(
    private readonly options: { issuer: string; clientId: string; clientSecret?: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async authorizationUrl(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }> {
    const { authorization_endpoint } = await this.discover();
    const pending: PendingSignIn = { state: randomSecret(), nonce: randomSecret(), codeVerifier: randomSecret(48) };
    const url = new URL(authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: redirectUri,
      scope: 'openid',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending };
  }

  /** Exchanges the code; answers the access token to verify, and the ID token for a later logout hint. */
  async exchange(
    code: string,
    redirectUri: string,
    pending: PendingSignIn,
  ): Promise<{ accessToken: string; idToken?: string }> {
    const { token_endpoint } = await this.discover();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pending.codeVerifier,
      client_id: this.options.clientId,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.options.clientSecret) {
      const basic = `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    }
    const response = await this.fetchImpl(token_endpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new OidcError(`token endpoint answered ${response.status}`);
    const tokens = (await response.json()) as { access_token?: unknown; id_token?: unknown; token_type?: unknown };
    if (typeof tokens.access_token !== 'string') throw new OidcError('token endpoint sent no access token');
    if (typeof tokens.id_token === 'string') {
      const claims = decodeJwt(tokens.id_token);
      if (claims.nonce !== pending.nonce) throw new OidcError('ID token nonce does not match the sign-in');
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.includes(this.options.clientId)) throw new OidcError('ID token is for another client');
    }
    return {
      accessToken: tokens.access_token,
      ...(typeof tokens.id_token === 'string' ? { idToken: tokens.id_token } : {}),
    };
  }

  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | undefined> {
    const { end_session_endpoint } = await this.discover();
    if (!end_session_endpoint) return undefined;
    const url = new URL(end_session_endpoint);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    return url.toString();
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= this.load().catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  private async load(): Promise<Discovery> {
    const url = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await this.fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new OidcError(`discovery at ${url} answered ${response.status}`);
    const doc = (await response.json()) as Partial<Discovery> & { issuer?: unknown };
    if (doc.issuer !== this.options.issuer) throw new OidcError(`discovery at ${url} names another issuer`);
    if (typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') {
      throw new OidcError(`discovery at ${url} lacks the authorization or token endpoint`);
    }
    return doc as Discovery;
  }
}

export class OidcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcError';
  }
}
