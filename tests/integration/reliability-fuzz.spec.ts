/**
 * Issue item 5, fast variant: 250 generated requests per command endpoint of the OpenAPI document (500 until
 * casework and the rights desk doubled the endpoints; the suite's time stays bounded); the long variant sends 5,000. The body limit is lowered to 16 KiB so oversized bodies stay cheap to send.
 * KIM_FUZZ_N overrides the count, KIM_SEED replays a run.
 *
 * Seen and accepted as harmless (counted under "accepted with mutation prototype keys"): a top-level
 * "constructor" (without .prototype) or "prototype" key is dropped by class-transformer before validation,
 * so it is ignored instead of refused with 400 like other unknown fields; nothing reaches an event.
 */
import { runFuzz } from '../support/reliability-fuzz-run.js';
import { report, runSeed } from '../support/reliability-report.js';
import { TestApp } from '../support/test-app.js';

const PER_ENDPOINT = Number(process.env.KIM_FUZZ_N ?? 250);

describe('the command API under generated hostile requests', () => {
  let app: TestApp;
  beforeAll(
    async () => (app = await TestApp.start({ KIM_BODY_LIMIT_BYTES: '16384', KIM_RATE_LIMIT_PER_MINUTE: '1000000' })),
  );
  afterAll(() => app.stop());

  it('never answers 5xx, always answers errors in the documented shape, and writes nothing for a rejected request', async () => {
    const seed = runSeed();
    const result = await runFuzz(app, PER_ENDPOINT, seed, Number(process.env.KIM_FUZZ_C ?? 8));
    report({ scenario: 'api-fuzz', variant: 'fast', seed, n: PER_ENDPOINT, figures: result.figures });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ serverErrors: 0, badErrorShape: 0, eventsByRejected: 0, unattributed: 0 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
