import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOGUE } from '../../src/config/catalogue.js';
import { loadDemoCounty } from '../../src/demo/demo-loader.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import { buildCommitteeReport } from '../../src/reports/committee-report.builder.js';
import type { CommitteeReport } from '../../src/reports/committee-report.model.js';
import { businessDate } from '../../src/reports/committee-documents.js';
import { quarterPeriod, type ReportPeriod } from '../../src/reports/report-period.js';
import { protectCount, published } from '../../src/reports/suppression.js';
import { systemClock } from '../../src/shared/clock.js';

/**
 * The committee report built from the demo county's read models, figure by figure against a direct count
 * of the events. GET /reports/committee is not registered in the app module yet, so the report is built
 * with the same builder the controller uses, from the committee projections' documents.
 */
const events: RecordedEvent[] = [];
let dataDir: string;
let period: ReportPeriod;
let report: CommitteeReport;

const inPeriod = (e: RecordedEvent) => {
  const on = businessDate(e);
  return on >= period.from && on <= period.to;
};
const expected = (n: number) => published(protectCount(n));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kim-committee-'));
  await loadDemoCounty({ seed: 4711, scale: 0.1, dataDir, onEvent: (e) => events.push(e) });
  period = quarterPeriod(2026, 2);
  const readStore = openSqliteReadStore({ path: join(dataDir, 'read.db') });
  try {
    report = await buildCommitteeReport({ readStore, catalogue: DEFAULT_CATALOGUE, clock: systemClock }, period);
  } finally {
    await readStore.close();
  }
}, 900_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the committee report for 2026-Q2 of the demo county', () => {
  it('counts the cases opened in the quarter as the CaseOpened events dated in it', () => {
    expect(report.headline.opened).toEqual(
      expected(events.filter((e) => e.type === 'CaseOpened' && inPeriod(e)).length),
    );
  });

  it('counts the closures of the quarter as the CaseClosed events dated in it', () => {
    expect(report.headline.closed).toEqual(
      expected(events.filter((e) => e.type === 'CaseClosed' && inPeriod(e)).length),
    );
  });

  it('counts the referrals to the naturalisation authority dated in the quarter', () => {
    const referrals = events.filter(
      (e) =>
        e.type === 'CaseActionRecorded' &&
        e.data.actionType === 'referral' &&
        (e.data.agencies as string[]).includes('EINBUERGERUNGSBEHOERDE') &&
        inPeriod(e),
    );
    expect(report.naturalisationReferrals).toEqual(expected(referrals.length));
  });

  it('never publishes a count from 1 to 4', () => {
    const values = [
      ...Object.values(report.headline),
      ...report.byMunicipality.rows.flatMap((r) => r.values),
      ...report.transfers.rows.flatMap((r) => r.values),
    ];
    expect(values.filter((v) => typeof v === 'number' && v >= 1 && v <= 4)).toEqual([]);
  });
});
