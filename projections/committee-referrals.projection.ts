import type { DomainEvent } from '../src/shared/decider.js';
import {
  businessDate,
  COMMITTEE_COLLECTIONS as C,
  germanDate,
  type ReferralFactDoc,
} from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * Referrals (Verweisungen) and the agencies' feedback for the committee report: one document per
 * referral with the agency, the day it was made and each feedback with its day. The events are written on
 * the person stream by the referral workflow; they are read defensively by name (a missing field or an
 * unknown referral yields no row, never an error), so the figures fill as soon as referrals are recorded.
 */
type ReferralMade = DomainEvent<
  'ReferralMade',
  { referralId?: string; caseId?: string; agency?: string; toAgency?: string; madeOn?: string }
>;
type ReferralFeedbackGiven = DomainEvent<
  'ReferralFeedbackGiven',
  { referralId?: string; outcome?: string; givenOn?: string }
>;

const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

export const committeeReferralsProjection: ProjectionDefinition<ReferralMade | ReferralFeedbackGiven> = {
  name: 'committee-referrals',
  version: 1,
  collections: [{ name: C.referrals, indexes: ['madeOn', 'lastFeedbackOn'] }],
  eventTypes: ['ReferralMade', 'ReferralFeedbackGiven'],
  async apply(event, ctx) {
    const { referralId } = event.data;
    if (!text(referralId)) return;
    const existing = await ctx.get<ReferralFactDoc>(C.referrals, referralId);
    if (event.type === 'ReferralMade') {
      if (existing) return;
      const agency = [event.data.agency, event.data.toAgency].find(text) ?? 'unknown';
      const madeOn = text(event.data.madeOn) ? germanDate(event.data.madeOn) : businessDate(event);
      const doc: ReferralFactDoc = { referralId, agency, madeOn, feedback: [], lastFeedbackOn: '' };
      ctx.put(C.referrals, referralId, doc);
      return;
    }
    if (!existing || !text(event.data.outcome)) return;
    const on = text(event.data.givenOn) ? germanDate(event.data.givenOn) : businessDate(event);
    if (existing.feedback.some((f) => f.on === on && f.outcome === event.data.outcome)) return;
    existing.feedback.push({ on, outcome: event.data.outcome });
    existing.lastFeedbackOn = on > existing.lastFeedbackOn ? on : existing.lastFeedbackOn;
    ctx.put(C.referrals, referralId, existing);
  },
};
