/**
 * When a read counts as unusual. Office hours are local time in Europe/Berlin (the county's time), as
 * the anomalies projection records it. Env: KIM_OFFICE_DAYS (`1-5`, Monday = 1), KIM_OFFICE_HOURS
 * (`07:00-19:00`), KIM_BULK_READ_THRESHOLD (a read naming more persons than this is a bulk read; 50).
 */
export interface AnomalySettings {
  officeDays: number[];
  /** Minutes after midnight: start inclusive, end exclusive. */
  officeStart: number;
  officeEnd: number;
  bulkReadThreshold: number;
}

export const ANOMALY_SETTINGS = Symbol('AnomalySettings');

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function anomalySettingsFromEnv(env: Record<string, string | undefined> = process.env): AnomalySettings {
  const days = env.KIM_OFFICE_DAYS ?? '1-5';
  const dayRange = /^([1-7])-([1-7])$/.exec(days);
  if (!dayRange || Number(dayRange[1]) > Number(dayRange[2])) {
    throw new Error(`KIM_OFFICE_DAYS must be a range of weekdays like 1-5 (Monday = 1), got "${days}"`);
  }
  const hours = env.KIM_OFFICE_HOURS ?? '07:00-19:00';
  const hourRange = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(hours);
  if (!hourRange || minutes(hours.slice(0, 5)) >= minutes(hours.slice(6))) {
    throw new Error(`KIM_OFFICE_HOURS must be a range like 07:00-19:00, got "${hours}"`);
  }
  const threshold = Number(env.KIM_BULK_READ_THRESHOLD ?? 50);
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new Error(`KIM_BULK_READ_THRESHOLD must be a whole number of persons, got "${env.KIM_BULK_READ_THRESHOLD}"`);
  }
  const officeDays: number[] = [];
  for (let d = Number(dayRange[1]); d <= Number(dayRange[2]); d++) officeDays.push(d);
  return {
    officeDays,
    officeStart: minutes(hours.slice(0, 5)),
    officeEnd: minutes(hours.slice(6)),
    bulkReadThreshold: threshold,
  };
}

export const formatMinutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
