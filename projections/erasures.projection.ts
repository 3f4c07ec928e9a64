import type { CaseClosed } from '../src/case-management/case.events.js';
import type {
  ConsentWithdrawn,
  ParticipationConsentWithdrawn,
  ObjectionLodged,
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

/**
 * Erasure review (issue 15, item 4; Art. 7(3), 17(1)(a)/(b) DSGVO): when consent is withdrawn or a case
 * closes, the privacy officer checks whether the data are still needed. One open review per person; it
 * is done once an erasure is requested or the person erased.
 */
export interface ErasureReviewDoc {
  [key: string]: unknown;
  personId: string;
  trigger: 'consent-withdrawn' | 'participation-ended' | 'objection';
  raisedAt: string;
  status: 'open' | 'done';
  /** The case that closed, or the consent that was withdrawn. */
  sourceId: string;
}

export const ERASURES = 'erasures';
export const ERASURE_REVIEWS = 'erasure_reviews';
export const ERASURE_NOTICES = 'erasure_notices';

export const noticeId = (personId: string, agency: string) => `${personId}:${agency}`;

export const erasuresProjection: ProjectionDefinition<
  | ErasureRequested
  | ErasureRejected
  | PersonErased
  | ErasureNoticeAcknowledged
  | ConsentWithdrawn
  | ParticipationConsentWithdrawn
  | CaseClosed
  | ObjectionLodged
> = {
  name: 'erasures',
  version: 1,
  collections: [
    { name: ERASURES, indexes: ['personId', 'status', 'requestedAt'] },
    { name: ERASURE_NOTICES, indexes: ['personId', 'agency', 'status', 'createdAt'] },
    { name: ERASURE_REVIEWS, indexes: ['status', 'raisedAt', 'trigger'] },
  ],
  eventTypes: [
    'ErasureRequested',
    'ErasureRejected',
    'PersonErased',
    'ErasureNoticeAcknowledged',
    'ConsentWithdrawn',
    'ParticipationConsentWithdrawn',
    'CaseClosed',
    'ObjectionLodged',
  ],
  async apply(event, ctx) {
    const at = event.metadata.occurredAt;
    const d = event.data;
    if (
      event.type === 'ConsentWithdrawn' ||
      event.type === 'ParticipationConsentWithdrawn' ||
      event.type === 'CaseClosed' ||
      event.type === 'ObjectionLodged'
    ) {
      // The participation consent withdrawn (issue 14 item 5): the KI's own processing lost its basis.
      const review: ErasureReviewDoc = {
        personId: d.personId,
        trigger:
          event.type === 'ConsentWithdrawn' || event.type === 'ParticipationConsentWithdrawn'
            ? 'consent-withdrawn'
            : event.type === 'CaseClosed'
              ? 'participation-ended'
              : 'objection',
        raisedAt: at,
        status: 'open',
        sourceId:
          event.type === 'ConsentWithdrawn'
            ? event.data.consentId
            : event.type === 'ParticipationConsentWithdrawn'
              ? d.personId
              : event.type === 'CaseClosed'
                ? event.data.caseId
                : (event.data.requestId ?? d.personId),
      };
      ctx.put(ERASURE_REVIEWS, d.personId, review);
      return;
    }
    if (event.type === 'ErasureRequested' || event.type === 'PersonErased') {
      const review = await ctx.get<ErasureReviewDoc>(ERASURE_REVIEWS, d.personId);
      if (review?.status === 'open') ctx.put(ERASURE_REVIEWS, d.personId, { ...review, status: 'done' });
    }
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
