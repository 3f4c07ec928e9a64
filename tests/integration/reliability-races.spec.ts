/**
 * Issue item 3, fast variant: real concurrent requests through the whole HTTP pipeline of one service
 * (Fastify inject, in process). The long variant runs the same races across two service processes on
 * one data folder, where only the store's expected revision (not the in-process stream lock) decides.
 */
import { lastCaseloadSlot, twoEditsOfOneCase, withdrawalVersusTransfer, type RaceDriver, type RaceResult } from '../support/reliability-races.js';
import { report, runSeed } from '../support/reliability-report.js';
import { TestApp } from '../support/test-app.js';

describe('racing commands on one service', () => {
  let app: TestApp;
  let driver: RaceDriver;
  const seed = runSeed();
  beforeAll(async () => {
    app = await TestApp.start();
    driver = { request: (caller, method, path, body, headers) => app.request(caller, method, path, body, headers), stream: (name) => app.eventStore.readStream(name) };
  });
  afterAll(() => app.stop());

  const expectClean = (scenario: string, n: number, result: RaceResult) => {
    report({ scenario, variant: 'fast', seed, n, figures: [...result.figures, { label: 'invariant violations', value: result.violations }, { label: '5xx answers', value: result.serverErrors }] });
    expect(result.problems).toEqual([]);
    expect(result.violations).toBe(0);
    expect(result.serverErrors).toBe(0);
  };

  it('never lets a transfer rely on a consent withdrawn before it', async () => {
    expectClean('race-withdrawal-transfer', 25, await withdrawalVersusTransfer(driver, 25));
  }, 60_000);

  it('lets exactly one of two If-Match edits win, records both free edits once and nothing after a close', async () => {
    expectClean('race-two-edits', 15, await twoEditsOfOneCase(driver, 15));
  }, 60_000);

  it('gives the 80th caseload slot to exactly one of 16 racing assignments', async () => {
    expectClean('race-last-caseload-slot', 16, await lastCaseloadSlot(driver, app.config.catalogue.caseloadLimit, 16));
  }, 90_000);
});
