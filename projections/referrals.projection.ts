import type { ReferralEvent, ReferralOutcome } from '../src/person-file/person-file.events.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * Referrals (Weitervermittlungen) per case and per agency, with the feedback of the agency. Summary and
 * feedback notes stay sealed with the person's key; they are opened only through the PersonalDataGate.
 */
export interface ReferralDoc {
  [key: string]: unknown;
  referralId: string;
  personId: string;
  caseId: string;
  agency: string;
  transferId: string;
  referredBy: string;
  at: string;
  personal?: unknown;
  feedback: { outcome: ReferralOutcome; givenBy: string; at: string; personal?: unknown }[];
}

export const REFERRALS = 'referrals';

export const referralsProjection: ProjectionDefinition<ReferralEvent> = {
  name: 'referrals',
  version: 1,
  collections: [{ name: REFERRALS, indexes: ['personId', 'caseId', 'agency', 'at'] }],
  eventTypes: ['ReferralMade', 'ReferralFeedbackGiven'],
  async apply(event, ctx) {
    if (event.type === 'ReferralMade') {
      const d = event.data;
      const doc: ReferralDoc = {
        referralId: d.referralId,
        personId: d.personId,
        caseId: d.caseId,
        agency: d.agency,
        transferId: d.transferId,
        referredBy: d.referredBy,
        at: event.metadata.occurredAt,
        personal: d.personal,
        feedback: [],
      };
      ctx.put(REFERRALS, d.referralId, doc);
      return;
    }
    const d = event.data;
    const doc = await ctx.get<ReferralDoc>(REFERRALS, d.referralId);
    if (!doc) return;
    const feedback = { outcome: d.outcome, givenBy: d.givenBy, at: event.metadata.occurredAt, personal: d.personal };
    ctx.put(REFERRALS, d.referralId, { ...doc, feedback: [...doc.feedback, feedback] });
  },
};
