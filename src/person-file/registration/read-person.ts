import { QueryHandler } from '@nestjs/cqrs';
import { PERSONS, type PersonDoc } from '../../../projections/persons.projection.js';
import type { ReadContext } from '../../http/request-context.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../../personal-data/personal-data-gate.js';
import { sealed, type Sealed } from '../../personal-data/sealed.js';
import { Inject } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port.js';
import { NotFoundError } from '../../shared/errors.js';
import type { ParticipationBasis } from '../person-file.events.js';

/** What a person's registration discloses (for the access log). */
export const PERSON_CATEGORIES = ['identity', 'residence-status', 'language-skills'];

export interface PersonView {
  personId: string;
  personal: Sealed | undefined;
  /** Rectifications (Art. 16 DSGVO), oldest first, each `{ changes, reason }` once opened. */
  corrections: (Sealed | undefined)[];
  disputedFields: string[];
  residenceStatusCode?: string;
  residenceValidUntil?: string;
  rechtskreis?: string;
  municipality: string;
  registeredAt: string;
  caseIds: string[];
  restricted: boolean;
  erased: boolean;
  /** The basis of the KI's own processing; its evidence reference or reason are inside `personal`. */
  participation: ParticipationBasis & { withdrawnAt?: string; recordedAt?: string };
  /** A basis recorded after the registration: its evidence or reason (`{ participation }`, sealed). */
  participationPersonal?: Sealed | undefined;
}

export class ReadPersonQuery extends PersonalDataQuery<PersonView> {
  constructor(
    reader: ReadContext,
    readonly personId: string,
  ) {
    super(reader);
  }
}

@QueryHandler(ReadPersonQuery)
export class ReadPersonHandler extends GuardedQueryHandler<ReadPersonQuery, PersonView> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({ personId }: ReadPersonQuery): GuardedRead<PersonView> {
    return {
      scope: { kind: 'person', personId },
      roles: ['caseworker', 'privacy_officer'],
      categories: PERSON_CATEGORIES,
      freshFrom: 'persons',
      load: async () => {
        const doc = await this.readStore.get<PersonDoc>(PERSONS, personId);
        if (!doc) throw new NotFoundError(`person ${personId} not found`);
        return {
          personId,
          personal: sealed(personId, doc.personal),
          corrections: (doc.corrections ?? []).map((c) => sealed(personId, c)),
          disputedFields: doc.disputedFields ?? [],
          ...(doc.residenceStatus ? { residenceStatusCode: doc.residenceStatus } : {}),
          ...(doc.residenceValidUntil ? { residenceValidUntil: doc.residenceValidUntil } : {}),
          ...(doc.rechtskreis ? { rechtskreis: doc.rechtskreis } : {}),
          municipality: doc.municipality,
          registeredAt: doc.registeredAt,
          caseIds: doc.caseIds,
          restricted: doc.restricted,
          erased: doc.erased,
          participation: {
            ...(doc.participation ?? { kind: 'not-recorded' }),
            ...(doc.participationWithdrawnAt ? { withdrawnAt: doc.participationWithdrawnAt } : {}),
            ...(doc.participationRecordedAt ? { recordedAt: doc.participationRecordedAt } : {}),
          },
          ...(doc.participationPersonal ? { participationPersonal: sealed(personId, doc.participationPersonal) } : {}),
        };
      },
    };
  }
}
