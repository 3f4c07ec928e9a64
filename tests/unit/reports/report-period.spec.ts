import { parsePeriod, trailingQuarters } from '../../../src/reports/report-period.js';
import { ValidationError } from '../../../src/shared/errors.js';

describe('report period', () => {
  it.each([
    ['2026-Q3', '2026-07-01', '2026-09-30', '3. Quartal 2026'],
    ['2026-Q1', '2026-01-01', '2026-03-31', '1. Quartal 2026'],
    ['2026', '2026-01-01', '2026-12-31', 'Jahr 2026'],
    ['2024-02-01..2024-02-29', '2024-02-01', '2024-02-29', '01.02.2024 bis 29.02.2024'],
  ])('reads %s as %s to %s', (raw, from, to, label) => {
    expect(parsePeriod(raw)).toEqual(expect.objectContaining({ from, to, label }));
  });

  it.each([
    ['', /required/],
    ['2026-Q5', /not understood/],
    ['Q3 2026', /not understood/],
    ['2026-09-31..2026-10-01', /not a calendar date/],
    ['2026-10-01..2026-09-01', /lies after/],
  ])('refuses %j with a clear 400', (raw, message) => {
    expect(() => parsePeriod(raw)).toThrow(ValidationError);
    expect(() => parsePeriod(raw)).toThrow(message);
  });

  it('lists the quarters leading up to the period, oldest first, across a year boundary', () => {
    expect(trailingQuarters(parsePeriod('2026-Q1'), 3).map((q) => q.key)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
  });
});
