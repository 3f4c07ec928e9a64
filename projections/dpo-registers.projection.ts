import type { DpoRegisterEvent } from '../src/audit/registers/dpo-registers.events.js';
import type { ProjectionDefinition } from './projection.js';

export interface AnomalyReviewDoc {
  [key: string]: unknown;
  eventId: string;
  note: string;
  reviewedBy: string;
  reviewedAt: string;
  breachId?: string;
}

export interface BreachDoc {
  [key: string]: unknown;
  breachId: string;
  discoveredAt: string;
  /** Art. 33(1) DSGVO: 72 hours after becoming aware. */
  deadline: string;
  description: string;
  anomalyEventIds: string[];
  personCount?: number;
  recordedBy: string;
  recordedAt: string;
  status: 'open' | 'assessed';
  risk?: string;
  authorityNotifiedAt?: string;
  authorityReference?: string;
  personsNotifiedAt?: string;
  reasonForDelay?: string;
  assessedBy?: string;
}

export const ANOMALY_REVIEWS = 'anomaly_reviews';
export const BREACHES = 'breaches';

const HOURS_72 = 72 * 3_600_000;

export const dpoRegistersProjection: ProjectionDefinition<DpoRegisterEvent> = {
  name: 'dpo-registers',
  version: 1,
  collections: [
    { name: ANOMALY_REVIEWS, indexes: ['breachId'] },
    { name: BREACHES, indexes: ['status', 'discoveredAt', 'deadline'] },
  ],
  eventTypes: ['AnomalyReviewed', 'BreachRecorded', 'BreachAssessed'],
  async apply(event, ctx) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'AnomalyReviewed': {
        const { eventId, note, reviewedBy, breachId } = event.data;
        ctx.put(ANOMALY_REVIEWS, eventId, {
          eventId,
          note,
          reviewedBy,
          reviewedAt: at,
          ...(breachId ? { breachId } : {}),
        } satisfies AnomalyReviewDoc);
        return;
      }
      case 'BreachRecorded': {
        const d = event.data;
        ctx.put(BREACHES, d.breachId, {
          ...d,
          deadline: new Date(Date.parse(d.discoveredAt) + HOURS_72).toISOString(),
          recordedAt: at,
          status: 'open',
        } satisfies BreachDoc);
        return;
      }
      case 'BreachAssessed': {
        const doc = await ctx.get<BreachDoc>(BREACHES, event.data.breachId);
        if (doc) ctx.put(BREACHES, doc.breachId, { ...doc, ...event.data, status: 'assessed' });
        return;
      }
    }
  },
};
