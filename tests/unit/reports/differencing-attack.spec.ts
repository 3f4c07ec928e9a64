import { reportAttack } from '../../support/report-attack.js';
import { projectAll } from './support/committee-events.js';
import { countyScenario } from './support/county-scenario.js';

/**
 * The red team's differencing attack (tests/support/report-attack.ts) on seeded counties: quick and
 * deterministic, a second opinion beside the attack on the demo county (tests/integration/report-attacker.spec.ts).
 * Each scenario's history runs from October 2024; its last consents run out in January 2028.
 */
describe.each([7, 11])('the differencing attack on the seeded county %i', (seed) => {
  it('pins no single record and no non-zero count, where the old publication gave many away', async () => {
    const docs = await projectAll(countyScenario(300, seed));
    const red = reportAttack({ docs, firstMonth: '2024-10', lastMonth: '2028-01', today: '2028-02-02' });
    const truth = await red.monthlyTruth();
    const collected = await red.collectReports();
    const now = red.attack(collected, truth, false);
    const old = red.attack(collected, truth, true);
    expect(now.singles).toBeGreaterThan(30);
    expect({ recovered: now.recoveredSingles, nonZero: now.exactNonZero, months: now.monthsPinnedToOne }).toEqual({
      recovered: [],
      nonZero: 0,
      months: [],
    });
    expect(old.recoveredSingles.length).toBeGreaterThan(0);
  }, 120_000);
});
