import type { Upcaster } from '../event-sourcing/event-codec.js';
import { localDate } from '../shared/calendar.js';

/**
 * Stored events are never rewritten; older shapes are lifted when read. Schema 1 CaseClosed had no
 * `closedAt` (the grace period of need to know needs it): the instant it happened is in its metadata.
 */
export const CASE_UPCASTERS: Record<string, Upcaster> = {
  CaseClosed: (data, fromVersion, recorded) =>
    fromVersion < 2 && data.closedAt === undefined ? { ...data, closedAt: recorded.metadata.occurredAt } : data,
  /** Schema < 3 CaseOpened had no `openedOn`: the opening's date is that of its metadata instant. */
  CaseOpened: (data, fromVersion, recorded) =>
    fromVersion < 3 && data.openedOn === undefined
      ? { ...data, openedOn: localDate(recorded.metadata.occurredAt) }
      : data,
};
