import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import type { ReadContext } from '../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../personal-data/personal-data-gate.js';
import { sealed } from '../personal-data/sealed.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { NotFoundError } from '../shared/errors.js';
import { recentTimeline } from './case-timeline.query.js';

/**
 * What a case manager sees on opening a case: the newest twenty entries (a screen of them), older pages on
 * request. A hundred decrypted entries per read cost 2.5 × the CPU and were mostly never looked at (issue 19).
 */
export const TIMELINE_PAGE = 20;

export type CaseView = CaseDoc & { timeline: Record<string, unknown>[]; timelineOlderCursor?: string };

export class ReadCaseQuery extends PersonalDataQuery<CaseView> {
  constructor(
    reader: ReadContext,
    readonly caseId: string,
    readonly page: { limit?: number; before?: string },
  ) {
    super(reader);
  }
}

/** The case with the newest page of its timeline (Fallverlauf); older pages on request. */
@QueryHandler(ReadCaseQuery)
export class ReadCaseHandler extends GuardedQueryHandler<ReadCaseQuery, CaseView> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({ caseId, page }: ReadCaseQuery): GuardedRead<CaseView> {
    return {
      scope: { kind: 'case', caseId },
      // The privacy officer reads cases for Art. 15 reports and while the person is restricted (rule 7).
      roles: ['caseworker', 'team_lead', 'privacy_officer'],
      categories: ['case-notes'],
      freshFrom: 'cases',
      // The case document and its timeline come from the case's stream alone.
      reuseAs: `case ${caseId} ${page.limit ?? TIMELINE_PAGE} ${page.before ?? ''}`,
      load: async () => {
        const doc = await this.readStore.get<CaseDoc>(CASES, caseId);
        if (!doc) throw new NotFoundError(`case ${caseId} not found`);
        const timeline = await recentTimeline(this.readStore, caseId, {
          limit: page.limit ?? TIMELINE_PAGE,
          ...(page.before ? { before: page.before } : {}),
        });
        return {
          ...doc,
          timeline: timeline.entries.map(({ personal, caseId: _caseId, seq: _seq, ...entry }) =>
            personal === undefined ? entry : { ...entry, personal: sealed(doc.personId, personal) },
          ),
          ...(timeline.olderCursor ? { timelineOlderCursor: timeline.olderCursor } : {}),
        };
      },
    };
  }
}
