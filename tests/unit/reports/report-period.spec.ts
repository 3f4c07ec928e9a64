import { parsePeriod, PeriodError, publishable, trailingQuarters } from '../../../src/reports/report-period.js';

describe('report period', () => {
  it.each([
    ['2026-03', 'month', '2026-03-01', '2026-03-31', 'März 2026'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29', 'Februar 2024'],
    ['2026-Q3', 'quarter', '2026-07-01', '2026-09-30', '3. Quartal 2026'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31', '1. Quartal 2026'],
    ['2026-H1', 'half-year', '2026-01-01', '2026-06-30', '1. Halbjahr 2026'],
    ['2026-H2', 'half-year', '2026-07-01', '2026-12-31', '2. Halbjahr 2026'],
    ['2026', 'year', '2026-01-01', '2026-12-31', 'Jahr 2026'],
  ])('reads %s as a %s from %s to %s', (raw, kind, from, to, label) => {
    expect(parsePeriod(raw)).toEqual({ code: raw, kind, from, to, label });
  });

  it.each([
    '',
    '2025-01-01..2025-06-02',
    '2025-01-01..2025-06-03',
    '2025-06-03',
    '2026-Q5',
    '2026-H3',
    '2026-13',
    '2026-1',
    'Q3 2026',
    '2026-W23',
    '2026-01-01'.repeat(50),
  ])('refuses %s with a 400 naming the allowed forms in English and German', (raw) => {
    expect(() => parsePeriod(raw)).toThrow(PeriodError);
    const error = (() => {
      try {
        parsePeriod(raw);
      } catch (e) {
        return e as PeriodError;
      }
    })()!;
    expect(error.kind).toBe('validation');
    expect(error.english).toMatch(/month \('2026-03'\), a quarter \('2026-Q2'\), a half-year \('2026-H1'\) or a year/);
    expect(error.german).toMatch(/Monat .*Quartal .*Halbjahr .*Jahr/);
    expect(error.message.length).toBeLessThan(500);
  });

  describe('what may be published on a day', () => {
    it('is the whole period once it has ended', () => {
      expect(publishable(parsePeriod('2026-Q3'), '2026-10-01')).toEqual(
        expect.objectContaining({ dataUntil: '2026-09-30', complete: true }),
      );
    });

    it('is the completed months of a period under way', () => {
      expect(publishable(parsePeriod('2026'), '2026-10-01')).toEqual(
        expect.objectContaining({ from: '2026-01-01', to: '2026-12-31', dataUntil: '2026-09-30', complete: false }),
      );
      expect(publishable(parsePeriod('2026-H1'), '2026-03-15').dataUntil).toBe('2026-02-28');
    });

    it('is nothing for a period without a completed month', () => {
      expect(() => publishable(parsePeriod('2026-10'), '2026-10-31')).toThrow(/no completed month/);
      expect(() => publishable(parsePeriod('2026-Q4'), '2026-10-15')).toThrow(/ab 01\.11\.2026/);
      expect(publishable(parsePeriod('2026-10'), '2026-11-01').complete).toBe(true);
    });
  });

  it('lists the quarters leading up to a day, oldest first, across a year boundary', () => {
    expect(trailingQuarters('2026-02-28', 3).map((q) => q.code)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
  });
});
