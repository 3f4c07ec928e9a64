import type { PublishedTable } from '../../../src/reports/report.model.js';
import { ev, projectAll } from './support/committee-events.js';
import { admits, committeeReport, headlineOf, rowOf, tableOf, times, trueCounts } from './support/report-harness.js';

/**
 * The committee figures of the casework (issue 17, item 3), given the events the casework records:
 * goals per field of action, contacts, waiting times, providers and staff, referrals. Every count is
 * counted from records and published under the same protection as every other table.
 */
const events = [
  ...times(3, (i) => [ev.staffRecorded(`ki-${i}`, 'KI', [1, 0.5, 0.5][i]!)]),
  ...times(3, (i) => [ev.staffRecorded(`wv-${i}`, 'WV_CARITAS', [1, 1, 0.5][i]!)]),
  ev.staffRecorded('velbert-0', 'Velbert', 0.5, 3),
  ...times(6, (i) => [
    ev.caseOpened(`c${i}`, `p${i}`, 'Velbert', '2026-07-01'),
    ev.caseAssigned(`c${i}`, 'ki-0', '2026-07-05', { since: '2026-07-01', days: 4 }),
    ev.caseAction(`c${i}`, `a${i}`, 'counselling', '2026-07-06'),
    ev.planAgreed(`c${i}`, '2026-07-10', [
      { goalId: `g${i}-a`, field: 'language' },
      ...(i < 3 ? [{ goalId: `g${i}-b`, field: 'housing' }] : []),
    ]),
    ...(i < 5 ? [ev.goalReviewed(`c${i}`, `g${i}-a`, '2026-09-01', 'attained')] : []),
    ev.referralMade(`r${i}`, `c${i}`, 'JOBCENTER_IP', '2026-07-15'),
  ]),
  // A plan update repeats a goal already agreed: it is not set again.
  ev.planAgreed('c0', '2026-08-01', [{ goalId: 'g0-a', field: 'language' }], 2),
  ev.goalReviewed('c5', 'g5-a', '2026-08-15', 'partly-attained', false),
  ev.goalReviewed('c5', 'g5-a', '2026-09-20', 'not-attained'),
  ...times(5, (i) => [ev.caseOpened(`w${i}`, `pw${i}`, 'Hilden', '2026-08-01')]),
  ...times(12, (i) => [ev.contact(`c${i % 6}`, `k${i}`, '2026-08-10', 'phone', i < 7, 'ki-0')]),
  ...times(6, (i) => [ev.contact(`c${i}`, `m${i}`, '2026-08-11', 'in-person', false, 'wv-0')]),
  ...times(5, (i) => [
    ev.referralFeedback(`r${i}`, `c${i}`, 'accepted', '2026-07-20'),
    ev.referralFeedback(`r${i}`, `c${i}`, 'completed', '2026-09-01'),
  ]),
  ev.referralFeedback('r5', 'c5', 'declined', '2026-08-01'),
  // Defensive reading: a referral event without an id and feedback on an unknown referral change nothing.
  { ...ev.referralMade('', 'c0', 'JOBCENTER_IP', '2026-07-15'), data: { caseId: 'c0' } },
  ev.referralFeedback('no-such-referral', 'c0', 'accepted', '2026-07-21'),
];

const count = (t: Awaited<ReturnType<typeof trueCounts>>, row: string, column: string) =>
  t.counts![t.rows!.indexOf(row)]![t.columns!.indexOf(column)];

describe('committee figures of the casework', () => {
  it('counts goals set per field of action once, and the cases that agreed them', async () => {
    const t = await trueCounts(events, 'cases-by-field-of-action');
    expect([count(t, 'language', 'goals-set'), count(t, 'language', 'cases')]).toEqual([6, 6]);
    expect([count(t, 'housing', 'goals-set'), count(t, 'housing', 'cases')]).toEqual([3, 3]);
  });

  it('counts each reviewed goal once, under its latest review in the period', async () => {
    const t = await trueCounts(events, 'goal-attainment-by-field-of-action');
    expect(count(t, 'language', 'attained')).toBe(5);
    expect(count(t, 'language', 'not-attained')).toBe(1);
    expect(count(t, 'language', 'partly-attained')).toBe(0);
  });

  it('counts waiting times in bands: to the assignment, to the first counselling, and the waiting list at the end', async () => {
    const t = await trueCounts(events, 'waiting-times');
    expect(count(t, '0-7', 'assignment')).toBe(6);
    expect(count(t, '0-7', 'first-counselling')).toBe(6);
    // Opened on 1 August, unassigned on 30 September: 60 days on the waiting list.
    expect(count(t, '31-60', 'waiting-at-end')).toBe(5);
  });

  it('counts referrals per agency and the latest feedback of each in the period', async () => {
    const t = await trueCounts(events, 'referrals-by-agency-and-outcome');
    expect(['made', 'accepted', 'completed', 'declined'].map((c) => count(t, 'JOBCENTER_IP', c))).toEqual([6, 0, 5, 1]);
  });

  describe('as published', () => {
    let report: Awaited<ReturnType<typeof committeeReport>>;
    beforeAll(async () => {
      report = await committeeReport(await projectAll(events));
    });

    it('publishes contacts and the interpreter share derived from the published counts', () => {
      const t = tableOf(report, 'contacts-by-channel');
      const phone = rowOf(t, 'phone')!;
      expect(phone.label).toBe('Telefon');
      expect(admits(phone.values[0], 12)).toBe(true);
      expect(admits(phone.values[1], 7)).toBe(true);
      const [all, withInterpreter, share] = phone.values;
      expect(share).toBe(
        typeof all === 'number' && typeof withInterpreter === 'number' && all >= 10
          ? Math.round((Math.min(withInterpreter, all) / all) * 1000) / 10
          : 'x',
      );
    });

    it('publishes the same records as the same number: provider totals, headline and contacts', () => {
      const providers = tableOf(report, 'cases-by-provider');
      expect(providers.totals!.slice(0, 2)).toEqual([
        headlineOf(report, 'cases-active'),
        headlineOf(report, 'cases-active-at-end'),
      ]);
      expect(providers.totals![2]).toEqual(tableOf(report, 'contacts-by-channel').totals![0]);
      expect(tableOf(report, 'waiting-times').totals![0]).toEqual(report.firstCounselling.cases);
      expect(admits(rowOf(providers, 'KI')!.values[1], 6)).toBe(true);
      expect(admits(rowOf(providers, 'unassigned')!.values[1], 5)).toBe(true);
      expect(rowOf(providers, 'unassigned')!.label).toBe('Nicht zugewiesen (Warteliste)');
    });

    it('shows staff FTE only from three people on, and never lets a total give a withheld cell back', () => {
      const staff = tableOf(report, 'staff-fte-by-baustein-and-provider');
      expect(rowOf(staff, 'Velbert')!.label).toBe('Stadt Velbert');
      expect(rowOf(staff, 'Velbert')!.values[2]).toBe('x');
      expect(rowOf(staff, 'WV_CARITAS')!.label).toBe('Caritasverband');
      expectNoLoneWithheldCell(staff);
    });

    it('labels every row and column in German, never with a code', () => {
      for (const t of report.sections.flatMap((s) => s.tables)) {
        for (const label of [...t.rows, ...t.columns].map((x) => x.label)) {
          expect(label).not.toMatch(/^[a-z]+(-[a-z]+)+$|^[A-Z_]{3,}$/);
        }
      }
    });
  });
});

/** In every line with a shown total, withheld cells are none or at least two (an `x` is never a difference). */
function expectNoLoneWithheldCell(t: PublishedTable) {
  const grid = [...t.rows.map((r) => [...r.values, r.total!]), ...(t.totals ? [[...t.totals, t.grandTotal!]] : [])];
  const lines = [...grid, ...grid[0]!.map((_, j) => grid.map((line) => line[j]!))];
  for (const line of lines) {
    if (line.at(-1) === 'x') continue;
    expect(line.slice(0, -1).filter((v) => v === 'x')).not.toHaveLength(1);
  }
}
