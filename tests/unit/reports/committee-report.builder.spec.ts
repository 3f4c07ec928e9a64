import { PeriodError } from '../../../src/reports/report-period.js';
import { ev } from './support/committee-events.js';
import {
  admits,
  committeeReport,
  headlineOf,
  rowOf,
  tableOf,
  times,
  trueCounts,
  type Built,
} from './support/report-harness.js';

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
      const counts = await Promise.all(
        ['cases-opened', 'cases-active', 'cases-active-at-end', 'cases-closed'].map((c) => trueCounts(events, c)),
      );
      expect(counts.map((c) => c.figure)).toEqual([7, 13, 6, 7]);
    });

    it('breaks them down by municipality', async () => {
      const t = await trueCounts(events, 'cases-by-municipality');
      expect(t.columns).toEqual(['opened', 'active', 'closed']);
      expect(t.counts![t.rows!.indexOf('Ratingen')]).toEqual([7, 7, 2]);
      expect(t.counts![t.rows!.indexOf('Velbert')]).toEqual([0, 6, 5]);
      expect(t.rows).toHaveLength(10);
    });

    it('counts closures by reason', async () => {
      const t = await trueCounts(events, 'closures-by-reason');
      const count = (code: string) => t.counts![t.rows!.indexOf(code)]![0];
      expect([count('goals-achieved'), count('moved-away'), count('naturalised')]).toEqual([5, 2, 0]);
    });

    it('publishes every figure within the protection of its true count', async () => {
      const r = await committeeReport(events);
      expect(admits(headlineOf(r, 'cases-opened'), 7)).toBe(true);
      expect(admits(headlineOf(r, 'cases-active'), 13)).toBe(true);
      expect(admits(headlineOf(r, 'cases-active-at-end'), 6)).toBe(true);
      expect(admits(headlineOf(r, 'cases-closed'), 7)).toBe(true);
      const t = tableOf(r, 'cases-by-municipality');
      rowOf(t, 'Ratingen')!.values.forEach((v, j) => expect(admits(v, [7, 7, 2][j]!)).toBe(true));
      expect(rowOf(t, 'Erkrath')!.values).toEqual([0, 0, 0]);
    });

    it('publishes the same records as the same number everywhere: headline, table total and trend', async () => {
      const r = await committeeReport(events);
      const t = tableOf(r, 'cases-by-municipality');
      expect(t.totals).toEqual([
        headlineOf(r, 'cases-opened'),
        headlineOf(r, 'cases-active'),
        headlineOf(r, 'cases-closed'),
      ]);
      expect(r.trend.at(-1)).toEqual(
        expect.objectContaining({
          code: '2026-Q3',
          complete: true,
          opened: headlineOf(r, 'cases-opened'),
          active: headlineOf(r, 'cases-active'),
          closed: headlineOf(r, 'cases-closed'),
        }),
      );
      expect(r.trend).toHaveLength(8);
    });

    it('carries a German label beside every code', async () => {
      const r = await committeeReport(events);
      expect(r.headline.map((h) => h.label)).toEqual([
        'Neu aufgenommene Fälle',
        'Im Zeitraum betreute Fälle',
        'Aktive Fälle am Ende des Zeitraums',
        'Abgeschlossene Fälle',
      ]);
      expect(rowOf(tableOf(r, 'closures-by-reason'), 'moved-away')!.label).toBe('Verzogen');
    });
  });

  describe('periods', () => {
    const events = times(8, (i) => [ev.caseOpened(`c-${i}`, `p${i}`, 'Hilden', '2026-09-10')]);

    it('covers only the completed months of a period still under way', async () => {
      const r = await committeeReport(events, '2026', '2026-10-05T08:00:00Z');
      expect(r.period).toEqual(
        expect.objectContaining({
          code: '2026',
          from: '2026-01-01',
          to: '2026-12-31',
          dataUntil: '2026-09-30',
          complete: false,
        }),
      );
      expect(r.trend.at(-1)!.code).toBe('2026-Q3');
    });

    it('reads the same before and after a case is opened in the month under way', async () => {
      const before = await committeeReport(events, '2026', '2026-10-05T08:00:00Z');
      const after = await committeeReport(
        [...events, ev.caseOpened('new', 'pn', 'Heiligenhaus', '2026-10-04')],
        '2026',
        '2026-10-05T08:00:00Z',
      );
      expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
    });

    it('refuses a period without a completed month, in English and German', async () => {
      const refusal = committeeReport(events, '2026-10', '2026-10-05T08:00:00Z');
      await expect(refusal).rejects.toThrow(PeriodError);
      await expect(refusal).rejects.toThrow(/no completed month yet.*noch keinen abgeschlossenen Monat/);
    });
  });

  describe('caseloads of four case managers, one of them starting after the period', () => {
    const events = [
      ...times(20, (i) => [ev.slotTaken('cw-d', `d${i}`, '2026-07-01')]),
      ...times(10, (i) => [ev.slotTaken('cw-a', `a${i}`, '2026-06-01')]),
      ...times(30, (i) => [ev.slotTaken('cw-b', `b${i}`, '2026-07-10')]),
      ...times(20, (i) => [ev.slotReleased('cw-b', `b${i}`, '2026-08-10')]),
      ...times(5, (i) => [ev.slotTaken('cw-c', `c${i}`, '2026-10-10')]),
      ...times(40, (i) => [ev.caseOpened(`a${i}`, `p${i}`, 'Velbert', '2026-06-01')]),
    ];

    it('reports the active cases at the end per case manager and the peak of the period, for those holding cases', async () => {
      const r = await committeeReport(events);
      const active = headlineOf(r, 'cases-active-at-end') as number;
      expect(r.caseload).toEqual({
        caseManagers: 3,
        limit: 80,
        averageAtEnd: Math.round((active / 3) * 10) / 10,
        maximumInPeriod: 30,
        averageUtilisation: Math.round((active / 3 / 80) * 1000) / 10,
        maximumUtilisation: 37.5,
      });
      expect(JSON.stringify(r)).not.toMatch(/cw-[abcd]/);
    });

    it('withholds average and maximum when fewer than three case managers held cases', async () => {
      const r = await committeeReport(events.filter((e) => e.data.caseworkerId !== 'cw-d'));
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
      const t = await trueCounts(events, 'consents');
      expect(t.counts!.map((r) => r[0])).toEqual([6, 0, 5, 6]);
      const r = await committeeReport(events);
      expect(tableOf(r, 'consents').totals).toBeUndefined();
    });

    it('counts consents running out in the completed months of a quarter still under way', async () => {
      const running = [
        ...times(5, (i) => [ev.consentGranted(`p${i}`, `k${i}`, '2025-09-01', '2026-10-02')]),
        ...times(7, (i) => [ev.consentGranted(`r${i}`, `n${i}`, '2025-09-01', '2026-11-15')]),
      ];
      const t = await trueCounts(running, 'consents', '2026-Q4', '2026-11-05T08:00:00Z');
      expect(t.counts![3]).toEqual([5]);
    });
  });

  describe('transfers by recipient and legal basis, and refusals', () => {
    const events = [
      ...times(12, (i) => [ev.transferred(`p${i}`, `t${i}`, 'JOBCENTER_IP', 'consent', '2026-07-10')]),
      ...times(6, (i) => [ev.transferred(`p${i}`, `u${i}`, 'AUSLAENDERBEHOERDE', 'SGB X §71', '2026-08-10')]),
      ...times(7, (i) => [ev.transferred(`p${i}`, `v${i}`, 'AUSLAENDERBEHOERDE', 'consent', '2026-08-10')]),
      ...times(6, (i) => [ev.transferred(`p${i}`, `s${i}`, 'SOZIALAMT', 'SGB X §69', '2026-08-12')]),
      ...times(6, (i) => [ev.transferRefused(`p${i}`, `x${i}`, 'JUGENDAMT', ['consent-expired'], '2026-09-10')]),
      ev.transferred('p1', 'old', 'JOBCENTER_IP', 'consent', '2026-06-30'),
    ];

    it('cross-tabulates recipients and bases, over the catalogue lists plus codes found in the data', async () => {
      const t = await trueCounts(events, 'transfers-by-agency-and-basis');
      expect(t.columns).toEqual(['consent', 'AufenthG §87', 'SGB X §69', 'SGB X §71']);
      const row = (agency: string) => t.counts![t.rows!.indexOf(agency)];
      expect(row('AUSLAENDERBEHOERDE')).toEqual([7, 0, 0, 6]);
      expect(row('JOBCENTER_IP')).toEqual([12, 0, 0, 0]);
      expect(row('SOZIALAMT')).toEqual([0, 0, 6, 0]);
      expect(row('SCHULAMT')).toEqual([0, 0, 0, 0]);
    });

    it('leaves out rows and columns published as 0 throughout, so a row never betrays a record', async () => {
      const r = await committeeReport(events);
      const t = tableOf(r, 'transfers-by-agency-and-basis');
      expect(t.rows.map((row) => row.code)).not.toContain('SCHULAMT');
      expect(t.columns.map((c) => c.code)).not.toContain('AufenthG §87');
    });

    it('labels agencies, bases and reasons in German, a legacy agency as not specified', async () => {
      const r = await committeeReport(events);
      const t = tableOf(r, 'transfers-by-agency-and-basis');
      expect(t.rows.map((row) => row.label)).toEqual([
        'Ausländerbehörde',
        'Jobcenter (Integration Point, SGB II)',
        'Sozialamt, nicht näher bezeichnet',
      ]);
      expect(t.columns.map((c) => c.label)).toEqual(['Einwilligung', '§ 69 SGB X', '§ 71 SGB X']);
      expect(rowOf(tableOf(r, 'refused-transfers-by-reason'), 'consent-expired')!.label).toBe(
        'Einwilligung abgelaufen',
      );
      expect(t.grandTotal).toBe(r.sections[1]!.tables[1]!.grandTotal);
    });
  });

  describe('Baustein 3 and first counselling', () => {
    const events = times(12, (i) => [
      ev.caseOpened(`c${i}`, `p${i}`, 'Hilden', '2026-07-01'),
      ev.caseAction(`c${i}`, `a${i}`, 'counselling', `2026-07-${String(2 + i * 2).padStart(2, '0')}`),
      ev.caseAction(`c${i}`, `b${i}`, 'special-integration-achievement', '2026-09-01', {
        achievementKind: 'elder-care',
      }),
      ev.caseAction(`c${i}`, `n${i}`, 'referral', '2026-09-02', { agencies: ['EINBUERGERUNGSBEHOERDE', 'KI'] }),
    ]);

    it('counts achievements by kind and referrals to the naturalisation authority', async () => {
      const t = await trueCounts(events, 'special-integration-achievements');
      expect(t.counts![t.rows!.indexOf('elder-care')]).toEqual([12]);
      expect((await trueCounts(events, 'naturalisation-referrals')).figure).toBe(12);
    });

    it('reports the median days from opening to the first counselling in whole days', async () => {
      // 1, 3, 5, … 23 days → median 12
      const r = await committeeReport(events);
      expect(r.firstCounselling.medianDays).toBe(12);
      expect(admits(r.firstCounselling.cases, 12)).toBe(true);
    });

    it('withholds the median when fewer than ten cases had a first counselling', async () => {
      const r = await committeeReport(events.slice(0, 9 * 4));
      expect(r.firstCounselling.medianDays).toBeNull();
    });
  });

  describe('structural findings', () => {
    it('lists the findings of the period with German topic and agency labels, small case counts as <5', async () => {
      const r = await committeeReport([
        ev.finding('f1', '2026-08-12'),
        ev.finding('f2', '2026-09-01', { caseCount: 2, topic: 'language-courses' }),
        ev.finding('f3', '2026-04-01'),
      ]);
      expect(r.findings.map((f) => [f.topic.code, f.caseCount])).toEqual([
        ['waiting-times', 23],
        ['language-courses', '<5'],
      ]);
      expect(r.findings[0]!.agencies).toEqual([{ code: 'AUSLAENDERBEHOERDE', label: 'Ausländerbehörde' }]);
      expect(r.findings[1]!.topic.label).toBe('Fehlende Sprach- und Integrationskurse');
    });
  });

  describe('figures of the casework issue', () => {
    it('are published as tables, with nothing left "nicht erfasst" in the committee report', async () => {
      const r = await committeeReport([]);
      expect(r.sections.flatMap((s) => s.notRecorded)).toEqual([]);
      expect(r.sections.flatMap((s) => s.tables.map((t) => t.code))).toEqual(
        expect.arrayContaining([
          'cases-by-field-of-action',
          'goal-attainment-by-field-of-action',
          'contacts-by-channel',
          'waiting-times',
          'cases-by-provider',
          'staff-fte-by-baustein-and-provider',
          'referrals-by-agency-and-outcome',
        ]),
      );
    });
  });

  describe('a participant erased after the period was reported', () => {
    const history: Built[] = times(6, (i) => [
      ev.personRegistered(`p${i}`, '2026-07-01', 'Velbert', 'SY', '1980-1984'),
      ev.caseOpened(`c${i}`, `p${i}`, 'Velbert', '2026-07-02'),
      ev.caseAction(`c${i}`, `a${i}`, 'counselling', '2026-07-09'),
      ev.consentGranted(`p${i}`, `k${i}`, '2026-07-03', '2027-07-03'),
      ev.transferred(`p${i}`, `t${i}`, 'JOBCENTER_IP', 'consent', '2026-07-20'),
      ev.caseClosed(`c${i}`, 'goals-achieved', '2026-09-20'),
    ]);

    it('leaves every figure of that period unchanged: the residue keeps each record and its key', async () => {
      const before = await committeeReport(history, '2026-Q3', '2026-11-05T08:00:00Z');
      const after = await committeeReport(
        [...history, ev.personErased('p0', '2026-11-02'), ev.personErased('p1', '2026-11-02')],
        '2026-Q3',
        '2026-11-05T08:00:00Z',
      );
      expect({ ...after, generatedAt: 'x' }).toEqual({ ...before, generatedAt: 'x' });
      const t = await trueCounts(history, 'new-cases-by-nationality-group');
      expect(t.counts![t.rows!.indexOf('middle-east')]).toEqual([6]);
    });
  });
});
