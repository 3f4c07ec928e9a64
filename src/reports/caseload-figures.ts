import type { ReadStore } from '../read-store/read-store.port.js';
import { COMMITTEE_COLLECTIONS as C, type CaseloadDayDoc, type CaseloadStaffDoc } from './committee-documents.js';
import type { CaseloadFigures } from './committee-report.model.js';
import { readAll } from './read-all.js';
import type { ReportPeriod } from './report-period.js';

/**
 * Average and maximum caseload against the limit. Per case manager: the count at the end of the period
 * (last day document on or before it) and the peak of the period (including the count it started with).
 * Only the aggregate leaves this function.
 */
/** Fewer case managers than this and average and maximum would describe individuals. */
export const MIN_CASE_MANAGERS = 3;

export async function caseloadFigures(store: ReadStore, period: ReportPeriod, limit: number): Promise<CaseloadFigures> {
  const staff = await readAll<CaseloadStaffDoc>(store, C.caseloadStaff);
  const atEnd: number[] = [];
  const peaks: number[] = [];
  for (const { staffKey } of staff) {
    const lastBefore = async (day: string, inclusive: boolean) =>
      (
        await store.find<CaseloadDayDoc>(C.caseloadDays, {
          filter: { staffKey, day: inclusive ? { lte: day } : { lt: day } },
          sort: { field: 'day', direction: 'desc' },
          limit: 1,
        })
      ).items[0];
    const start = (await lastBefore(period.from, false))?.endCount ?? 0;
    const end = (await lastBefore(period.to, true))?.endCount ?? 0;
    const days = await readAll<CaseloadDayDoc>(store, C.caseloadDays, {
      staffKey,
      day: { gte: period.from, lte: period.to },
    });
    const peak = Math.max(start, ...days.map((d) => d.peak));
    if (peak === 0) continue; // held no case in the period
    atEnd.push(end);
    peaks.push(peak);
  }
  // With one or two case managers an "average" is a person's own caseload: withheld (staff are people too).
  const enough = atEnd.length >= MIN_CASE_MANAGERS;
  const average = enough ? atEnd.reduce((s, n) => s + n, 0) / atEnd.length : null;
  const maximum = enough ? Math.max(...peaks) : null;
  return {
    caseManagers: atEnd.length,
    limit,
    averageAtEnd: average === null ? null : Math.round(average * 10) / 10,
    maximumInPeriod: maximum,
    averageUtilisation: average === null ? null : Math.round((average / limit) * 1000) / 10,
    maximumUtilisation: maximum === null ? null : Math.round((maximum / limit) * 1000) / 10,
  };
}
