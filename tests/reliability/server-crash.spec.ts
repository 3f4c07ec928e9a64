/** Issue items 1 and 2, long variant: 20 SIGKILLs of the service while 64 clients send commands. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRASH_CAVEATS, runServerCrash } from '../support/reliability-crash.js';
import { report, runSeed } from '../support/reliability-report.js';
import { assertDistIsCurrent } from '../support/reliability-server.js';

const KILLS = Number(process.env.KIM_RELIABILITY_KILLS ?? 20);

describe(`a service killed with SIGKILL ${KILLS} times while 64 clients send commands`, () => {
  const base = mkdtempSync(join(tmpdir(), 'kim-rel-crash-long-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it(
    'keeps every acknowledged command exactly once, whole, chained, and its projections equal a rebuild',
    async () => {
      assertDistIsCurrent();
      const seed = runSeed();
      const result = await runServerCrash({
        dataDir: join(base, 'data'),
        seed,
        clients: 64,
        kills: KILLS,
        loadMs: [2000, 6000],
      });
      report({
        scenario: 'server-crash',
        variant: 'long',
        seed,
        n: KILLS,
        figures: result.figures,
        caveats: CRASH_CAVEATS,
      });
      expect(result.problems).toEqual([]);
      expect(result.violations).toEqual({
        lost: 0,
        duplicated: 0,
        misplaced: 0,
        torn: 0,
        chainFailures: 0,
        differingDocs: 0,
        retryDiffers: 0,
        serverErrors: 0,
      });
    },
    15 * 60_000,
  );
});
