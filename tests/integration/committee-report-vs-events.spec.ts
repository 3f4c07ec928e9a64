import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/auth/local-signing-key.js';
import { loadConfig } from '../../src/config/config.js';
import { loadDemoCounty } from '../../src/demo/demo-loader.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { MIN_CASE_MANAGERS } from '../../src/reports/caseload-figures.js';
import type { CommitteeReport, PublishedTable } from '../../src/reports/committee-report.model.js';
import { publishTable } from '../../src/reports/publish-table.js';
import { parsePeriod, type ReportPeriod } from '../../src/reports/report-period.js';
import { protectCount, published, type PublishedValue } from '../../src/reports/suppression.js';

/**
 * The committee report of the demo county, fetched as the committee fetches it (GET /reports/committee,
 * JSON), figure by figure against a count made here directly from the events, allowing for small-cell
 * suppression. Nothing of the projections or the report builder computes an expected value; only the
 * suppression rule is shared, and a withheld cell is checked against its true count as well.
 *
 * Scale 0.4 gives three case managers, the fewest for which caseload figures are published at all.
 */
const PERIODS = ['2026-Q2', '2025'];
const CASELOAD_LIMIT = 80;
const events: RecordedEvent[] = [];
const reports = new Map<string, CommitteeReport>();
let dataDir: string;

const berlin = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The German calendar day of an event: a case action's own date, otherwise when it happened. */
const dayOf = (e: RecordedEvent): string =>
  e.type === 'CaseActionRecorded' ? String(e.data.actionDate) : berlin.format(new Date(e.metadata.occurredAt));
const daysFromTo = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const expected = (n: number) => published(protectCount(n));
const ofType = (type: string) => events.filter((e) => e.type === type);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kim-committee-'));
  await loadDemoCounty({ seed: 4711, scale: 0.4, dataDir, onEvent: (e) => events.push(e) });
  const app = await createApp(loadConfig({ KIM_DATA_DIR: dataDir }), { logger: ['error'], docsUi: false });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const key = await loadOrCreateLocalSigningKey(dataDir);
    const token = await signLocalToken(key, { sub: 'ausschuss-01', roles: ['committee'], agency: 'KI' });
    for (const period of PERIODS) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/committee?period=${period}&format=json`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      reports.set(period, response.json() as CommitteeReport);
    }
  } finally {
    await app.close();
  }
}, 900_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Where a published value disagrees with its true count: a number must be exact, `<5` must stand for
 * 1–4, and `x` (secondary suppression) for 0 or at least 5 — and only in a table that has a `<5` to
 * protect. Returns the disagreements, so a failure names every one.
 */
function disagreements(table: PublishedTable, cells: { label: string; value: unknown; count: number }[]): string[] {
  const values = [...table.rows.flatMap((r) => [...r.values, r.total]), ...(table.totals ?? []), table.grandTotal];
  const protects = values.includes('<5');
  return cells
    .filter(({ value, count }) => {
      if (typeof value === 'number') return value !== count;
      if (value === '<5') return count < 1 || count > 4;
      if (value === 'x') return !protects || (count >= 1 && count <= 4);
      return true;
    })
    .map(({ label, value, count }) => `${label}: published ${JSON.stringify(value)}, counted ${count}`);
}

/** The only value of a one-column list row. */
const listValue = (table: PublishedTable, key: string): PublishedValue | undefined =>
  table.rows.find((r) => r.key === key)?.values[0];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe.each(PERIODS)('the committee report for %s of the demo county', (key) => {
  let period: ReportPeriod;
  let report: CommitteeReport;
  const inPeriod = (e: RecordedEvent) => dayOf(e) >= period.from && dayOf(e) <= period.to;
  beforeAll(() => {
    period = parsePeriod(key);
    report = reports.get(key)!;
  });

  it('counts the cases opened in the period as the CaseOpened events dated in it', () => {
    expect(report.headline.opened).toEqual(expected(ofType('CaseOpened').filter(inPeriod).length));
  });

  it('counts the closures of the period as the CaseClosed events dated in it', () => {
    expect(report.headline.closed).toEqual(expected(ofType('CaseClosed').filter(inPeriod).length));
  });

  it('counts the referrals to the naturalisation authority dated in the period', () => {
    const referrals = ofType('CaseActionRecorded').filter(
      (e) =>
        e.data.actionType === 'referral' &&
        (e.data.agencies as string[]).includes('EINBUERGERUNGSBEHOERDE') &&
        inPeriod(e),
    );
    expect(report.naturalisationReferrals).toEqual(expected(referrals.length));
  });

  it('counts the allowed transfers per recipient agency and legal basis, withholding only what protects a <5', () => {
    const transfers = ofType('DataTransferred').filter(inPeriod);
    const agencies = [...new Set(transfers.map((e) => String(e.data.toAgency)))].sort();
    const bases = [...new Set(transfers.map((e) => String(e.data.legalBasis)))];
    const count = (agency?: string, basis?: string) =>
      transfers.filter(
        (e) =>
          (agency === undefined || e.data.toAgency === agency) && (basis === undefined || e.data.legalBasis === basis),
      ).length;
    const table = report.transfers;
    expect(table.rows.map((r) => r.key)).toEqual(agencies);
    expect([...table.columns.map((c) => c.key)].sort()).toEqual([...bases].sort());
    const cells = [
      ...table.rows.flatMap((row) => [
        ...table.columns.map((column, j) => ({
          label: `${row.key} × ${column.key}`,
          value: row.values[j],
          count: count(row.key, column.key),
        })),
        { label: `${row.key} total`, value: row.total, count: count(row.key) },
      ]),
      ...table.columns.map((column, j) => ({
        label: `total × ${column.key}`,
        value: table.totals?.[j],
        count: count(undefined, column.key),
      })),
      { label: 'grand total', value: table.grandTotal, count: transfers.length },
    ];
    expect(disagreements(table, cells)).toEqual([]);
    expect(table.grandTotal).toEqual(expected(transfers.length));
  });

  it('withholds exactly the cells the suppression rule withholds for the counted transfers', () => {
    const transfers = ofType('DataTransferred').filter(inPeriod);
    const table = report.transfers;
    const again = publishTable({
      key: table.key,
      title: table.title,
      rows: table.rows.map(({ key: k, label }) => ({ key: k, label })),
      columns: table.columns,
      values: table.rows.map((row) =>
        table.columns.map(
          (column) => transfers.filter((e) => e.data.toAgency === row.key && e.data.legalBasis === column.key).length,
        ),
      ),
      rowTotals: true,
      columnTotals: true,
    });
    expect(table).toEqual(again);
  });

  it('counts the refused transfers of the period', () => {
    const refused = ofType('TransferRefused').filter(inPeriod).length;
    const table = report.refusedTransfers;
    expect(disagreements(table, [{ label: 'refused', value: table.totals?.[0], count: refused }])).toEqual([]);
  });

  it('counts the special integration achievements (Baustein 3) of the period, per kind and in total', () => {
    const achievements = ofType('CaseActionRecorded').filter(
      (e) => e.data.actionType === 'special-integration-achievement' && inPeriod(e),
    );
    const table = report.achievements;
    const kinds = [...new Set(achievements.map((e) => String(e.data.achievementKind)))].sort();
    expect([...table.rows.map((r) => r.key)].sort()).toEqual(kinds);
    const cells = [
      ...table.rows.map((row) => ({
        label: row.key,
        value: row.values[0],
        count: achievements.filter((e) => e.data.achievementKind === row.key).length,
      })),
      { label: 'total', value: table.totals?.[0], count: achievements.length },
    ];
    expect(disagreements(table, cells)).toEqual([]);
  });

  describe('consents (Einwilligungen)', () => {
    it('counts the consents granted and refused in the period as the events dated in it', () => {
      expect(listValue(report.consents, 'granted')).toEqual(expected(ofType('ConsentGranted').filter(inPeriod).length));
      expect(listValue(report.consents, 'refused')).toEqual(expected(ofType('ConsentRefused').filter(inPeriod).length));
    });

    it('counts the withdrawals dated in the period, once per consent', () => {
      const withdrawn = new Set(
        ofType('ConsentWithdrawn')
          .filter(inPeriod)
          .map((e) => String(e.data.consentId)),
      );
      expect(withdrawn.size).toBeGreaterThan(0);
      expect(listValue(report.consents, 'withdrawn')).toEqual(expected(withdrawn.size));
    });

    it('counts as expired the granted consents whose last valid day lies in the period and has passed, unless withdrawn by then', () => {
      const today = berlin.format(new Date(report.generatedAt));
      const withdrawnOn = new Map(ofType('ConsentWithdrawn').map((e) => [String(e.data.consentId), dayOf(e)]));
      const expired = ofType('ConsentGranted').filter((e) => {
        const lastDay = String(e.data.validUntil).slice(0, 10);
        const withdrawal = withdrawnOn.get(String(e.data.consentId));
        const ranOut = lastDay >= period.from && lastDay <= period.to && lastDay < today;
        return ranOut && (withdrawal === undefined || withdrawal > lastDay);
      });
      expect(expired.length).toBeGreaterThan(0);
      expect(listValue(report.consents, 'expired')).toEqual(expected(expired.length));
    });
  });

  describe('caseload utilisation (Betreuungsschlüssel 1:80)', () => {
    /** Per case manager: the count before the period, every count during it, and the count at its end. */
    function caseloads() {
      const slots = [...ofType('CaseloadSlotTaken'), ...ofType('CaseloadSlotReleased')].sort(
        (a, b) => a.streamName.localeCompare(b.streamName) || a.revision - b.revision,
      );
      const byManager = new Map<string, { start: number; during: number[]; end: number }>();
      const held = new Map<string, number>();
      for (const e of slots) {
        const manager = String(e.data.caseworkerId);
        const now = (held.get(manager) ?? 0) + (e.type === 'CaseloadSlotTaken' ? 1 : -1);
        held.set(manager, now);
        const figures = byManager.get(manager) ?? { start: 0, during: [], end: 0 };
        const day = dayOf(e);
        if (day < period.from) figures.start = now;
        else if (day <= period.to) figures.during.push(now);
        if (day <= period.to) figures.end = now;
        byManager.set(manager, figures);
      }
      return [...byManager.values()]
        .map((f) => ({ peak: Math.max(f.start, ...f.during), end: f.end }))
        .filter((f) => f.peak > 0);
    }

    it('counts the case managers who held a case in the period, enough to publish figures', () => {
      expect(report.caseload.caseManagers).toBe(caseloads().length);
      expect(report.caseload.caseManagers).toBeGreaterThanOrEqual(MIN_CASE_MANAGERS);
      expect(report.caseload.limit).toBe(CASELOAD_LIMIT);
    });

    it('publishes the average of the active cases at the end of the period, and its share of 80', () => {
      const ends = caseloads().map((f) => f.end);
      const average = ends.reduce((s, n) => s + n, 0) / ends.length;
      expect(report.caseload.averageAtEnd).toBeCloseTo(average, 1);
      expect(report.caseload.averageUtilisation).toBeCloseTo((100 * average) / CASELOAD_LIMIT, 1);
    });

    it('publishes the highest caseload any case manager held in the period, never above 80', () => {
      const maximum = Math.max(...caseloads().map((f) => f.peak));
      expect(report.caseload.maximumInPeriod).toBe(maximum);
      expect(report.caseload.maximumUtilisation).toBeCloseTo((100 * maximum) / CASELOAD_LIMIT, 1);
      expect(maximum).toBeLessThanOrEqual(CASELOAD_LIMIT);
    });
  });

  it('publishes the median days from opening to first counselling of the cases first counselled in the period', () => {
    const openedOn = new Map(ofType('CaseOpened').map((e) => [String(e.data.caseId), dayOf(e)]));
    const firstOn = new Map<string, string>();
    for (const e of ofType('CaseActionRecorded').filter((a) => a.data.actionType === 'counselling')) {
      const caseId = String(e.data.caseId);
      const earlier = firstOn.get(caseId);
      if (earlier === undefined || dayOf(e) < earlier) firstOn.set(caseId, dayOf(e));
    }
    const days = [...firstOn]
      .filter(([, on]) => on >= period.from && on <= period.to)
      .map(([caseId, on]) => daysFromTo(openedOn.get(caseId)!, on));
    expect(days.length).toBeGreaterThan(4);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
    expect(report.firstCounselling.cases).toEqual(expected(days.length));
    expect(report.firstCounselling.medianDays).toBe(median(days));
  });

  it('never publishes a count from 1 to 4', () => {
    const tables = [report.byMunicipality, report.transfers, report.consents, report.achievements];
    const values = [
      ...Object.values(report.headline),
      ...tables.flatMap((t) => [...t.rows.flatMap((r) => [...r.values, r.total]), ...(t.totals ?? [])]),
    ];
    expect(values.filter((v) => typeof v === 'number' && v >= 1 && v <= 4)).toEqual([]);
  });
});
