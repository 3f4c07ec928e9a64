/**
 * Issue item 3, fast variant: real concurrent requests through the whole HTTP pipeline of one service
 * (Fastify inject, in process). The long variant runs the same races across two service processes on
 * one data folder, where only the store's expected revision (not the in-process stream lock) decides.
 */
import {
  lastCaseloadSlot,
  twoEditsOfOneCase,
  withdrawalVersusTransfer,
  type RaceDriver,
  type RaceResult,
} from '../support/reliability-races.js';
import { report, runSeed } from '../support/reliability-report.js';
import { setRequestClock } from '../../src/http/request-context.js';
import { systemClock } from '../../src/shared/clock.js';
import { TestApp } from '../support/test-app.js';
import { PARTICIPATION } from '../support/builders.js';

describe('racing commands on one service', () => {
  let app: TestApp;
  let driver: RaceDriver;
  const seed = runSeed();
  beforeAll(async () => {
    app = await TestApp.start();
    driver = {
      request: (caller, method, path, body, headers) => app.request(caller, method, path, body, headers),
      stream: (name) => app.eventStore.readStream(name),
    };
  });
  afterAll(() => app.stop());

  const expectClean = (scenario: string, n: number, result: RaceResult) => {
    report({
      scenario,
      variant: 'fast',
      seed,
      n,
      figures: [
        ...result.figures,
        { label: 'invariant violations', value: result.violations },
        { label: '5xx answers', value: result.serverErrors },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.violations).toBe(0);
    expect(result.serverErrors).toBe(0);
  };

  it('never lets a transfer rely on a consent withdrawn before it', async () => {
    expectClean('race-withdrawal-transfer', 25, await withdrawalVersusTransfer(driver, 25));
  }, 60_000);

  // Found by the two-process race (tests/reliability/races-two-processes.spec.ts, 12 of 100 rounds before
  // the fix): a transfer request accepted at T1 but decided after a withdrawal recorded at T2 > T1 was
  // allowed. A withdrawal already in the decided state now counts whatever the instants (transfer-policy.ts).
  // Here the interleaving is pinned with the request clock so it happens every time.
  it('refuses a transfer decided after the withdrawal even if its request was accepted a moment before', async () => {
    const caller = { role: 'caseworker' as const, sub: 'cw-late' };
    const { body: p } = await app.request(caller, 'POST', '/persons', {
      givenName: 'Spät',
      familyName: 'Test',
      dateOfBirth: '1985-03-03',
      nationality: 'UA',
      municipality: 'Ratingen',
      languages: ['uk'],
      residenceStatus: '§ 24 AufenthG',
      participation: PARTICIPATION,
    });
    const { body: c } = await app.request(caller, 'POST', '/cases', { personId: p.personId, municipality: 'Ratingen' });
    const { body: consent } = await app.request(caller, 'POST', `/persons/${p.personId}/consents`, {
      recipients: ['JOBCENTER_IP'],
      dataCategories: ['identity'],
      purposes: ['labour-market-integration'],
      validUntil: '2027-12-31',
      evidence: { kind: 'signed-form', reference: 'KI-LATE-1' },
      informed: { language: 'de', formVersion: 'KI-EW-2026-01', interpreter: false },
    });
    const t1 = new Date();
    const t2 = new Date(t1.getTime() + 1000);
    try {
      setRequestClock({ now: () => t2 });
      expect(
        (
          await app.request(caller, 'POST', `/persons/${p.personId}/consents/${consent.consentId}/withdraw`, {
            reason: 'Widerruf',
          })
        ).status,
      ).toBe(200);
      setRequestClock({ now: () => t1 }); // the transfer request that had been accepted just before
      const transfer = await app.request(caller, 'POST', '/transfers', {
        personId: p.personId,
        caseId: c.caseId,
        toAgency: 'JOBCENTER_IP',
        dataCategories: ['identity'],
        purpose: 'labour-market-integration',
        legalBasis: 'consent',
      });
      expect(transfer.status).toBe(422);
    } finally {
      setRequestClock(systemClock);
    }
  });

  it('lets exactly one of two If-Match edits win, records both free edits once and nothing after a close', async () => {
    expectClean('race-two-edits', 15, await twoEditsOfOneCase(driver, 15));
  }, 60_000);

  it('gives the 80th caseload slot to exactly one of 16 racing assignments', async () => {
    expectClean('race-last-caseload-slot', 16, await lastCaseloadSlot(driver, app.config.catalogue.caseloadLimit, 16));
  }, 90_000);
});
