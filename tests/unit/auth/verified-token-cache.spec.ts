import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url } from 'jose';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateLocalSigningKey,
  signLocalToken,
  type LocalSigningKey,
} from '../../../src/auth/local-signing-key.js';
import { createTokenVerifier, type TokenVerifier } from '../../../src/auth/token-verifier.js';
import { UnauthenticatedError } from '../../../src/auth/unauthenticated.error.js';
import type { Role } from '../../../src/shared/roles.js';
import { withVerifiedTokenCache } from '../../../src/auth/verified-token-cache.js';

let key: LocalSigningKey;
let real: TokenVerifier;
let clock: number;
let checks: number;

/** The real verifier, counting how often a signature is checked. */
const counting: TokenVerifier = {
  verify(token) {
    checks++;
    return real.verify(token);
  },
};
const cached = (maxAgeMs = 60_000) => withVerifiedTokenCache(counting, { maxAgeMs, now: () => clock });
const tokenFor = (sub: string, roles: Role[] = ['caseworker']) => signLocalToken(key, { sub, roles, agency: 'KI' });

beforeAll(async () => {
  key = await loadOrCreateLocalSigningKey(await mkdtemp(join(tmpdir(), 'kim-token-cache-')));
  real = createTokenVerifier({ mode: 'local', issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: key.jwks });
});
beforeEach(() => {
  clock = Date.now();
  checks = 0;
});

describe('a token verified a moment ago', () => {
  it('is accepted again without checking its signature again', async () => {
    const verifier = cached();
    const token = await tokenFor('cw-01');
    const first = await verifier.verify(token);
    clock += 30_000;
    expect(await verifier.verify(token)).toEqual(first);
    expect(checks).toBe(1);
  });

  it('is checked in full again once the cache age is over', async () => {
    const verifier = cached(60_000);
    const token = await tokenFor('cw-01');
    await verifier.verify(token);
    clock += 60_001;
    await verifier.verify(token);
    expect(checks).toBe(2);
  });

  it('is refused as expired once its exp has passed, without asking the verifier', async () => {
    const verifier = cached(24 * 3600_000);
    const token = await tokenFor('cw-01');
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    await verifier.verify(token);
    clock = exp * 1000 + 5_001;
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'expired' });
    expect(checks).toBe(1);
  });

  it('cannot be changed through what a caller does with the returned user', async () => {
    const verifier = cached();
    const token = await tokenFor('cw-01', ['caseworker', 'team_lead']);
    const user = await verifier.verify(token);
    user.roles.splice(0);
    user.role = 'dpo';
    expect(await verifier.verify(token)).toMatchObject({ role: 'caseworker', roles: ['caseworker', 'team_lead'] });
  });
});

describe('a token that differs from a remembered one', () => {
  it('with a tampered role claim is verified in full and refused', async () => {
    const verifier = cached();
    const token = await tokenFor('cw-01');
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, roles: ['dpo'] }))}.${signature}`;
    await expect(verifier.verify(tampered)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(2);
  });

  it('with its signature stripped is verified in full and refused', async () => {
    const verifier = cached();
    const token = await tokenFor('cw-01');
    await verifier.verify(token);
    await expect(verifier.verify(token.replace(/\.[^.]+$/, '.'))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(2);
  });
});

describe('a refused token', () => {
  it('is not remembered: the next attempt is checked again', async () => {
    const verifier = cached();
    await expect(verifier.verify('not-a-token')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifier.verify('not-a-token')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(2);
  });
});

describe('a remembered token that reaches the maximum token age before its exp', () => {
  it('is refused once iat + the maximum age has passed, without asking the verifier again', async () => {
    const verifier = withVerifiedTokenCache(counting, {
      maxAgeMs: 10 * 3600_000,
      maxTokenAgeSeconds: 60,
      now: () => clock,
    });
    const token = await signLocalToken(key, { sub: 'cw-01', roles: ['caseworker'], agency: 'KI' }, '8h');
    await verifier.verify(token);
    clock += 30_000;
    await verifier.verify(token);
    clock += 40_000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(checks).toBe(1);
  });
});
