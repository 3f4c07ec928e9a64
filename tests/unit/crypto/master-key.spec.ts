import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterKeyError } from '../../../src/crypto/crypto.errors.js';
import { loadOrCreateMasterKey } from '../../../src/crypto/master-key.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'kim-master-key-'));

describe('master key', () => {
  describe('on first start without KIM_MASTER_KEY', () => {
    it('creates master.key readable by the owner only, and loads the same key on the next start', async () => {
      const dataDir = join(await tempDir(), 'data');
      const first = await loadOrCreateMasterKey({ dataDir });
      expect(first).toHaveLength(32);
      expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
      expect(await loadOrCreateMasterKey({ dataDir, env: '' })).toEqual(first);
    });
  });

  describe('when two processes start at once', () => {
    it('both end up with the same key', async () => {
      const dataDir = await tempDir();
      const [a, b] = await Promise.all([loadOrCreateMasterKey({ dataDir }), loadOrCreateMasterKey({ dataDir })]);
      expect(a).toEqual(b);
    });
  });

  describe('when KIM_MASTER_KEY holds base64 of 32 bytes', () => {
    it('uses it and writes no file', async () => {
      const dataDir = await tempDir();
      const key = randomBytes(32);
      expect(await loadOrCreateMasterKey({ env: key.toString('base64'), dataDir })).toEqual(key);
      await expect(stat(join(dataDir, 'master.key'))).rejects.toThrow(/ENOENT/);
    });
  });

  describe.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['hex instead of base64', randomBytes(32).toString('hex')],
    ['a passphrase', 'correct horse battery staple'],
  ])('when KIM_MASTER_KEY is %s', (_, value) => {
    it('refuses to start with one line that names the variable but not the value', async () => {
      const failure = loadOrCreateMasterKey({ env: value, dataDir: await tempDir() });
      await expect(failure).rejects.toThrow(MasterKeyError);
      const message = await failure.catch((error: Error) => error.message);
      expect(message).toMatch(/^KIM_MASTER_KEY must be the base64 encoding of exactly 32 bytes/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(value);
    });
  });

  describe('when master.key was damaged', () => {
    it('refuses to start', async () => {
      const dataDir = await tempDir();
      await loadOrCreateMasterKey({ dataDir });
      const file = join(dataDir, 'master.key');
      await writeFile(file, (await readFile(file, 'utf8')).slice(4));
      await expect(loadOrCreateMasterKey({ dataDir })).rejects.toThrow(MasterKeyError);
    });
  });
});
