import { ValidationError } from './errors.js';

/**
 * Instants and calendar dates as the county counts them. Consents, deadlines, retention periods and
 * birthdays are dated in the German calendar: a consent "valid until 31 December" ends at midnight in
 * Germany, not at midnight UTC.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isIsoInstant = (value: unknown): value is string =>
  typeof value === 'string' && ISO_INSTANT.test(value) && Number.isFinite(Date.parse(value));

/** A real calendar date: '2026-02-30' is rejected, not rolled over. */
export const isIsoDate = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
};

export function requireInstant(value: unknown, field = 'at'): string {
  if (!isIsoInstant(value)) throw new ValidationError(`${field} must be an ISO date-time`, [field]);
  return value;
}

/** Compares two instants by time, not by spelling ('…00Z' and '…00.000Z' are equal). */
export const compareInstants = (a: string, b: string): number => Date.parse(a) - Date.parse(b);

const germanCalendar = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** German dates by UTC hour: Berlin's offsets are whole hours and change on the hour. */
const datesByHour = new Map<number, string>();

function formatLocalDate(instant: Date): string {
  const parts = Object.fromEntries(germanCalendar.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * The calendar date (YYYY-MM-DD) in Germany at an instant. Remembered per UTC hour: formatToParts cost
 * about 40 µs, paid on every recorded action (issue 19). An hour whose first and last millisecond fall on
 * different German dates (an offset that is not whole hours, as before 1893) is never remembered.
 */
export function localDate(at: string): string {
  const instant = new Date(at);
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  const known = datesByHour.get(hour);
  if (known !== undefined) return known;
  const date = formatLocalDate(instant);
  if (Number.isFinite(hour) && formatLocalDate(new Date(hour * HOUR_MS)) === date) {
    if (formatLocalDate(new Date((hour + 1) * HOUR_MS - 1)) === date) {
      if (datesByHour.size >= 10_000) datesByHour.clear();
      datesByHour.set(hour, date);
    }
  }
  return date;
}

/** Completed years of life on the calendar date `onDate` (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDate.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

/** The calendar date `days` after `date` (both YYYY-MM-DD; negative days go back). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The calendar date `months` after `date`, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
/**
 * The last day of a period of `months` months that starts with an event on `date` (§§ 187 Abs. 1, 188 Abs. 2
 * and 3 BGB): the day of the same number in the last month, or that month's last day if it has none.
 * 2026-01-15 + 24 months → 2028-01-15; 2026-08-31 + 6 months → 2027-02-28.
 */
export function endOfPeriodInMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
