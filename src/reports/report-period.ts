import { ValidationError } from '../shared/errors.js';

/**
 * A reporting period: whole calendar months only — a month, a quarter, a half-year or a year. Any other
 * range is refused: two reports whose periods differ by a day would tell that day's cases apart (issue 17).
 */
export type PeriodKind = 'month' | 'quarter' | 'half-year' | 'year';

export interface ReportPeriod {
  /** As asked for: '2026-03', '2026-Q2', '2026-H1' or '2026'. */
  code: string;
  kind: PeriodKind;
  /** First and last day (YYYY-MM-DD, both inclusive) of the whole period as asked for. */
  from: string;
  to: string;
  /** German label, e.g. '2. Quartal 2026'. */
  label: string;
}

/**
 * What a report may show of a period: only months that have ended. A period still under way is cut
 * after its last completed month, so a report never changes while a month is being filled — before and
 * after one new case it reads the same (issue 17).
 */
export interface PublishedPeriod extends ReportPeriod {
  /** Last day with data in the report: `to`, or the end of the last completed month. */
  dataUntil: string;
  /** False when the period is still under way and the report covers only its completed months. */
  complete: boolean;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const HALF = /^(\d{4})-H([12])$/;
const YEAR = /^(\d{4})$/;

const MONTH_NAMES = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The allowed forms, in both languages, for every 400 about a period. */
export const PERIOD_FORMS_EN = "a month ('2026-03'), a quarter ('2026-Q2'), a half-year ('2026-H1') or a year ('2026')";
export const PERIOD_FORMS_DE =
  'ein Monat („2026-03“), ein Quartal („2026-Q2“), ein Halbjahr („2026-H1“) oder ein Jahr („2026“)';

export class PeriodError extends ValidationError {
  constructor(
    readonly english: string,
    readonly german: string,
    field = 'period',
  ) {
    super(`${english} — ${german}`, [field]);
  }
}

export function germanDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** Months firstMonth..lastMonth of one year. */
function months(year: number, firstMonth: number, lastMonth: number) {
  return {
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`,
  };
}

export function monthPeriod(year: number, month: number): ReportPeriod {
  return {
    code: `${year}-${pad(month)}`,
    kind: 'month',
    ...months(year, month, month),
    label: `${MONTH_NAMES[month - 1]} ${year}`,
  };
}

export function quarterPeriod(year: number, quarter: number): ReportPeriod {
  return {
    code: `${year}-Q${quarter}`,
    kind: 'quarter',
    ...months(year, quarter * 3 - 2, quarter * 3),
    label: `${quarter}. Quartal ${year}`,
  };
}

export function halfYearPeriod(year: number, half: number): ReportPeriod {
  return {
    code: `${year}-H${half}`,
    kind: 'half-year',
    ...months(year, half * 6 - 5, half * 6),
    label: `${half}. Halbjahr ${year}`,
  };
}

export function yearPeriod(year: number): ReportPeriod {
  return { code: String(year), kind: 'year', ...months(year, 1, 12), label: `Jahr ${year}` };
}

/** Parses a month, quarter, half-year or year; anything else is a 400 naming the allowed forms. */
export function parsePeriod(raw: string | undefined, field = 'period'): ReportPeriod {
  const value = (raw ?? '').trim();
  if (!value) {
    throw new PeriodError(
      `${field} is required: ${PERIOD_FORMS_EN}`,
      `Der Zeitraum fehlt: zulässig ist ${PERIOD_FORMS_DE}`,
      field,
    );
  }
  const year = (text: string) => Number(text);
  let match: RegExpExecArray | null;
  if ((match = MONTH.exec(value))) return monthPeriod(year(match[1]!), Number(match[2]));
  if ((match = QUARTER.exec(value))) return quarterPeriod(year(match[1]!), Number(match[2]));
  if ((match = HALF.exec(value))) return halfYearPeriod(year(match[1]!), Number(match[2]));
  if ((match = YEAR.exec(value))) return yearPeriod(year(match[1]!));
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new PeriodError(
    `${field} "${shown}" is not allowed: reports cover whole months only, as ${PERIOD_FORMS_EN}`,
    `Der Zeitraum „${shown}“ ist nicht zulässig: Berichte umfassen nur ganze Monate, zulässig ist ${PERIOD_FORMS_DE}`,
    field,
  );
}

/** The last day of the month before `today`'s month: the end of the last completed month. */
export function endOfLastCompletedMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [year, month] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`;
}

/**
 * The part of a period a report may show on `today` (the German calendar day): the whole period once it
 * has ended, otherwise its completed months. A period without a completed month yet is refused.
 */
export function publishable(period: ReportPeriod, today: string): PublishedPeriod {
  const cut = endOfLastCompletedMonth(today);
  if (period.to <= cut) return { ...period, dataUntil: period.to, complete: true };
  if (period.from > cut) {
    const next = nextMonthStart(period.from);
    throw new PeriodError(
      `period ${period.code} has no completed month yet; reports show whole months once they have ended (from ${next})`,
      `Der Zeitraum ${period.code} enthält noch keinen abgeschlossenen Monat; Berichte zeigen nur beendete Monate (ab ${germanDay(next)})`,
    );
  }
  return { ...period, dataUntil: cut, complete: false };
}

function nextMonthStart(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** The span a report's figures cover: the period up to its data cut. */
export const coveredRange = (p: PublishedPeriod) => ({ from: p.from, to: p.dataUntil });

/** The quarters ending with the one that holds `day`, oldest first — for the trend chart. */
export function trailingQuarters(day: string, count: number): ReportPeriod[] {
  const year = Number(day.slice(0, 4));
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const index = year * 4 + (quarter - 1);
  return Array.from({ length: count }, (_, i) => {
    const n = index - (count - 1 - i);
    return quarterPeriod(Math.floor(n / 4), (n % 4) + 1);
  });
}
