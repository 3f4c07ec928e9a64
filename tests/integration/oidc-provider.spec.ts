import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { createTokenVerifier } from '../../src/auth/token-verifier.js';
import { UnauthenticatedError } from '../../src/auth/unauthenticated.error.js';

/**
 * A real OpenID provider (the `oidc-provider` package) issues a JWT access token by the
 * client_credentials grant with a resource indicator; our verifier finds its keys by discovery.
 * oidc-provider ships no typings, so the little we use is described here.
 */
interface OidcProvider {
  callback(): (req: unknown, res: unknown) => void;
}
type OidcProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

const OIDC_PROVIDER_MODULE: string = 'oidc-provider';
const API = 'https://kim-ledger.example/api';
const CLIENT = { id: 'kim-tools', secret: 'a-long-client-secret-for-the-test-only-0123456789' };
const CLIENT_CLAIMS = { roles: ['offline_helper', 'team_lead'], agency: 'KI', municipality: 'Hilden' };

interface RunningProvider {
  issuer: string;
  server: Server;
  token(): Promise<string>;
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** `issuer` lets a second provider claim the first one's name while signing with its own keys. */
async function startProvider(issuerOverride?: string): Promise<RunningProvider> {
  const { default: Provider } = (await import(OIDC_PROVIDER_MODULE)) as { default: OidcProviderConstructor };
  const { server, port } = await listen();
  const issuer = issuerOverride ?? `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: `key-of-${port}`, use: 'sig', alg: 'ES256' }] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== API) throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'api',
            audience: 'kim-ledger',
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    extraTokenClaims: () => CLIENT_CLAIMS,
    ttl: { ClientCredentials: 300 },
  });
  server.on('request', provider.callback());
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    issuer,
    server,
    async token() {
      const response = await fetch(`${endpoint}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: API, scope: 'api' }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !body.access_token)
        throw new Error(`token request failed: ${body.error} ${body.error_description}`);
      return body.access_token;
    },
  };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('token verification against a real OIDC provider', () => {
  let genuine: RunningProvider;
  let impostor: RunningProvider;

  beforeAll(async () => {
    genuine = await startProvider();
    impostor = await startProvider(genuine.issuer);
  });

  afterAll(async () => {
    await Promise.all([genuine, impostor].filter(Boolean).map((p) => close(p.server)));
  });

  const verifier = () => createTokenVerifier({ mode: 'oidc', issuer: genuine.issuer, audience: 'kim-ledger' });

  describe('when the issuer signed a JWT access token for our audience', () => {
    it('is a JWT, not an opaque token', async () => {
      expect((await genuine.token()).split('.')).toHaveLength(3);
    });

    it('accepts it with the recognised roles, agency and municipality from its claims', async () => {
      const user = await verifier().verify(await genuine.token());
      expect(user).toEqual({
        sub: CLIENT.id,
        roles: ['team_lead'],
        role: 'team_lead',
        agency: 'KI',
        municipality: 'Hilden',
      });
    });
  });

  describe('when another provider under the same issuer name signed the token', () => {
    it("refuses it: its key is not in the issuer's key set", async () => {
      const token = await impostor.token();
      const outcome = await verifier()
        .verify(token)
        .catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(UnauthenticatedError);
      expect((outcome as UnauthenticatedError).reason).toBe('unknown-key');
    });
  });

  describe("when the configured audience is not the token's", () => {
    it('refuses it', async () => {
      const other = createTokenVerifier({ mode: 'oidc', issuer: genuine.issuer, audience: 'another-api' });
      await expect(other.verify(await genuine.token())).rejects.toMatchObject({ reason: 'wrong-audience' });
    });
  });

  describe('when the maximum token age has passed since the provider issued the token', () => {
    it('refuses it as too old although its exp lies ahead (the same check as in local mode)', async () => {
      const token = await genuine.token();
      const strict = createTokenVerifier({
        mode: 'oidc',
        issuer: genuine.issuer,
        audience: 'kim-ledger',
        maxTokenAgeSeconds: 0,
        clockToleranceSeconds: 0,
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await expect(strict.verify(token)).rejects.toMatchObject({ reason: 'too-old' });
    });
  });
});
