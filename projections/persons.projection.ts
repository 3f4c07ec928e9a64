import type { CaseAssigned, CaseOpened } from '../src/case-management/case.events.js';
import type {
  ParticipationBasis,
  ParticipationBasisRecorded,
  ParticipationConsentWithdrawn,
  PersonDataDisputed,
  PersonDataRectified,
  PersonErased,
  PersonRegistered,
  PersonRestricted,
  PersonRestrictionLifted,
  RechtskreisRecorded,
  ResidenceStatusRecorded,
} from '../src/person-file/person-file.events.js';
import { nationalityGroup } from '../src/reports/nationality-groups.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * One document per person: pseudonymous facts in the clear, personal details as the ciphertext envelope
 * from the event (decrypted only when an authorised read is logged), and who may see the person
 * (need to know, rule 6): the caseworker who registered them and every caseworker on one of their cases.
 */
export interface PersonDoc {
  [key: string]: unknown;
  personId: string;
  registeredBy: string;
  registeredAt: string;
  municipality: string;
  residue: Record<string, unknown>;
  personal: unknown;
  caseworkers: string[];
  caseIds: string[];
  restricted: boolean;
  erased: boolean;
  erasedAt?: string;
  revision: number;
  /** v2: each rectification's ciphertext envelope (`{ changes, reason }`), oldest first; opened by the gate. */
  corrections?: unknown[];
  /** v2: fields the person disputes (Art. 18(1)(a) DSGVO). */
  disputedFields?: string[];
  /** v2: the coded residence status and its end date (Wiedervorlage), and the Rechtskreis. */
  residenceStatus?: string;
  residenceValidUntil?: string;
  rechtskreis?: string;
  /**
   * The basis of the KI's own processing (issue 14 item 5); absent on documents of registrations recorded
   * before it was required — read as `not-recorded`, never as a basis.
   */
  participation?: ParticipationBasis;
  /** Art. 7(3) DSGVO: the participation consent was withdrawn. */
  participationWithdrawnAt?: string;
  /** A basis recorded after the registration: when, and its ciphertext envelope (evidence or reason). */
  participationRecordedAt?: string;
  participationPersonal?: unknown;
}

export const PERSONS = 'persons';

function coarsened(residue: Record<string, unknown>): Record<string, unknown> {
  const { nationality, ...rest } = residue;
  return typeof nationality === 'string' ? { ...rest, nationalityGroup: nationalityGroup(nationality) } : residue;
}

const addOnce = (list: string[], value: string) => (list.includes(value) ? list : [...list, value]);

type PersonsEvent =
  | PersonRegistered
  | ParticipationConsentWithdrawn
  | ParticipationBasisRecorded
  | PersonRestricted
  | PersonRestrictionLifted
  | PersonErased
  | CaseOpened
  | CaseAssigned
  | PersonDataRectified
  | PersonDataDisputed
  | ResidenceStatusRecorded
  | RechtskreisRecorded;

export const personsProjection: ProjectionDefinition<PersonsEvent> = {
  name: 'persons',
  // 2: an erased person's residue keeps the nationality group, not the country (issue 15 item 9).
  // 3: the participation basis (issue 14 item 5); a rebuild gives older registrations `not-recorded`.
  version: 3,
  collections: [{ name: PERSONS, indexes: ['registeredBy', 'municipality', 'caseworkers', 'registeredAt'] }],
  eventTypes: [
    'PersonRegistered',
    'ParticipationConsentWithdrawn',
    'ParticipationBasisRecorded',
    'PersonRestricted',
    'PersonRestrictionLifted',
    'PersonErased',
    'CaseOpened',
    'CaseAssigned',
    'PersonDataRectified',
    'PersonDataDisputed',
    'ResidenceStatusRecorded',
    'RechtskreisRecorded',
  ],
  async apply(event, ctx) {
    const personId = event.data.personId;
    if (event.type === 'PersonRegistered') {
      const { residue } = event.data;
      const doc: PersonDoc = {
        personId,
        registeredBy: event.data.registeredBy,
        registeredAt: event.metadata.occurredAt,
        municipality: residue.municipality,
        residue: { ...residue },
        personal: event.data.personal,
        // applyBatch upcasts a registration of schema < 4 to `not-recorded`; a test harness may not.
        participation: event.data.participation ?? { kind: 'not-recorded' },
        caseworkers: [],
        caseIds: [],
        restricted: false,
        erased: false,
        revision: event.revision,
      };
      ctx.put(PERSONS, personId, doc);
      return;
    }
    const doc = await ctx.get<PersonDoc>(PERSONS, personId);
    if (!doc) return;
    switch (event.type) {
      case 'PersonRestricted':
      case 'PersonRestrictionLifted':
        doc.restricted = event.type === 'PersonRestricted';
        doc.revision = event.revision;
        break;
      case 'PersonErased':
        doc.erased = true;
        // One nationality in a small town can single a person out: after erasure only its group remains.
        doc.residue = coarsened(doc.residue);
        doc.erasedAt = event.metadata.occurredAt;
        doc.revision = event.revision;
        break;
      case 'CaseOpened':
        doc.caseIds = addOnce(doc.caseIds, event.data.caseId);
        doc.caseworkers = addOnce(doc.caseworkers, event.data.openedBy);
        break;
      case 'CaseAssigned':
        doc.caseworkers = addOnce(doc.caseworkers, event.data.caseworkerId);
        break;
      case 'PersonDataRectified':
        doc.corrections = [...(doc.corrections ?? []), event.data.personal];
        doc.disputedFields = (doc.disputedFields ?? []).filter((f) => !event.data.fields.includes(f));
        doc.revision = event.revision;
        break;
      case 'PersonDataDisputed':
        doc.disputedFields = [...new Set([...(doc.disputedFields ?? []), ...event.data.fields])];
        doc.revision = event.revision;
        break;
      case 'ResidenceStatusRecorded':
        doc.residenceStatus = event.data.status;
        if (event.data.validUntil) doc.residenceValidUntil = event.data.validUntil;
        else delete doc.residenceValidUntil;
        doc.revision = event.revision;
        break;
      case 'RechtskreisRecorded':
        doc.rechtskreis = event.data.rechtskreis;
        doc.revision = event.revision;
        break;
      case 'ParticipationConsentWithdrawn':
        doc.participationWithdrawnAt = event.data.withdrawnAt;
        doc.revision = event.revision;
        break;
      case 'ParticipationBasisRecorded':
        doc.participation = event.data.participation;
        delete doc.participationWithdrawnAt;
        doc.participationRecordedAt = event.metadata.occurredAt;
        doc.participationPersonal = event.data.personal;
        doc.revision = event.revision;
        break;
    }
    ctx.put(PERSONS, personId, doc);
  },
};
