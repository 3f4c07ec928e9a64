import type { Upcaster } from '../event-sourcing/event-codec.js';

/**
 * Stored events are never rewritten; older shapes are lifted when read. Schema 1 CaseClosed had no
 * `closedAt` (the grace period of need to know needs it): the instant it happened is in its metadata.
 */
export const CASE_UPCASTERS: Record<string, Upcaster> = {
  CaseClosed: (data, fromVersion, recorded) =>
    fromVersion < 2 && data.closedAt === undefined ? { ...data, closedAt: recorded.metadata.occurredAt } : data,
};
