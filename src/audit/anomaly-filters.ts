import { assertNever } from '../shared/decider.js';
import type { Filter } from '../read-store/read-store.port.js';
import type { AnomalySettings } from './anomaly-settings.js';
import type { AnomalyKind } from './audit.dtos.js';

export const ANOMALIES_KINDS_DESCRIPTION: Record<AnomalyKind, string> = {
  'read-without-case': 'Lesezugriff ohne zugewiesenen Fall',
  'read-outside-office-hours': 'Lesezugriff außerhalb der Dienstzeiten',
  'bulk-read': 'Massenabruf',
  'statutory-transfer': 'Übermittlung ohne Einwilligung (gesetzliche Grundlage)',
  'transfer-refused': 'Abgelehnter Übermittlungsversuch',
  'access-denied': 'Abgewiesener Zugriff',
};

/**
 * The read-store filters (each an AND of conditions) whose union is one kind of anomaly. "Outside
 * office hours" is an OR, so it takes up to three: other days, before the start, after the end.
 */
export function anomalyFilters(kind: AnomalyKind, s: AnomalySettings): Filter[] {
  switch (kind) {
    case 'read-without-case':
      return [{ kind: 'read', withoutCase: true }];
    case 'bulk-read':
      return [{ kind: 'read', personCount: { gt: s.bulkReadThreshold } }];
    case 'read-outside-office-hours': {
      const otherDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => !s.officeDays.includes(d));
      return [
        ...(otherDays.length > 0 ? [{ kind: 'read', localWeekday: { in: otherDays } }] : []),
        { kind: 'read', localWeekday: { in: s.officeDays }, localMinute: { lt: s.officeStart } },
        { kind: 'read', localWeekday: { in: s.officeDays }, localMinute: { gte: s.officeEnd } },
      ];
    }
    case 'statutory-transfer':
    case 'transfer-refused':
    case 'access-denied':
      return [{ kind }];
    default:
      return assertNever(kind);
  }
}
