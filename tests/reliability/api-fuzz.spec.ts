/** Issue item 5, long variant: 5,000 generated requests per command endpoint of the OpenAPI document. */
import { runFuzz } from '../support/reliability-fuzz-run.js';
import { report, runSeed } from '../support/reliability-report.js';
import { TestApp } from '../support/test-app.js';

const PER_ENDPOINT = Number(process.env.KIM_FUZZ_N ?? 5000);

describe('the command API under generated hostile requests (long)', () => {
  let app: TestApp;
  beforeAll(
    async () => (app = await TestApp.start({ KIM_BODY_LIMIT_BYTES: '16384', KIM_RATE_LIMIT_PER_MINUTE: '1000000' })),
  );
  afterAll(() => app.stop());

  it(
    'never answers 5xx, always answers errors in the documented shape, and writes nothing for a rejected request',
    async () => {
      const seed = runSeed();
      const result = await runFuzz(app, PER_ENDPOINT, seed);
      report({ scenario: 'api-fuzz', variant: 'long', seed, n: PER_ENDPOINT, figures: result.figures });
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ serverErrors: 0, badErrorShape: 0, eventsByRejected: 0, unattributed: 0 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    15 * 60_000,
  );
});
