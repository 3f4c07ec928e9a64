import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateLocalSigningKey,
  signLocalToken,
} from '../../../src/auth/local-signing-key.js';
import { createTokenVerifier } from '../../../src/auth/token-verifier.js';

describe('local signing key', () => {
  describe('on first start', () => {
    it('creates an owner-only ES256 key file with a kid, and loads the same key afterwards', async () => {
      const dataDir = join(await mkdtemp(join(tmpdir(), 'kim-signing-')), 'data');
      const first = await loadOrCreateLocalSigningKey(dataDir);
      const file = join(dataDir, 'jwt-signing-key.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        kid: first.kid,
        alg: 'ES256',
      });
      const again = await loadOrCreateLocalSigningKey(dataDir);
      expect(again.kid).toBe(first.kid);
      expect(again.jwks).toEqual(first.jwks);
    });

    it('publishes only the public half', async () => {
      const key = await loadOrCreateLocalSigningKey(await mkdtemp(join(tmpdir(), 'kim-signing-')));
      expect(key.jwks.keys).toHaveLength(1);
      expect(key.jwks.keys[0]).not.toHaveProperty('d');
    });
  });

  describe('when a token is signed with it', () => {
    it('verifies on a verifier loaded from the same data directory, as the given user', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kim-signing-'));
      const token = await signLocalToken(await loadOrCreateLocalSigningKey(dataDir), {
        sub: 'ao-01',
        roles: ['agency_officer'],
        agency: 'JOBCENTER_IP',
      });
      const { jwks, kid } = await loadOrCreateLocalSigningKey(dataDir);
      const verifier = createTokenVerifier({ mode: 'local', issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks });
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid });
      expect(await verifier.verify(token)).toEqual({
        sub: 'ao-01',
        roles: ['agency_officer'],
        role: 'agency_officer',
        agency: 'JOBCENTER_IP',
      });
    });
  });
});
