import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { TestApp } from '../../support/test-app.js';

/**
 * The console's OIDC sign-in (authorization code with PKCE) against a small stand-in provider on
 * loopback: discovery, JWKS, and a token endpoint that hands out tokens only for the code it issued
 * and only with the verifier matching the challenge the console sent to the authorization endpoint.
 */
interface Grant {
  challenge: string;
  nonce: string;
  redirectUri: string;
}

class FakeProvider {
  readonly grants = new Map<string, Grant>();
  tokenRequests = 0;

  private constructor(
    readonly server: Server,
    readonly issuer: string,
    private readonly key: CryptoKey,
  ) {}

  static async start(): Promise<FakeProvider> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', use: 'sig', alg: 'ES256' };
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/kreis`;
    const provider = new FakeProvider(server, issuer, privateKey);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname.endsWith('/.well-known/openid-configuration')) {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/certs`,
          end_session_endpoint: `${issuer}/logout`,
        });
      }
      if (url.pathname.endsWith('/certs')) return json(200, { keys: [jwk] });
      if (url.pathname.endsWith('/token') && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on(
          'end',
          () => void provider.token(new URLSearchParams(body)).then(([status, answer]) => json(status, answer)),
        );
        return;
      }
      json(404, {});
    });
    return provider;
  }

  /** What the user's browser does at the provider: sign in and come back with a code. */
  authorize(location: string): { code: string; state: string } {
    const url = new URL(location);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
    const code = `code-${this.grants.size + 1}`;
    this.grants.set(code, {
      challenge: url.searchParams.get('code_challenge')!,
      nonce: url.searchParams.get('nonce')!,
      redirectUri: url.searchParams.get('redirect_uri')!,
    });
    return { code, state: url.searchParams.get('state')! };
  }

  private async token(form: URLSearchParams): Promise<[number, unknown]> {
    this.tokenRequests++;
    const grant = this.grants.get(form.get('code') ?? '');
    this.grants.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    if (
      !grant ||
      createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
      form.get('redirect_uri') !== grant.redirectUri
    ) {
      return [400, { error: 'invalid_grant' }];
    }
    const sign = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'fake-1' })
        .setIssuer(this.issuer)
        .setAudience(audience)
        .setSubject('dsb-oidc')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(this.key);
    return [
      200,
      {
        token_type: 'Bearer',
        access_token: await sign(
          { realm_access: { roles: ['dpo', 'offline_access'] }, name: 'Datenschutz Test' },
          'kim-ledger',
        ),
        id_token: await sign({ nonce: grant.nonce }, 'kim-console'),
      },
    ];
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('console sign-in with the county’s OIDC provider', () => {
  let provider: FakeProvider;
  let app: TestApp;

  beforeAll(async () => {
    provider = await FakeProvider.start();
    app = await TestApp.start({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: 'kim-ledger' });
  });
  afterAll(async () => {
    await app.stop();
    await provider.close();
  });

  const get = (url: string, cookie?: string) =>
    app.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const cookieOf = (setCookie: unknown, name: string) =>
    ([] as string[])
      .concat(setCookie as string[])
      .find((c) => c.startsWith(`${name}=`))!
      .split(';')[0]!;

  it('goes to the provider with PKCE and comes back to a session with the token’s roles', async () => {
    const start = await get('/console/oidc/anmelden');
    expect(start.statusCode).toBe(302);
    const binding = cookieOf(start.headers['set-cookie'], 'kim-console-oidc');
    expect(String(start.headers['set-cookie'])).toContain('SameSite=Lax');
    const { code, state } = provider.authorize(String(start.headers.location));

    const back = await get(`/console/oidc/rueckkehr?code=${code}&state=${state}`, binding);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('http-equiv="refresh"');
    expect(String(back.headers['content-security-policy'])).not.toContain('unsafe-inline');
    const session = cookieOf(back.headers['set-cookie'], 'kim-console');

    const me = (await get('/console/sitzung', session)).json();
    expect(me).toMatchObject({
      signedIn: true,
      via: 'oidc',
      user: { sub: 'dsb-oidc', roles: ['dpo'], name: 'Datenschutz Test' },
    });
    expect((await get('/api/v1/audit/verify', session)).statusCode).toBe(200);

    // The same return cannot be used twice.
    expect((await get(`/console/oidc/rueckkehr?code=${code}&state=${state}`, binding)).statusCode).toBe(401);
  });

  it('refuses a return whose state is not bound to this browser, without asking the provider', async () => {
    const start = await get('/console/oidc/anmelden');
    const { code, state } = provider.authorize(String(start.headers.location));
    const before = provider.tokenRequests;
    expect((await get(`/console/oidc/rueckkehr?code=${code}&state=${state}`)).statusCode).toBe(401);
    expect(
      (await get(`/console/oidc/rueckkehr?code=${code}&state=${state}`, 'kim-console-oidc=another-state')).statusCode,
    ).toBe(401);
    expect(provider.tokenRequests).toBe(before);
  });

  it('turns login links off', async () => {
    const response = await app.app.inject({
      method: 'POST',
      url: '/console/sitzung/link',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ticket: 'A'.repeat(43) }),
    });
    expect(response.statusCode).toBe(403);
    expect((await get('/console/sitzung')).json().signIn).toEqual({ oidc: '/console/oidc/anmelden' });
  });
});
