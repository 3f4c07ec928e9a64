import type { ConsentEvent } from '../src/person-file/person-file.events.js';
import {
  businessDate,
  COMMITTEE_COLLECTIONS as C,
  germanDate,
  type ConsentFactDoc,
} from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

/** Consents for the committee: recorded (granted or refused), withdrawn, and when they run out. */
export const committeeConsentsProjection: ProjectionDefinition<ConsentEvent> = {
  name: 'committee-consents',
  version: 1,
  collections: [{ name: C.consents, indexes: ['recordedOn', 'validUntil', 'withdrawnOn', 'outcome'] }],
  eventTypes: ['ConsentGranted', 'ConsentRefused', 'ConsentWithdrawn'],
  async apply(event, ctx) {
    const { consentId } = event.data;
    const existing = await ctx.get<ConsentFactDoc>(C.consents, consentId);
    switch (event.type) {
      case 'ConsentGranted':
      case 'ConsentRefused': {
        const doc: ConsentFactDoc = {
          ...existing,
          consentId,
          outcome: event.type === 'ConsentGranted' ? 'granted' : 'refused',
          recordedOn: businessDate(event),
          ...(event.type === 'ConsentGranted' && typeof event.data.validUntil === 'string'
            ? { validUntil: germanDate(event.data.validUntil) }
            : {}),
        };
        ctx.put(C.consents, consentId, doc);
        return;
      }
      case 'ConsentWithdrawn':
        // A withdrawal of a consent this projection never saw granted counts nowhere.
        if (!existing || existing.withdrawnOn !== undefined) return;
        ctx.put(C.consents, consentId, { ...existing, withdrawnOn: businessDate(event) });
        return;
    }
  },
};
