import { localDate } from './calendar.js';

/** The German date of an instant, remembered per UTC hour (issue 19): the memory must never change an answer. */
describe('localDate: the calendar date in Germany', () => {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const uncached = (at: string) => formatter.format(new Date(at));

  it.each([
    ['2026-12-31T22:59:59.999Z', '2026-12-31'], // winter: UTC+1, one millisecond before German midnight
    ['2026-12-31T23:00:00.000Z', '2027-01-01'],
    ['2026-06-30T21:59:59.999Z', '2026-06-30'], // summer: UTC+2
    ['2026-06-30T22:00:00.000Z', '2026-07-01'],
    ['2026-03-29T00:59:59.999Z', '2026-03-29'], // the night clocks go forward (01:00 UTC)
    ['2026-03-29T01:00:00.000Z', '2026-03-29'],
    ['2026-10-24T21:59:59.999Z', '2026-10-24'], // the evening before clocks go back
    ['2026-10-24T22:00:00.000Z', '2026-10-25'],
    ['1890-05-01T23:30:00.000Z', '1890-05-02'], // Berlin's local mean time, +0:53:28, not a whole hour
    ['1890-05-01T23:00:00.000Z', '1890-05-01'],
  ])('%s is %s in Germany, asked first or again', (at, expected) => {
    expect(localDate(at)).toBe(expected);
    expect(localDate(at)).toBe(expected);
    expect(localDate(at)).toBe(uncached(at));
  });

  it('answers every 13th minute of a year as the formatter does, whichever hour was asked first', () => {
    for (let minute = 0; minute < 366 * 24 * 60; minute += 13) {
      const at = new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
      expect(localDate(at)).toBe(uncached(at));
    }
  });
});
