import { ValidationError } from '../shared/errors.js';

/** A reporting period: whole days, both ends inclusive (YYYY-MM-DD). */
export interface ReportPeriod {
  /** As asked for: '2026-Q3', '2026' or '2026-01-01..2026-06-30'. */
  key: string;
  kind: 'quarter' | 'year' | 'range';
  from: string;
  to: string;
  /** German label, e.g. '3. Quartal 2026'. */
  label: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

export function germanDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export function quarterPeriod(year: number, quarter: number): ReportPeriod {
  const firstMonth = (quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  return {
    key: `${year}-Q${quarter}`,
    kind: 'quarter',
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
    label: `${quarter}. Quartal ${year}`,
  };
}

/** Parses '2026-Q3', '2026' or 'from..to'; anything else is a 400 with an example of each form. */
export function parsePeriod(raw: string | undefined): ReportPeriod {
  const value = (raw ?? '').trim();
  const hint = "use a quarter ('2026-Q3'), a year ('2026') or a range ('2026-01-01..2026-06-30')";
  if (!value) throw new ValidationError(`period is required: ${hint}`, ['period']);
  const quarter = QUARTER.exec(value);
  if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]));
  const year = YEAR.exec(value);
  if (year) {
    return { key: value, kind: 'year', from: `${value}-01-01`, to: `${value}-12-31`, label: `Jahr ${value}` };
  }
  const range = RANGE.exec(value);
  if (range) {
    const [, from, to] = range as unknown as [string, string, string];
    for (const date of [from, to]) {
      if (!isRealDate(date)) throw new ValidationError(`period: ${date} is not a calendar date`, ['period']);
    }
    if (from > to) throw new ValidationError(`period: the start ${from} lies after the end ${to}`, ['period']);
    return { key: value, kind: 'range', from, to, label: `${germanDay(from)} bis ${germanDay(to)}` };
  }
  throw new ValidationError(`period "${value}" is not understood: ${hint}`, ['period']);
}

/** The quarters ending with the one that contains `period.to`, oldest first — for the trend chart. */
export function trailingQuarters(period: ReportPeriod, count: number): ReportPeriod[] {
  const year = Number(period.to.slice(0, 4));
  const quarter = Math.floor((Number(period.to.slice(5, 7)) - 1) / 3) + 1;
  const index = year * 4 + (quarter - 1);
  return Array.from({ length: count }, (_, i) => {
    const n = index - (count - 1 - i);
    return quarterPeriod(Math.floor(n / 4), (n % 4) + 1);
  });
}
