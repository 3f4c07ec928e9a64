import type { CaseloadEvent } from '../src/case-management/case.events.js';
import type { ProjectionDefinition } from './projection.js';

/** Active cases per case manager (Betreuungsschlüssel 1:80), from the caseload slot ledger. */
export interface CaseloadDoc {
  [key: string]: unknown;
  caseworkerId: string;
  caseIds: string[];
  active: number;
}

export const CASELOADS = 'caseloads';

export const caseloadProjection: ProjectionDefinition<CaseloadEvent> = {
  name: 'caseload',
  version: 1,
  collections: [{ name: CASELOADS, indexes: ['active'] }],
  eventTypes: ['CaseloadSlotTaken', 'CaseloadSlotReleased'],
  async apply(event, ctx) {
    const { caseworkerId, caseId } = event.data;
    const doc = (await ctx.get<CaseloadDoc>(CASELOADS, caseworkerId)) ?? { caseworkerId, caseIds: [], active: 0 };
    const caseIds =
      event.type === 'CaseloadSlotTaken'
        ? doc.caseIds.includes(caseId)
          ? doc.caseIds
          : [...doc.caseIds, caseId]
        : doc.caseIds.filter((id) => id !== caseId);
    ctx.put(CASELOADS, caseworkerId, { caseworkerId, caseIds, active: caseIds.length });
  },
};
