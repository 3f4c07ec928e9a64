import type { RecordedEvent } from '../src/event-store/event-store.port.js';
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
}

export const PERSONS = 'persons';

const addOnce = (list: string[], value: string) => (list.includes(value) ? list : [...list, value]);

export const personsProjection: ProjectionDefinition = {
  name: 'persons',
  version: 1,
  collections: [{ name: PERSONS, indexes: ['registeredBy', 'municipality', 'caseworkers', 'registeredAt'] }],
  eventTypes: [
    'PersonRegistered',
    'PersonRestricted',
    'PersonRestrictionLifted',
    'PersonErased',
    'CaseOpened',
    'CaseAssigned',
  ],
  async apply(event: RecordedEvent, ctx) {
    const data = event.data as Record<string, unknown> & { personId: string };
    if (event.type === 'PersonRegistered') {
      const residue = data.residue as { municipality: string };
      const doc: PersonDoc = {
        personId: data.personId,
        registeredBy: String(data.registeredBy),
        registeredAt: event.metadata.occurredAt,
        municipality: residue.municipality,
        residue,
        personal: data.personal,
        caseworkers: [],
        caseIds: [],
        restricted: false,
        erased: false,
        revision: event.revision,
      };
      ctx.put(PERSONS, data.personId, doc);
      return;
    }
    const doc = await ctx.get<PersonDoc>(PERSONS, data.personId);
    if (!doc) return;
    switch (event.type) {
      case 'PersonRestricted':
      case 'PersonRestrictionLifted':
        doc.restricted = event.type === 'PersonRestricted';
        doc.revision = event.revision;
        break;
      case 'PersonErased':
        doc.erased = true;
        doc.erasedAt = event.metadata.occurredAt;
        doc.revision = event.revision;
        break;
      case 'CaseOpened':
        doc.caseIds = addOnce(doc.caseIds, String(data.caseId));
        doc.caseworkers = addOnce(doc.caseworkers, String(data.openedBy));
        break;
      case 'CaseAssigned':
        doc.caseworkers = addOnce(doc.caseworkers, String(data.caseworkerId));
        break;
    }
    ctx.put(PERSONS, data.personId, doc);
  },
};
