import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalSigningKey } from '../../../src/auth/local-signing-key.js';
import { createTokenVerifier } from '../../../src/auth/token-verifier.js';

/** The compiled CLI, as `npm run token` runs it; `npm test` builds dist/ first. Skipped visibly without a build. */
const CLI = resolve('dist/src/cli/token.js');
const describeBuilt = existsSync(CLI) ? describe : describe.skip;

const run = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, KIM_DATA_DIR: dataDir }, encoding: 'utf8' });

describeBuilt('token command line (dist/src/cli/token.js)', () => {
  describe('in production (NODE_ENV=production, as the image sets it)', () => {
    it('refuses, creating no signing key', async () => {
      const dataDir = join(await mkdtemp(join(tmpdir(), 'kim-cli-')), 'data');
      const result = spawnSync(process.execPath, [CLI, '--role', 'dpo', '--sub', 'x'], {
        env: { ...process.env, KIM_DATA_DIR: dataDir, NODE_ENV: 'production', KIM_PROFILE: '' },
        encoding: 'utf8',
      });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/not available in production/);
      expect(existsSync(join(dataDir, 'jwt-signing-key.json'))).toBe(false);
    });
  });

  describe('when called with a role, a subject and an agency', () => {
    it('prints exactly one line, a token the embedded verifier accepts', async () => {
      const dataDir = join(await mkdtemp(join(tmpdir(), 'kim-cli-')), 'data');
      const result = run(
        dataDir,
        '--role',
        'caseworker',
        '--sub',
        'cw-01',
        '--agency',
        'KI',
        '--municipality',
        'Velbert',
      );
      expect(result.status).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n')).toEqual([expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), '']);
      const { jwks } = await loadOrCreateLocalSigningKey(dataDir);
      const verifier = createTokenVerifier({ mode: 'local', issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks });
      expect(await verifier.verify(result.stdout.trim())).toEqual({
        sub: 'cw-01',
        roles: ['caseworker'],
        role: 'caseworker',
        agency: 'KI',
        municipality: 'Velbert',
      });
    });
  });

  describe.each([
    ['an unknown role', ['--role', 'wizard', '--sub', 'x']],
    ['no subject', ['--role', 'caseworker']],
    ['an agency officer without agency', ['--role', 'agency_officer', '--sub', 'ao-01']],
    ['an unknown option', ['--role', 'dpo', '--sub', 'd-01', '--admin']],
    ['a malformed ttl', ['--role', 'dpo', '--sub', 'd-01', '--ttl', 'forever']],
  ])('when called with %s', (_, args) => {
    it('prints nothing on stdout, a message on stderr, and exits with 2', async () => {
      const result = run(await mkdtemp(join(tmpdir(), 'kim-cli-')), ...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^token: /);
    });
  });
});
