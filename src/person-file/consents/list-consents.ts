import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import { CONSENTS, type ConsentDoc } from '../../../projections/consents.projection.js';
import type { ReadContext } from '../../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../../personal-data/personal-data-gate.js';
import { sealed, type Sealed } from '../../personal-data/sealed.js';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { consentStatus } from './consent.rules.js';

/** A consent document with its evidence and withdrawal reason still sealed. */
type ConsentView = Record<string, unknown> & {
  status: string;
  evidence: Sealed | undefined;
  withdrawal?: Sealed;
};

export interface ConsentList {
  personId: string;
  consents: ConsentView[];
}

export class ListConsentsQuery extends PersonalDataQuery<ConsentList> {
  constructor(
    reader: ReadContext,
    readonly personId: string,
  ) {
    super(reader);
  }
}

/** The person's consents and refusals with their status at the time of the read. */
@QueryHandler(ListConsentsQuery)
export class ListConsentsHandler extends GuardedQueryHandler<ListConsentsQuery, ConsentList> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({ reader, personId }: ListConsentsQuery): GuardedRead<ConsentList> {
    return {
      scope: { kind: 'person', personId },
      roles: ['caseworker', 'privacy_officer'],
      categories: ['consents'],
      freshFrom: 'consents',
      load: async () => {
        const page = await this.readStore.find<ConsentDoc>(CONSENTS, {
          filter: { personId },
          sort: { field: 'validFrom', direction: 'asc' },
          limit: 500,
        });
        const consents = page.items.map(({ personal, withdrawalPersonal, ...consent }) => {
          const withdrawal = sealed(personId, withdrawalPersonal);
          return {
            ...consent,
            status:
              consent.kind === 'refused'
                ? 'refused'
                : consentStatus({ ...consent, validUntil: consent.validUntil! }, reader.at),
            evidence: sealed(personId, personal),
            ...(withdrawal ? { withdrawal } : {}),
          };
        });
        return { personId, consents };
      },
    };
  }
}
