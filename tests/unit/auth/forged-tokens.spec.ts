import { createHmac, createPublicKey } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateLocalSigningKey,
  signLocalToken,
  type LocalSigningKey,
} from '../../../src/auth/local-signing-key.js';
import { createTokenVerifier, type TokenVerifier } from '../../../src/auth/token-verifier.js';
import { UnauthenticatedError, type UnauthenticatedReason } from '../../../src/auth/unauthenticated.error.js';
import { report } from '../../support/reliability-report.js';

const now = () => Math.floor(Date.now() / 1000);
const claims = { roles: ['caseworker'], agency: 'KI', municipality: 'Velbert' };
const encode = (part: object) => base64url.encode(JSON.stringify(part));

let key: LocalSigningKey;
let verifier: TokenVerifier;
let stranger: { privateKey: CryptoKey };

beforeAll(async () => {
  key = await loadOrCreateLocalSigningKey(await mkdtemp(join(tmpdir(), 'kim-forged-')));
  verifier = createTokenVerifier({ mode: 'local', issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: key.jwks });
  stranger = await generateKeyPair('ES256');
});

const validPayload = (): JWTPayload => ({
  sub: 'cw-01',
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  iat: now(),
  exp: now() + 3600,
  ...claims,
});

/** A correctly signed token whose header and claims each case bends (`undefined` drops a claim). */
function signed(overrides: JWTPayload, options: { kid?: string; signWith?: CryptoKey } = {}) {
  const payload = Object.fromEntries(
    Object.entries({ ...validPayload(), ...overrides }).filter(([, v]) => v !== undefined),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? key.kid })
    .sign(options.signWith ?? key.privateKey);
}

const forgeries: [string, () => Promise<string>, UnauthenticatedReason][] = [
  [
    'alg none',
    async () => `${encode({ alg: 'none', typ: 'JWT' })}.${encode(validPayload())}.`,
    'algorithm-not-allowed',
  ],
  [
    'HS256 signed with the public key bytes (key confusion)',
    async () => {
      const pem = createPublicKey({ key: key.jwks.keys[0]!, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${encode(validPayload())}`;
      return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    },
    'algorithm-not-allowed',
  ],
  ['wrong audience', () => signed({ aud: 'some-other-service' }), 'wrong-audience'],
  ['missing audience', () => signed({ aud: undefined }), 'wrong-audience'],
  ['wrong issuer', () => signed({ iss: 'https://evil.example' }), 'wrong-issuer'],
  ['expired', () => signed({ iat: now() - 7200, exp: now() - 3600 }), 'expired'],
  ['not yet valid (nbf in the future)', () => signed({ nbf: now() + 3600 }), 'not-yet-valid'],
  // Issue 13: a token "issued" ten years from now, or one valid for a hundred years, was accepted.
  ['issued ten years in the future (iat)', () => signed({ iat: now() + 10 * 365 * 86400 }), 'not-yet-valid'],
  ['issued a minute in the future (beyond the 5 s clock skew)', () => signed({ iat: now() + 60 }), 'not-yet-valid'],
  [
    'valid for a hundred years, issued 13 hours ago (beyond the 12 h maximum age)',
    () => signed({ iat: now() - 13 * 3600, exp: now() + 100 * 365 * 86400 }),
    'too-old',
  ],
  ['without iat (its age cannot be told)', () => signed({ iat: undefined }), 'invalid-claims'],
  ['unknown kid', () => signed({}, { kid: 'not-a-key-we-know' }), 'unknown-key'],
  ['stripped signature', async () => (await signed({})).split('.').slice(0, 2).join('.') + '.', 'bad-signature'],
  [
    'tampered role claim (payload changed, signature kept)',
    async () => {
      const [header, , signature] = (await signed({})).split('.');
      return `${header}.${encode({ ...validPayload(), roles: ['dpo'] })}.${signature}`;
    },
    'bad-signature',
  ],
  ['signed by another key pair under our kid', () => signed({}, { signWith: stranger.privateKey }), 'bad-signature'],
  [
    'signed by another key pair under its own kid',
    () => signed({}, { signWith: stranger.privateKey, kid: 'stranger' }),
    'unknown-key',
  ],
];

/** Counted as the cases run (a filtered run reports only what it tried). */
const tally = {
  genuineTried: 0,
  genuineAccepted: 0,
  forgedTried: 0,
  accepted: [] as string[],
  wrongReason: 0,
  echoed: 0,
};

afterAll(() => {
  if (tally.genuineTried + tally.forgedTried === 0) return;
  report({
    scenario: 'forged-tokens',
    variant: 'fast',
    // No seeded input: the cases are fixed; only key pairs and ES256 signatures are random.
    seed: 0,
    n: tally.forgedTried,
    figures: [
      { label: 'forged tokens accepted', value: tally.accepted.length, of: tally.forgedTried },
      {
        label: 'forged tokens refused for another reason than expected',
        value: tally.wrongReason,
        of: tally.forgedTried,
      },
      { label: 'refusals that echo the token', value: tally.echoed, of: tally.forgedTried },
      { label: 'genuine tokens accepted', value: tally.genuineAccepted, of: tally.genuineTried },
    ],
    caveats: [
      'the token verifier itself in local mode (embedded key set), not over HTTP; the OIDC mode runs the same checks with keys from the issuer’s JWKS',
      `accepted: ${tally.accepted.join(', ') || 'none'}`,
    ],
  });
});

describe('token verification (embedded key set)', () => {
  describe('when the token is genuine', () => {
    it("accepts it with the token's roles, agency and municipality", async () => {
      tally.genuineTried++;
      const user = await verifier.verify(
        await signLocalToken(key, {
          sub: 'cw-01',
          roles: ['caseworker'],
          agency: 'KI',
          municipality: 'Velbert',
          name: 'Clara Weber',
        }),
      );
      if (user.sub === 'cw-01') tally.genuineAccepted++;
      expect(user).toEqual({
        sub: 'cw-01',
        name: 'Clara Weber',
        roles: ['caseworker'],
        role: 'caseworker',
        agency: 'KI',
        municipality: 'Velbert',
      });
    });
  });

  describe.each(forgeries)('when the token is forged: %s', (_name, forge, reason) => {
    it(`refuses it as ${reason}`, async () => {
      const token = await forge();
      const outcome = await verifier.verify(token).then(
        () => undefined,
        (error: unknown) => error,
      );
      tally.forgedTried++;
      if (outcome === undefined) tally.accepted.push(_name);
      else if ((outcome as UnauthenticatedError).reason !== reason) tally.wrongReason++;
      if (outcome instanceof Error && outcome.message.includes(token)) tally.echoed++;
      expect(outcome).toBeInstanceOf(UnauthenticatedError);
      expect((outcome as UnauthenticatedError).reason).toBe(reason);
      expect((outcome as Error).message).not.toContain(token);
    });
  });
});
