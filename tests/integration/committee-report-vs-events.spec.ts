import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../src/auth/local-signing-key.js';
import { loadConfig } from '../../src/config/config.js';
import { embeddedPaths } from '../../src/config/stores.js';
import { loadOrCreateMasterKey } from '../../src/crypto/master-key.js';
import { loadDemoCounty } from '../../src/demo/demo-loader.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteReadStore } from '../../src/read-store/sqlite/sqlite-read-store.js';
import type { CommitteeReport } from '../../src/reports/committee-report.model.js';
import { buildPerturbationTable, deviationFor } from '../../src/reports/disclosure/perturbation-table.js';
import { CELL_KEY_PARAMETERS } from '../../src/reports/disclosure/protection.js';
import { loadOrCreateReportSecret } from '../../src/reports/disclosure/report-secret.js';
import type { PublishedTable, PublishedValue } from '../../src/reports/report.model.js';
import { parsePeriod, type ReportPeriod } from '../../src/reports/report-period.js';
import { MIN_CASE_MANAGERS } from '../../src/reports/tables/caseload-figures.js';
import { systemClock } from '../../src/shared/clock.js';

/**
 * The committee report of the demo county, fetched as the committee fetches it (GET /reports/committee,
 * JSON), figure by figure against a count made here directly from the events. Nothing of the projections
 * or the report builder computes an expected value. The protection is checked twice: every published
 * value must admit its true count (±D, a zero only for 0, `<5` for 1..4+D), and the headline
 * figures are recomputed exactly — HMAC record keys from the county secret, cell key, p-table — from the
 * ids in the events, so the report must have keyed exactly the records it counted.
 *
 * Scale 0.4 gives three case managers, the fewest for which caseload figures are published at all.
 */
const PERIODS = ['2026-Q2', '2025'];
const CASELOAD_LIMIT = 80;
const { maxDeviation: D, variance: V } = CELL_KEY_PARAMETERS;
const events: RecordedEvent[] = [];
const reports = new Map<string, CommitteeReport>();
let dataDir: string;
let secret: Buffer;

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
const ofType = (type: string) => events.filter((e) => e.type === type);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kim-committee-'));
  await loadDemoCounty({ seed: 4711, scale: 0.4, dataDir, onEvent: (e) => events.push(e) });
  const config = loadConfig({ KIM_DATA_DIR: dataDir });
  const app = await createApp(config, { logger: ['error'], docsUi: false });
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
  const keys = openSqliteReadStore({ path: embeddedPaths(dataDir).keys });
  secret = await loadOrCreateReportSecret(keys, await loadOrCreateMasterKey({ dataDir }), systemClock);
  await keys.close();
}, 900_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Could this published value stand for this true count under the protection? */
function admits(value: unknown, count: number): boolean {
  if (value === 'x') return true;
  if (value === '<5') return count >= 1 && count <= 4 + D;
  if (value === 0) return count === 0;
  return typeof value === 'number' && count >= 1 && Math.abs(value - count) <= D;
}

/** Where published values disagree with their true counts; a failure names every one. */
const disagreements = (cells: { label: string; value: unknown; count: number }[]): string[] =>
  cells
    .filter(({ value, count }) => !admits(value, count))
    .map(({ label, value, count }) => `${label}: published ${JSON.stringify(value)}, counted ${count}`);

/** The value published for a set of records, computed here from their ids and the county secret. */
const pTable = buildPerturbationTable(D, V);
function expectedPublished(kind: string, ids: string[]): PublishedValue {
  let sum = 0;
  for (const id of ids) {
    const key = createHmac('sha256', secret).update(`kim-rk1:${kind}:${id}`).digest().readUInt32BE(0);
    sum = (sum + key) >>> 0;
  }
  const value = ids.length + deviationFor(pTable, ids.length, sum / 2 ** 32);
  return value >= 1 && value <= 4 ? '<5' : value;
}

const listValue = (table: PublishedTable, code: string): PublishedValue | undefined =>
  table.rows.find((r) => r.code === code)?.values[0];
const table = (report: CommitteeReport, code: string) =>
  report.sections.flatMap((s) => s.tables).find((t) => t.code === code)!;
const headline = (report: CommitteeReport, code: string) => report.headline.find((h) => h.code === code)!.value;

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

  it('covers the whole period: it has ended', () => {
    expect(report.period).toEqual(expect.objectContaining({ code: key, dataUntil: period.to, complete: true }));
  });

  it('publishes the cases opened in the period exactly as the Cell Key Method gives for the CaseOpened events dated in it', () => {
    const ids = ofType('CaseOpened')
      .filter(inPeriod)
      .map((e) => String(e.data.caseId));
    expect(ids.length).toBeGreaterThan(10);
    expect(headline(report, 'cases-opened')).toEqual(expectedPublished('case', ids));
  });

  it('publishes the closures of the period exactly as the Cell Key Method gives for the CaseClosed events dated in it', () => {
    const ids = ofType('CaseClosed')
      .filter(inPeriod)
      .map((e) => String(e.data.caseId));
    expect(headline(report, 'cases-closed')).toEqual(expectedPublished('case', ids));
  });

  it('publishes the consents granted in the period exactly as the Cell Key Method gives for their events', () => {
    const ids = ofType('ConsentGranted')
      .filter(inPeriod)
      .map((e) => String(e.data.consentId));
    expect(listValue(table(report, 'consents'), 'granted')).toEqual(expectedPublished('consent', ids));
  });

  it('counts the referrals to the naturalisation authority dated in the period', () => {
    const referrals = ofType('CaseActionRecorded').filter(
      (e) =>
        e.data.actionType === 'referral' &&
        (e.data.agencies as string[]).includes('EINBUERGERUNGSBEHOERDE') &&
        inPeriod(e),
    );
    const figure = report.sections.flatMap((s) => s.figures).find((f) => f.code === 'naturalisation-referrals')!;
    expect(figure.value).toEqual(
      expectedPublished(
        'action',
        referrals.map((e) => String(e.data.actionId)),
      ),
    );
  });

  it('counts the allowed transfers per recipient agency and legal basis within the protection', () => {
    const transfers = ofType('DataTransferred').filter(inPeriod);
    const agencies = [...new Set(transfers.map((e) => String(e.data.toAgency)))].sort();
    const bases = [...new Set(transfers.map((e) => String(e.data.legalBasis)))];
    const count = (agency?: string, basis?: string) =>
      transfers.filter(
        (e) =>
          (agency === undefined || e.data.toAgency === agency) && (basis === undefined || e.data.legalBasis === basis),
      ).length;
    const t = table(report, 'transfers-by-agency-and-basis');
    expect(t.rows.map((r) => r.code)).toEqual(agencies);
    expect([...t.columns.map((c) => c.code)].sort()).toEqual([...bases].sort());
    const cells = [
      ...t.rows.flatMap((row) => [
        ...t.columns.map((column, j) => ({
          label: `${row.code} × ${column.code}`,
          value: row.values[j],
          count: count(row.code, column.code),
        })),
        { label: `${row.code} total`, value: row.total, count: count(row.code) },
      ]),
      ...t.columns.map((column, j) => ({
        label: `total × ${column.code}`,
        value: t.totals?.[j],
        count: count(undefined, column.code),
      })),
    ];
    expect(disagreements(cells)).toEqual([]);
    expect(t.grandTotal).toEqual(
      expectedPublished(
        'transfer',
        transfers.map((e) => String(e.data.transferId)),
      ),
    );
  });

  it('counts the cases by municipality within the protection', () => {
    const opened = ofType('CaseOpened').filter(inPeriod);
    const t = table(report, 'cases-by-municipality');
    const cells = t.rows.map((row) => ({
      label: row.code,
      value: row.values[0],
      count: opened.filter((e) => e.data.municipality === row.code).length,
    }));
    expect(disagreements(cells)).toEqual([]);
    expect(t.totals![0]).toEqual(headline(report, 'cases-opened'));
  });

  it('counts the refused transfers of the period', () => {
    const refused = ofType('TransferRefused').filter(inPeriod);
    const t = table(report, 'refused-transfers-by-reason');
    expect(t.totals?.[0]).toEqual(
      expectedPublished(
        'transfer',
        refused.map((e) => String(e.data.transferId)),
      ),
    );
  });

  it('counts the special integration achievements (Baustein 3) of the period, per kind and in total', () => {
    const achievements = ofType('CaseActionRecorded').filter(
      (e) => e.data.actionType === 'special-integration-achievement' && inPeriod(e),
    );
    const t = table(report, 'special-integration-achievements');
    const kinds = [...new Set(achievements.map((e) => String(e.data.achievementKind)))].sort();
    expect([...t.rows.map((r) => r.code)].sort()).toEqual(kinds);
    const cells = [
      ...t.rows.map((row) => ({
        label: row.code,
        value: row.values[0],
        count: achievements.filter((e) => e.data.achievementKind === row.code).length,
      })),
      { label: 'total', value: t.totals?.[0], count: achievements.length },
    ];
    expect(disagreements(cells)).toEqual([]);
  });

  describe('consents (Einwilligungen)', () => {
    it('counts the consents refused and withdrawn in the period within the protection, once per consent', () => {
      const consents = table(report, 'consents');
      const withdrawn = new Set(
        ofType('ConsentWithdrawn')
          .filter(inPeriod)
          .map((e) => String(e.data.consentId)),
      );
      expect(withdrawn.size).toBeGreaterThan(0);
      expect(
        disagreements([
          {
            label: 'refused',
            value: listValue(consents, 'refused'),
            count: ofType('ConsentRefused').filter(inPeriod).length,
          },
          { label: 'withdrawn', value: listValue(consents, 'withdrawn'), count: withdrawn.size },
        ]),
      ).toEqual([]);
    });

    it('counts as expired the granted consents whose last valid day lies in the period, unless withdrawn by then', () => {
      const withdrawnOn = new Map(ofType('ConsentWithdrawn').map((e) => [String(e.data.consentId), dayOf(e)]));
      const expired = ofType('ConsentGranted').filter((e) => {
        const lastDay = String(e.data.validUntil).slice(0, 10);
        const withdrawal = withdrawnOn.get(String(e.data.consentId));
        return lastDay >= period.from && lastDay <= period.to && (withdrawal === undefined || withdrawal > lastDay);
      });
      expect(expired.length).toBeGreaterThan(0);
      expect(listValue(table(report, 'consents'), 'expired')).toEqual(
        expectedPublished(
          'consent',
          expired.map((e) => String(e.data.consentId)),
        ),
      );
    });
  });

  describe('caseload utilisation (Betreuungsschlüssel 1:80)', () => {
    /** Per case manager: the count before the period and every count during it. */
    function peaks() {
      const slots = [...ofType('CaseloadSlotTaken'), ...ofType('CaseloadSlotReleased')].sort(
        (a, b) => a.streamName.localeCompare(b.streamName) || a.revision - b.revision,
      );
      const byManager = new Map<string, { start: number; during: number[] }>();
      const held = new Map<string, number>();
      for (const e of slots) {
        const manager = String(e.data.caseworkerId);
        const now = (held.get(manager) ?? 0) + (e.type === 'CaseloadSlotTaken' ? 1 : -1);
        held.set(manager, now);
        const figures = byManager.get(manager) ?? { start: 0, during: [] };
        const day = dayOf(e);
        if (day < period.from) figures.start = now;
        else if (day <= period.to) figures.during.push(now);
        byManager.set(manager, figures);
      }
      return [...byManager.values()].map((f) => Math.max(f.start, ...f.during)).filter((p) => p > 0);
    }

    it('counts the case managers who held a case in the period, enough to publish figures', () => {
      expect(report.caseload.caseManagers).toBe(peaks().length);
      expect(report.caseload.caseManagers).toBeGreaterThanOrEqual(MIN_CASE_MANAGERS);
      expect(report.caseload.limit).toBe(CASELOAD_LIMIT);
    });

    it('publishes the published active cases at the end per case manager, and its share of 80', () => {
      const active = headline(report, 'cases-active-at-end') as number;
      const average = active / peaks().length;
      expect(report.caseload.averageAtEnd).toBeCloseTo(average, 1);
      expect(report.caseload.averageUtilisation).toBeCloseTo((100 * average) / CASELOAD_LIMIT, 1);
    });

    it('publishes the highest caseload any case manager held in the period, never above 80', () => {
      const maximum = Math.max(...peaks());
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
    const first = [...firstOn].filter(([, on]) => on >= period.from && on <= period.to);
    const days = first.map(([caseId, on]) => daysFromTo(openedOn.get(caseId)!, on));
    expect(days.length).toBeGreaterThanOrEqual(10);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
    expect(report.firstCounselling.cases).toEqual(
      expectedPublished(
        'case',
        first.map(([caseId]) => caseId),
      ),
    );
    expect(report.firstCounselling.medianDays).toBe(Math.round(median(days)));
  });

  describe('casework figures (issue 17, item 3)', () => {
    /** The German calendar day a casework event names for itself. */
    const ownDay = (e: RecordedEvent, field: string) => String(e.data[field] ?? dayOf(e)).slice(0, 10);
    const within = (day: string) => day >= period.from && day <= period.to;

    it('publishes the goals first agreed in the period per field of action exactly as the Cell Key Method gives', () => {
      const seen = new Set<string>();
      const setIn = new Map<string, string[]>();
      for (const e of ofType('IntegrationPlanAgreed')) {
        for (const goal of e.data.goals as { goalId: string; fieldOfAction: string }[]) {
          if (seen.has(goal.goalId)) continue;
          seen.add(goal.goalId);
          if (!within(ownDay(e, 'agreedOn'))) continue;
          setIn.set(goal.fieldOfAction, [...(setIn.get(goal.fieldOfAction) ?? []), goal.goalId]);
        }
      }
      expect([...setIn.values()].flat().length).toBeGreaterThan(10);
      const t = table(report, 'cases-by-field-of-action');
      for (const [field, ids] of setIn) {
        expect([field, t.rows.find((r) => r.code === field)?.values[0]]).toEqual([
          field,
          expectedPublished('goal', ids),
        ]);
      }
    });

    it('publishes the contacts of the period exactly as the Cell Key Method gives, those with an interpreter within the protection', () => {
      const contacts = ofType('ContactRecorded').filter((e) => within(ownDay(e, 'contactOn')));
      expect(contacts.length).toBeGreaterThan(10);
      const t = table(report, 'contacts-by-channel');
      expect(t.totals![0]).toEqual(
        expectedPublished(
          'contact',
          contacts.map((e) => String(e.data.contactId)),
        ),
      );
      const interpreted = contacts.filter((e) => e.data.interpreter !== undefined && e.data.interpreter !== null);
      expect(disagreements([{ label: 'with interpreter', value: t.totals![1], count: interpreted.length }])).toEqual(
        [],
      );
      expect(table(report, 'cases-by-provider').totals![2]).toEqual(t.totals![0]);
    });

    it('publishes the waits that ended with an assignment in the period exactly as the Cell Key Method gives', () => {
      const assigned = ofType('CaseAssigned').filter((e) => typeof e.data.waitedDays === 'number' && within(dayOf(e)));
      expect(table(report, 'waiting-times').totals![1]).toEqual(
        expectedPublished(
          'case',
          assigned.map((e) => String(e.data.caseId)),
        ),
      );
      expect(table(report, 'waiting-times').totals![0]).toEqual(report.firstCounselling.cases);
    });

    it('attributes every active case to a provider: the totals are the headline figures', () => {
      const t = table(report, 'cases-by-provider');
      expect(t.totals!.slice(0, 2)).toEqual([
        headline(report, 'cases-active'),
        headline(report, 'cases-active-at-end'),
      ]);
    });

    it('counts the referrals made in the period per agency within the protection (none before the referral workflow)', () => {
      const made = ofType('ReferralMade').filter(inPeriod);
      const t = table(report, 'referrals-by-agency-and-outcome');
      expect(disagreements([{ label: 'referrals made', value: t.totals?.[0] ?? 0, count: made.length }])).toEqual([]);
    });
  });

  it('never publishes a number from 1 to 4', () => {
    // Shares, FTE and cases per FTE are no counts (columns marked `derived`, tables measured in FTE).
    const tables = report.sections.flatMap((s) => s.tables).filter((t) => t.measure === undefined);
    const counts = (t: PublishedTable, values: PublishedValue[]) => values.filter((_, j) => !t.columns[j]?.derived);
    const values = [
      ...report.headline.map((h) => h.value),
      ...tables.flatMap((t) => [
        ...t.rows.flatMap((r) => [...counts(t, r.values), r.total]),
        ...counts(t, t.totals ?? []),
      ]),
    ];
    expect(values.filter((v) => typeof v === 'number' && v >= 1 && v <= 4)).toEqual([]);
  });
});
