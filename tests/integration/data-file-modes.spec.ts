import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '../../src/config/stores.js';
import { loadConfig } from '../../src/config/config.js';
import { loadOrCreateMasterKey } from '../../src/crypto/master-key.js';
import { loadOrCreateLocalSigningKey } from '../../src/auth/local-signing-key.js';
import { TestApp } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every file and folder under `dir`, with its mode. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { '.': modeOf(dir) };
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const relative = join(sub, entry.name);
      found[relative] = modeOf(join(dir, relative));
      if (entry.isDirectory()) walk(relative);
    }
  };
  walk('');
  return found;
}

describe('data files (issue 13: they were created 0644)', () => {
  describe('when the service has started and written', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start();
      const caseworker = { role: 'caseworker' as const, sub: 'cw-01' };
      const { status } = await app.request(caseworker, 'POST', '/persons', {
        givenName: 'Aylin',
        familyName: 'Yılmaz',
        dateOfBirth: '1991-04-17',
        nationality: 'TR',
        municipality: 'Velbert',
        languages: ['tr'],
        residenceStatus: '§ 25 Abs. 2 AufenthG',
        participation: PARTICIPATION,
      });
      expect(status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the chain head file follows the commit
    });
    afterAll(() => app.stop());

    it('keeps every database, WAL, key and head file 0600 and the folder 0700', () => {
      const found = modes(app.dataDir);
      expect(Object.keys(found)).toEqual(
        expect.arrayContaining([
          'events.db',
          'events.db-wal',
          'read.db',
          'keys.db',
          'master.key',
          'jwt-signing-key.json',
          'chain-head.json',
        ]),
      );
      const loose = Object.entries(found).filter(([name, mode]) => mode !== (name === '.' ? '700' : '600'));
      expect(loose).toEqual([]);
    });
  });

  describe('when an earlier version left the files readable for everyone', () => {
    it('narrows them at the next start', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kim-modes-'));
      try {
        const config = loadConfig({ KIM_DATA_DIR: dir });
        const stores = await openStores(config);
        await loadOrCreateMasterKey({ dataDir: dir });
        await loadOrCreateLocalSigningKey(dir);
        await stores.eventStore.close();
        await stores.readStore.close();
        await stores.keyStore.close();
        await stores.epochStore.close();
        for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
        writeFileSync(join(dir, 'chain-head.json'), '{"position":0,"hash":""}\n', { mode: 0o644 });
        chmodSync(dir, 0o755);
        const reopened = await openStores(config);
        await loadOrCreateMasterKey({ dataDir: dir });
        await loadOrCreateLocalSigningKey(dir);
        await reopened.eventStore.close();
        await reopened.readStore.close();
        await reopened.keyStore.close();
        await reopened.epochStore.close();
        const loose = Object.entries(modes(dir)).filter(([name, mode]) => mode !== (name === '.' ? '700' : '600'));
        expect(loose).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
