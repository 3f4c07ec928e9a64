import { requireInstant } from '../../shared/calendar.js';
import { assertNever } from '../../shared/decider.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../shared/errors.js';
import type { ReferralCommand } from '../person-file.commands.js';
import type { PersonFile } from '../person-file.decider.js';
import type { ReferralEvent } from '../person-file.events.js';

/**
 * Referrals are transfers (issue 14, product rule 2): a referral names an agency only by citing a transfer
 * that was allowed and delivered to that very agency — and, if the transfer was made for a case, for this
 * case. The decider has already checked the file is active.
 */
export function decideReferral(command: ReferralCommand, state: PersonFile): ReferralEvent[] {
  switch (command.type) {
    case 'MakeReferral': {
      const d = command.data;
      requireInstant(d.at);
      if (state.restricted) throw new RuleViolationError('person-restricted');
      if (!state.caseIds.includes(d.caseId)) throw new RuleViolationError('case-of-another-person');
      if (state.referrals.some((r) => r.referralId === d.referralId)) {
        throw new ConflictError(`referral ${d.referralId} already exists`);
      }
      const transfer = state.transfers.find((t) => t.transferId === d.transferId);
      if (!transfer || transfer.status !== 'delivered') {
        throw new RuleViolationError('referral needs a delivered transfer', ['referral-without-delivered-transfer']);
      }
      if (transfer.toAgency !== d.agency) {
        throw new RuleViolationError('the cited transfer went to another agency', ['referral-transfer-other-agency']);
      }
      if (transfer.caseId !== undefined && transfer.caseId !== d.caseId) {
        throw new RuleViolationError('the cited transfer was made for another case', ['referral-transfer-other-case']);
      }
      return [
        {
          type: 'ReferralMade',
          data: {
            referralId: d.referralId,
            caseId: d.caseId,
            personId: d.personId,
            agency: d.agency,
            transferId: d.transferId,
            referredBy: d.referredBy,
            personal: d.summary?.trim() ? { summary: d.summary } : {},
          },
        },
      ];
    }
    case 'GiveReferralFeedback': {
      const d = command.data;
      requireInstant(d.at);
      if (state.restricted) throw new RuleViolationError('person-restricted');
      const referral = state.referrals.find((r) => r.referralId === d.referralId);
      if (!referral) throw new NotFoundError(`referral ${d.referralId} not found`);
      if (referral.agency !== d.agency) {
        throw new ForbiddenError('only the agency referred to gives feedback', ['other-agency']);
      }
      return [
        {
          type: 'ReferralFeedbackGiven',
          data: {
            referralId: d.referralId,
            personId: d.personId,
            agency: d.agency,
            outcome: d.outcome,
            givenBy: d.givenBy,
            personal: d.note?.trim() ? { note: d.note } : {},
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}
