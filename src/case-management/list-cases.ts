import { Inject, Injectable } from '@nestjs/common';
import { CASES, type CaseDoc } from '../../projections/cases.projection.js';
import type { RequestUser } from '../http/request-context.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import type { CaseListQueryDto } from './case.dtos.js';

/**
 * "Meine Fälle": pseudonymous ids and status only, no personal data, so it reads the case projection
 * without the personal-data gate. A caseworker sees the cases assigned to them; a team lead the team's
 * (all cases), or one caseworker's, or the unassigned ones.
 */
@Injectable()
export class CaseList {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async page(user: RequestUser, query: CaseListQueryDto) {
    const filter: Filter = {};
    const assignee = query.assignee ?? 'me';
    if (user.role === 'caseworker') {
      if (assignee !== 'me' && assignee !== user.sub) {
        throw new ForbiddenError('a caseworker lists only their own cases', ['no-need-to-know']);
      }
      filter.assignee = user.sub;
    } else if (assignee === 'none') {
      filter.assignee = null;
    } else if (assignee !== 'me') {
      filter.assignee = assignee;
    }
    if (query.status) filter.status = query.status;
    let page;
    try {
      page = await this.readStore.find<CaseDoc>(CASES, {
        filter,
        sort: { field: 'openedAt', direction: 'desc' },
        limit: query.limit ? Number(query.limit) : 50,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    } catch {
      // A cursor that is not one of ours is bad input, not a server fault.
      throw new ValidationError('cursor is not a cursor of this list', ['cursor']);
    }
    return {
      items: page.items.map((d) => ({
        caseId: d.caseId,
        personId: d.personId,
        municipality: d.municipality,
        status: d.status,
        assignee: d.assignee,
        openedAt: d.openedAt,
        ...(d.closedAt ? { closedAt: d.closedAt } : {}),
        revision: d.revision,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
