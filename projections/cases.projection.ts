import type { ProjectionDefinition } from './projection.js';

/** Case detail with its timeline (Fallverlauf); summaries stay ciphertext until an authorised read. */
export interface TimelineEntry {
  [key: string]: unknown;
  type: string;
  at: string;
  by: string;
  actionId?: string;
  actionType?: string;
  actionDate?: string;
  agencies?: string[];
  achievementKind?: string;
  caseworkerId?: string;
  reason?: string;
  personal?: unknown;
}

export interface CaseDoc {
  [key: string]: unknown;
  caseId: string;
  personId: string;
  municipality: string;
  status: 'open' | 'closed';
  assignee: string | null;
  openedBy: string;
  openedAt: string;
  closedAt?: string;
  closeReason?: string;
  /** Stream revision, offered to clients for If-Match. */
  revision: number;
  timeline: TimelineEntry[];
}

export const CASES = 'cases';

export const casesProjection: ProjectionDefinition = {
  name: 'cases',
  version: 1,
  collections: [{ name: CASES, indexes: ['personId', 'assignee', 'status', 'municipality', 'openedAt'] }],
  eventTypes: ['CaseOpened', 'CaseAssigned', 'CaseActionRecorded', 'CaseClosed', 'CaseReopened'],
  async apply(event, ctx) {
    const d = event.data as Record<string, unknown> & { caseId: string; personId: string };
    const at = event.metadata.occurredAt;
    const by = event.metadata.actor.sub;
    if (event.type === 'CaseOpened') {
      const doc: CaseDoc = {
        caseId: d.caseId,
        personId: d.personId,
        municipality: String(d.municipality),
        status: 'open',
        assignee: null,
        openedBy: String(d.openedBy),
        openedAt: at,
        revision: event.revision,
        timeline: [{ type: event.type, at, by }],
      };
      ctx.put(CASES, d.caseId, doc);
      return;
    }
    const doc = await ctx.get<CaseDoc>(CASES, d.caseId);
    if (!doc) return;
    doc.revision = event.revision;
    switch (event.type) {
      case 'CaseAssigned':
        doc.assignee = String(d.caseworkerId);
        doc.timeline.push({ type: event.type, at, by, caseworkerId: doc.assignee });
        break;
      case 'CaseActionRecorded':
        doc.timeline.push({
          type: event.type,
          at,
          by,
          actionId: String(d.actionId),
          actionType: String(d.actionType),
          actionDate: String(d.actionDate),
          agencies: d.agencies as string[],
          ...(d.achievementKind ? { achievementKind: String(d.achievementKind) } : {}),
          personal: d.personal,
        });
        break;
      case 'CaseClosed':
        doc.status = 'closed';
        doc.closedAt = at;
        doc.closeReason = String(d.reason);
        doc.timeline.push({ type: event.type, at, by, reason: doc.closeReason });
        break;
      case 'CaseReopened':
        doc.status = 'open';
        doc.assignee = null;
        delete doc.closedAt;
        delete doc.closeReason;
        doc.timeline.push({ type: event.type, at, by });
        break;
    }
    ctx.put(CASES, d.caseId, doc);
  },
};
