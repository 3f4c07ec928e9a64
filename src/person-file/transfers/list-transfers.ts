import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import { PERSONS, type PersonDoc } from '../../../projections/persons.projection.js';
import { TRANSFERS, type TransferDoc } from '../../../projections/transfers.projection.js';
import type { ReadContext } from '../../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../../personal-data/personal-data-gate.js';
import { sealed, type Sealed } from '../../personal-data/sealed.js';
import { READ_STORE, type Filter, type ReadStore } from '../../read-store/read-store.port.js';
import { ForbiddenError } from '../../shared/errors.js';
import type { TransferQueryDto } from './transfer.dtos.js';

/** A transfer document with its justification still sealed. */
type TransferView = Record<string, unknown> & { personId: string; justification: Sealed | undefined };

export interface TransferPage {
  items: TransferView[];
  nextCursor?: string;
}

export class ListTransfersQuery extends PersonalDataQuery<TransferPage> {
  constructor(
    reader: ReadContext,
    readonly query: TransferQueryDto,
  ) {
    super(reader);
  }
}

/**
 * GET /transfers: a caseworker sees the transfers of persons they may see, an agency officer the ones
 * DELIVERED to their agency (never refused or pending: a refusal reason such as "consent-withdrawn" would
 * tell the recipient what the person decided), a team lead those awaiting approval (the four-eyes queue), the
 * privacy officer and the DPO all of them. The gate
 * drops every item of a person the reader may not see (need to know, restriction) and logs the rest.
 */
@QueryHandler(ListTransfersQuery)
export class ListTransfersHandler extends GuardedQueryHandler<ListTransfersQuery, TransferPage> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({ reader, query }: ListTransfersQuery): GuardedRead<TransferPage> {
    return {
      scope: {
        kind: 'items',
        personOf: (item) => (item as TransferView).personId,
        ...(query.personId ? { named: [query.personId] } : {}),
      },
      roles: ['caseworker', 'team_lead', 'agency_officer', 'privacy_officer', 'dpo'],
      categories: ['transfers'],
      load: async () => {
        const page = await this.readStore.find<TransferDoc>(TRANSFERS, {
          filter: await this.filterFor(reader, query),
          sort: { field: 'at', direction: 'desc' },
          limit: Number(query.limit ?? 50),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        const items = page.items.map(({ personal, ...t }) => ({ ...t, justification: sealed(t.personId, personal) }));
        return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      },
    };
  }

  private async filterFor(reader: ReadContext, query: TransferQueryDto): Promise<Filter> {
    const filter: Filter = {};
    if (query.personId) filter.personId = query.personId;
    if (query.agency) filter.toAgency = query.agency;
    if (query.status) filter.status = query.status;
    if (query.from || query.to) {
      filter.at = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: `${query.to}T24` } : {}) };
    }
    const user = reader.user;
    if (user.role === 'agency_officer') {
      if (query.agency && query.agency !== user.agency) {
        throw new ForbiddenError('agency officers see only transfers to their own agency', ['other-agency']);
      }
      filter.toAgency = user.agency;
      filter.allowed = true;
    }
    if (user.role === 'team_lead') {
      // A team lead reads transfers only to decide them as the second person (issue 14, four eyes).
      if (query.status && query.status !== 'awaiting-approval') {
        throw new ForbiddenError('team leads see only transfers awaiting their approval', ['not-awaiting-approval']);
      }
      filter.status = 'awaiting-approval';
    }
    if (user.role === 'caseworker' && !query.personId) {
      // Candidates only: the gate decides exactly, on the folded streams, which of them the caseworker sees.
      filter.personId = { in: await this.candidatePersons(user.sub) };
    }
    return filter;
  }

  private async candidatePersons(sub: string): Promise<string[]> {
    const [worked, registered] = await Promise.all([
      this.readStore.find<PersonDoc>(PERSONS, { filter: { caseworkers: { contains: sub } }, limit: 1000 }),
      this.readStore.find<PersonDoc>(PERSONS, { filter: { registeredBy: sub }, limit: 1000 }),
    ]);
    return [...new Set([...worked.items, ...registered.items].map((p) => p.personId))];
  }
}
