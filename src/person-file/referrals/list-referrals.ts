import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import { REFERRALS, type ReferralDoc } from '../../../projections/referrals.projection.js';
import type { ReadContext } from '../../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../../personal-data/personal-data-gate.js';
import { sealed } from '../../personal-data/sealed.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';

export interface ReferralList {
  items: Record<string, unknown>[];
}

export class ListCaseReferralsQuery extends PersonalDataQuery<ReferralList> {
  constructor(
    reader: ReadContext,
    readonly caseId: string,
  ) {
    super(reader);
  }
}

/**
 * GET /cases/{id}/referrals: the referrals of a case with the agencies' feedback. Summaries and feedback
 * notes are personal data (like case notes): sealed, opened by the gate for a reader with need to know.
 */
@QueryHandler(ListCaseReferralsQuery)
export class ListCaseReferralsHandler extends GuardedQueryHandler<ListCaseReferralsQuery, ReferralList> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({ caseId }: ListCaseReferralsQuery): GuardedRead<ReferralList> {
    return {
      scope: { kind: 'case', caseId },
      roles: ['caseworker', 'team_lead', 'privacy_officer'],
      categories: ['case-notes'],
      freshFrom: 'referrals',
      load: async () => {
        const page = await this.readStore.find<ReferralDoc>(REFERRALS, {
          filter: { caseId },
          sort: { field: 'at', direction: 'asc' },
          limit: 200,
        });
        return {
          items: page.items.map(({ personal, feedback, ...r }) => ({
            ...r,
            summary: sealed(r.personId, personal),
            feedback: feedback.map(({ personal: note, ...f }) => ({ ...f, note: sealed(r.personId, note) })),
          })),
        };
      },
    };
  }
}
