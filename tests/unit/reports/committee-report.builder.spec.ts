import { DEFAULT_CATALOGUE } from '../../../src/config/catalogue.js';
import { buildCommitteeReport } from '../../../src/reports/committee-report.builder.js';
import type { CommitteeReport, PublishedTable } from '../../../src/reports/committee-report.model.js';
import { parsePeriod } from '../../../src/reports/report-period.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { ev, projectAll } from './support/committee-events.js';
import { memoryReadStore } from './support/memory-read-store.js';

type Built = ReturnType<typeof ev.caseOpened>;
const times = (n: number, make: (i: number) => Built[]) => Array.from({ length: n }, (_, i) => make(i)).flat();

async function report(events: Built[], period = '2026-Q3'): Promise<CommitteeReport> {
  const docs = await projectAll(events);
  return buildCommitteeReport(
    { readStore: memoryReadStore(docs), catalogue: DEFAULT_CATALOGUE, clock: fixedClock('2026-10-05T08:00:00Z') },
    parsePeriod(period),
  );
}
const row = (t: PublishedTable, key: string) => t.rows.find((r) => r.key === key);

describe('committee report', () => {
  describe('cases opened before, during and after the third quarter', () => {
    const events = [
      ...times(6, (i) => [ev.caseOpened(`old-${i}`, `p${i}`, 'Velbert', '2026-05-10')]),
      ...times(7, (i) => [ev.caseOpened(`new-${i}`, `q${i}`, 'Ratingen', '2026-08-01')]),
      ...times(5, (i) => [ev.caseClosed(`old-${i}`, 'goals-achieved', '2026-09-01')]),
      ...times(2, (i) => [ev.caseClosed(`new-${i}`, 'moved-away', '2026-09-15')]),
      ...times(5, (i) => [ev.caseOpened(`late-${i}`, `r${i}`, 'Velbert', '2026-10-02')]),
    ];

    it('counts opened, active during the period, active at its end and closed', async () => {
      const r = await report(events);
      expect(r.headline).toEqual({ opened: 7, activeInPeriod: 13, activeAtEnd: 6, closed: 7 });
    });

    it('breaks them down by municipality with published column totals', async () => {
      const r = await report(events);
      expect(row(r.byMunicipality, 'Ratingen')!.values).toEqual([7, 7, '<5']);
      expect(row(r.byMunicipality, 'Velbert')!.values[1]).toBe(6);
      expect(r.byMunicipality.totals).toEqual([7, 13, 7]);
      // Ratingen's <5 closures must not be recoverable from the total of 7: Velbert's 5 is withheld too.
      expect(row(r.byMunicipality, 'Velbert')!.values[2]).toBe('x');
    });

    it('counts closures by reason, suppressing the small one', async () => {
      const r = await report(events);
      expect(row(r.closuresByReason, 'goals-achieved')!.values).toEqual(['x']);
      expect(row(r.closuresByReason, 'moved-away')!.values).toEqual(['<5']);
      expect(r.closuresByReason.totals).toEqual([7]);
    });

    it('shows the same quarter in the trend as in the headline', async () => {
      const r = await report(events);
      expect(r.trend.at(-1)).toEqual(expect.objectContaining({ key: '2026-Q3', opened: 7, active: 13, closed: 7 }));
      expect(r.trend.at(-2)).toEqual(expect.objectContaining({ key: '2026-Q2', opened: 6, active: 6, closed: 0 }));
      expect(r.trend).toHaveLength(8);
    });
  });

  describe('caseloads of four case managers, one of them starting after the period', () => {
    const events = [
      ...times(20, (i) => [ev.slotTaken('cw-d', `d${i}`, '2026-07-01')]),
      ...times(10, (i) => [ev.slotTaken('cw-a', `a${i}`, '2026-06-01')]),
      ...times(30, (i) => [ev.slotTaken('cw-b', `b${i}`, '2026-07-10')]),
      ...times(20, (i) => [ev.slotReleased('cw-b', `b${i}`, '2026-08-10')]),
      ...times(5, (i) => [ev.slotTaken('cw-c', `c${i}`, '2026-10-10')]),
    ];

    it('reports the average at the end and the peak of the period against the limit, for those holding cases', async () => {
      const r = await report(events);
      expect(r.caseload).toEqual({
        caseManagers: 3,
        limit: 80,
        averageAtEnd: 13.3,
        maximumInPeriod: 30,
        averageUtilisation: 16.7,
        maximumUtilisation: 37.5,
      });
      expect(JSON.stringify(r)).not.toMatch(/cw-[abcd]/);
    });

    it('withholds average and maximum when fewer than three case managers held cases', async () => {
      const r = await report(events.filter((e) => e.data.caseworkerId !== 'cw-d'));
      expect(r.caseload).toEqual(
        expect.objectContaining({ caseManagers: 2, averageAtEnd: null, maximumInPeriod: null }),
      );
    });
  });

  describe('consents over the quarter', () => {
    const events = [
      ...times(6, (i) => [ev.consentGranted(`p${i}`, `k${i}`, '2026-07-05', '2026-08-31')]),
      ...times(5, (i) => [ev.consentWithdrawn(`p${i}`, `k${i}`, '2026-08-01')]),
      ...times(5, (i) => [ev.consentGranted(`q${i}`, `m${i}`, '2025-01-05', '2026-09-30')]),
      ev.consentWithdrawn('q0', 'm0', '2026-10-15'),
    ];

    it('counts granted, withdrawn, and expired only when not withdrawn before expiry', async () => {
      const r = await report(events);
      const value = (k: string) => row(r.consents, k)!.values[0];
      expect([value('granted'), value('refused'), value('withdrawn'), value('expired')]).toEqual([6, 0, 5, 6]);
      expect(r.consents.totals).toBeUndefined();
    });
  });

  describe('consents running out in the quarter that is still under way (report of 5 October 2026)', () => {
    const events = [
      ...times(5, (i) => [ev.consentGranted(`p${i}`, `k${i}`, '2025-09-01', '2026-10-02')]),
      ...times(6, (i) => [ev.consentGranted(`q${i}`, `m${i}`, '2025-09-01', '2026-10-05')]),
      ...times(7, (i) => [ev.consentGranted(`r${i}`, `n${i}`, '2025-09-01', '2026-12-15')]),
    ];

    it('counts as expired only those whose last valid day has passed, not those still in force', async () => {
      const r = await report(events, '2026-Q4');
      expect(row(r.consents, 'expired')!.values).toEqual([5]);
    });
  });

  describe('transfers by recipient and legal basis, and refusals', () => {
    const events = [
      ...times(12, (i) => [ev.transferred(`p${i}`, `t${i}`, 'JOBCENTER_IP', 'consent', '2026-07-10')]),
      ...times(6, (i) => [ev.transferred(`p${i}`, `u${i}`, 'AUSLAENDERBEHOERDE', 'SGB X §71', '2026-08-10')]),
      ...times(7, (i) => [ev.transferred(`p${i}`, `v${i}`, 'AUSLAENDERBEHOERDE', 'consent', '2026-08-10')]),
      ...times(6, (i) => [
        ev.transferRefused(`p${i}`, `x${i}`, 'JUGENDAMT', ['no-consent-for-recipient'], '2026-09-10'),
      ]),
      ev.transferred('p1', 'old', 'JOBCENTER_IP', 'consent', '2026-06-30'),
    ];

    it('cross-tabulates recipients and bases with row and column totals', async () => {
      const r = await report(events);
      expect(r.transfers.columns.map((c) => c.key)).toEqual(['consent', 'SGB X §71']);
      expect(row(r.transfers, 'JOBCENTER_IP')).toEqual(expect.objectContaining({ values: [12, 0], total: 12 }));
      expect(row(r.transfers, 'AUSLAENDERBEHOERDE')).toEqual(expect.objectContaining({ values: [7, 6], total: 13 }));
      expect(r.transfers.grandTotal).toBe(25);
    });

    it('counts refused transfers by reason', async () => {
      const r = await report(events);
      expect(row(r.refusedTransfers, 'no-consent-for-recipient')!.values).toEqual([6]);
    });
  });

  describe('Baustein 3 and first counselling', () => {
    const events = [
      ...times(6, (i) => [
        ev.caseOpened(`c${i}`, `p${i}`, 'Hilden', '2026-07-01'),
        ev.caseAction(`c${i}`, `a${i}`, 'counselling', `2026-07-${String(2 + i * 3).padStart(2, '0')}`),
        ev.caseAction(`c${i}`, `b${i}`, 'special-integration-achievement', '2026-09-01', {
          achievementKind: 'elder-care',
        }),
        ev.caseAction(`c${i}`, `n${i}`, 'referral', '2026-09-02', { agencies: ['EINBUERGERUNGSBEHOERDE', 'KI'] }),
      ]),
    ];

    it('counts achievements by kind and referrals to the naturalisation authority', async () => {
      const r = await report(events);
      expect(row(r.achievements, 'elder-care')!.values).toEqual([6]);
      expect(r.naturalisationReferrals).toBe(6);
    });

    it('reports the median days from opening to the first counselling', async () => {
      // 1, 4, 7, 10, 13, 16 days → median 8.5
      const r = await report(events);
      expect(r.firstCounselling).toEqual({ cases: 6, medianDays: 8.5 });
    });

    it('withholds the median when fewer than five cases had a first counselling', async () => {
      const r = await report(events.slice(0, 16));
      expect(r.firstCounselling).toEqual({ cases: '<5', medianDays: null });
    });
  });

  describe('structural findings', () => {
    it('lists the findings of the period with their small case counts suppressed', async () => {
      const r = await report([
        ev.finding('f1', '2026-08-12'),
        ev.finding('f2', '2026-09-01', { caseCount: 2, topic: 'language-courses' }),
        ev.finding('f3', '2026-04-01'),
      ]);
      expect(r.findings.map((f) => [f.topic, f.caseCount])).toEqual([
        ['waiting-times', 23],
        ['language-courses', '<5'],
      ]);
      expect(r.findings[0]!.agencies).toEqual(['Ausländerbehörde']);
    });
  });

  describe('a participant erased after the period was reported', () => {
    const history = times(6, (i) => [
      ev.personRegistered(`p${i}`, '2026-07-01', 'Velbert', 'SY', '1980-1984'),
      ev.caseOpened(`c${i}`, `p${i}`, 'Velbert', '2026-07-02'),
      ev.caseAction(`c${i}`, `a${i}`, 'counselling', '2026-07-09'),
      ev.consentGranted(`p${i}`, `k${i}`, '2026-07-03', '2027-07-03'),
      ev.transferred(`p${i}`, `t${i}`, 'JOBCENTER_IP', 'consent', '2026-07-20'),
      ev.caseClosed(`c${i}`, 'goals-achieved', '2026-09-20'),
    ]);

    it('leaves every figure of that period unchanged', async () => {
      const before = await report(history);
      const after = await report([
        ...history,
        ev.personErased('p0', '2026-11-02'),
        ev.personErased('p1', '2026-11-02'),
      ]);
      expect({ ...after, generatedAt: 'x' }).toEqual({ ...before, generatedAt: 'x' });
      expect(row(after.newCasesByNationalityGroup, 'middle-east')!.values).toEqual([6]);
    });
  });
});
