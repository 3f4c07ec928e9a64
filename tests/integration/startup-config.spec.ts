import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const main = new URL('../../dist/src/main.js', import.meta.url).pathname;
const built = existsSync(main);

/** Bad configuration stops the service at start with one clear line (issue: core, "How it is checked"). */
(built ? describe : describe.skip)(
  `starting with bad configuration${built ? '' : ' (skipped: run `npm run build` first)'}`,
  () => {
    it.each([
      [{ KIM_EVENT_STORE: 'cassandra' }, 'KIM_EVENT_STORE must be one of sqlite, esdb, got "cassandra"'],
      [
        { KIM_READ_STORE: 'mongo', MONGODB_URI: 'mongo:/broken' },
        'MONGODB_URI must start with mongodb:// or mongodb+srv://, got "mongo:/broken"',
      ],
      [{ PORT: '99999' }, 'PORT must be an integer from 0 to 65535, got "99999"'],
    ])('%j exits 1 with one line naming the problem', (env, message) => {
      const run = spawnSync(process.execPath, [main], {
        env: { ...process.env, ...env, KIM_DATA_DIR: '/nonexistent/kim' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(`kim-ledger: configuration error: ${message}`);
    });
  },
);
