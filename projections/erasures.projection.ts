import type {
  ErasureNoticeAcknowledged,
  ErasureRejected,
  ErasureRequested,
  PersonErased,
} from '../src/person-file/person-file.events.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * The rights desk's approvals queue (four-eyes erasure, product rule 8) and the Art. 19 DSGVO
 * notification tasks: one per agency that had received the person's data. Pseudonymous: ids, codes,
 * dates, staff ids. Locating a person by erasure id is all the command side asks of it; the decision
 * itself is taken on the person's events.
 */
export interface ErasureDoc {
  [key: string]: unknown;
  erasureId: string;
  personId: string;
  status: 'awaiting-approval' | 'erased' | 'rejected';
  reason: string;
  requestId?: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  rejectionReason?: string;
}

/** Art. 19 DSGVO: tell this recipient of the erasure; open until the agency acknowledges it. */
export interface ErasureNoticeDoc {
  [key: string]: unknown;
  noticeId: string;
  erasureId: string | null;
  personId: string;
  agency: string;
  status: 'open' | 'acknowledged';
  createdAt: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

export const ERASURES = 'erasures';
export const ERASURE_NOTICES = 'erasure_notices';

export const noticeId = (personId: string, agency: string) => `${personId}:${agency}`;

export const erasuresProjection: ProjectionDefinition<
  ErasureRequested | ErasureRejected | PersonErased | ErasureNoticeAcknowledged
> = {
  name: 'erasures',
  version: 1,
  collections: [
    { name: ERASURES, indexes: ['personId', 'status', 'requestedAt'] },
    { name: ERASURE_NOTICES, indexes: ['personId', 'agency', 'status', 'createdAt'] },
  ],
  eventTypes: ['ErasureRequested', 'ErasureRejected', 'PersonErased', 'ErasureNoticeAcknowledged'],
  async apply(event, ctx) {
    const at = event.metadata.occurredAt;
    const d = event.data;
    if (event.type === 'ErasureRequested') {
      const e = event.data;
      ctx.put(ERASURES, e.erasureId, {
        erasureId: e.erasureId,
        personId: e.personId,
        status: 'awaiting-approval',
        reason: e.reason,
        ...(e.requestId ? { requestId: e.requestId } : {}),
        requestedBy: e.requestedBy,
        requestedAt: at,
      } satisfies ErasureDoc);
      return;
    }
    if (event.type === 'ErasureNoticeAcknowledged') {
      const id = noticeId(event.data.personId, event.data.agency);
      const notice = await ctx.get<ErasureNoticeDoc>(ERASURE_NOTICES, id);
      if (notice) {
        ctx.put(ERASURE_NOTICES, id, {
          ...notice,
          status: 'acknowledged',
          acknowledgedBy: event.data.acknowledgedBy,
          acknowledgedAt: at,
        });
      }
      return;
    }
    if (event.type === 'ErasureRejected') {
      const doc = await ctx.get<ErasureDoc>(ERASURES, event.data.erasureId);
      if (doc) {
        ctx.put(ERASURES, doc.erasureId, {
          ...doc,
          status: 'rejected',
          decidedBy: event.data.rejectedBy,
          decidedAt: at,
          rejectionReason: event.data.reason,
        });
      }
      return;
    }
    const erased = event.data;
    if (erased.erasureId) {
      const doc = await ctx.get<ErasureDoc>(ERASURES, erased.erasureId);
      if (doc)
        ctx.put(ERASURES, doc.erasureId, { ...doc, status: 'erased', decidedBy: erased.approvedBy, decidedAt: at });
    }
    for (const agency of erased.recipientsToNotify ?? []) {
      ctx.put(ERASURE_NOTICES, noticeId(d.personId, agency), {
        noticeId: noticeId(d.personId, agency),
        erasureId: erased.erasureId ?? null,
        personId: d.personId,
        agency,
        status: 'open',
        createdAt: at,
      } satisfies ErasureNoticeDoc);
    }
  },
};
