import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/auth/local-signing-key.js';
import { loadConfig } from '../../src/config/config.js';
import { loadDemoCounty } from '../../src/demo/demo-loader.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { CommitteeReport } from '../../src/reports/committee-report.model.js';
import { businessDate } from '../../src/reports/committee-documents.js';
import { quarterPeriod, type ReportPeriod } from '../../src/reports/report-period.js';
import { protectCount, published } from '../../src/reports/suppression.js';

/**
 * The committee report of the demo county, fetched as the committee fetches it (GET /reports/committee,
 * JSON), figure by figure against a direct count of the events, allowing for small-cell suppression.
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
  const app = await createApp(loadConfig({ KIM_DATA_DIR: dataDir }), { logger: ['error'], docsUi: false });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const token = await signLocalToken(key, { sub: 'ausschuss-01', roles: ['committee'], agency: 'KI' });
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/committee?period=${period.key}&format=json`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    report = response.json() as CommitteeReport;
  } finally {
    await app.close();
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

  /** A published total agrees with the direct count: exactly, as `<5` for 1–4, or is withheld (`x`). */
  const agrees = (value: unknown, count: number) =>
    value === 'x' ? true : typeof value === 'number' ? value === count : value === '<5' ? count >= 1 && count <= 4 : count === 0;

  it('counts the allowed transfers of the quarter, in total and per recipient agency', () => {
    const transfers = events.filter((e) => e.type === 'DataTransferred' && inPeriod(e));
    expect(agrees(report.transfers.grandTotal, transfers.length)).toBe(true);
    expect(report.transfers.grandTotal).toEqual(expected(transfers.length));
    for (const row of report.transfers.rows) {
      const count = transfers.filter((e) => e.data.toAgency === row.key).length;
      expect({ agency: row.key, agrees: agrees(row.total, count) }).toEqual({ agency: row.key, agrees: true });
    }
  });

  it('counts the refused transfers of the quarter', () => {
    const refused = events.filter((e) => e.type === 'TransferRefused' && inPeriod(e)).length;
    const total = report.refusedTransfers.grandTotal ?? report.refusedTransfers.totals?.[0];
    expect(agrees(total, refused)).toBe(true);
  });

  it('counts the special integration achievements (Baustein 3) of the quarter', () => {
    const achievements = events.filter(
      (e) => e.type === 'CaseActionRecorded' && e.data.actionType === 'special-integration-achievement' && inPeriod(e),
    ).length;
    const total = report.achievements.grandTotal ?? report.achievements.totals?.[0];
    expect(agrees(total, achievements)).toBe(true);
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
