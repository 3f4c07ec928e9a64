/**
 * Issue items 1 and 2, fast variant: the service is killed with SIGKILL 3 times while 64 clients send
 * commands over HTTP; the long variant (tests/reliability/) kills it 20 times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRASH_CAVEATS, runServerCrash } from '../support/reliability-crash.js';
import { report, runSeed } from '../support/reliability-report.js';
import { assertDistIsCurrent } from '../support/reliability-server.js';

describe('a service killed with SIGKILL at random moments while 64 clients send commands', () => {
  const base = mkdtempSync(join(tmpdir(), 'kim-rel-crash-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('keeps every acknowledged command exactly once, whole, chained, and its projections equal a rebuild', async () => {
    assertDistIsCurrent();
    const seed = runSeed();
    const result = await runServerCrash({
      dataDir: join(base, 'data'),
      seed,
      clients: 64,
      kills: 3,
      loadMs: [1500, 3000],
    });
    report({ scenario: 'server-crash', variant: 'fast', seed, n: 3, figures: result.figures, caveats: CRASH_CAVEATS });
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
    expect(result.figures.find((f) => f.label === 'acknowledged commands lost')!.of).toBeGreaterThan(50);
  }, 120_000);
});
