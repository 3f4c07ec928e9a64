import type { ReadStore } from '../../read-store/read-store.port.js';
import type { CaseloadFigures } from '../committee-report.model.js';
import { COMMITTEE_COLLECTIONS as C, type CaseloadDayDoc, type CaseloadStaffDoc } from '../committee-documents.js';
import type { PublishedValue } from '../disclosure/suppression.js';
import { readAll } from '../read-all.js';
import type { DayRange } from './case-sets.js';

/** Fewer case managers than this and average and maximum would describe individuals. */
export const MIN_CASE_MANAGERS = 3;

/**
 * Caseload against the limit (Betreuungsschlüssel). The average is the published — protected — number
 * of cases active at the end of the period per case manager, so it discloses nothing the headline does
 * not; the maximum is the highest day's count of any one case manager (staff, not participants: shown
 * only from three case managers on, never by name). Only the aggregate leaves this function.
 */
export async function caseloadFigures(
  store: ReadStore,
  range: DayRange,
  limit: number,
  activeAtEnd: PublishedValue,
): Promise<CaseloadFigures> {
  const staff = await readAll<CaseloadStaffDoc>(store, C.caseloadStaff);
  const peaks: number[] = [];
  for (const { staffKey } of staff) {
    const before = (
      await store.find<CaseloadDayDoc>(C.caseloadDays, {
        filter: { staffKey, day: { lt: range.from } },
        sort: { field: 'day', direction: 'desc' },
        limit: 1,
      })
    ).items[0];
    const days = await readAll<CaseloadDayDoc>(store, C.caseloadDays, {
      staffKey,
      day: { gte: range.from, lte: range.to },
    });
    const peak = Math.max(before?.endCount ?? 0, ...days.map((d) => d.peak));
    if (peak > 0) peaks.push(peak); // held a case in the period
  }
  // With one or two case managers an "average" is a person's own caseload: withheld (staff are people too).
  const enough = peaks.length >= MIN_CASE_MANAGERS;
  const average = enough && typeof activeAtEnd === 'number' ? activeAtEnd / peaks.length : null;
  const maximum = enough ? Math.max(...peaks) : null;
  return {
    caseManagers: peaks.length,
    limit,
    averageAtEnd: average === null ? null : Math.round(average * 10) / 10,
    maximumInPeriod: maximum,
    averageUtilisation: average === null ? null : Math.round((average / limit) * 1000) / 10,
    maximumUtilisation: maximum === null ? null : Math.round((maximum / limit) * 1000) / 10,
  };
}
