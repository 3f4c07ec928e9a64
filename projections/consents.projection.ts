import type { ConsentEvent } from '../src/person-file/person-file.events.js';
import type { ProjectionDefinition } from './projection.js';

/** The consent register (Einwilligungen) of each person: one document per consent or refusal. */
export interface ConsentDoc {
  [key: string]: unknown;
  consentId: string;
  personId: string;
  kind: 'granted' | 'refused';
  recipients: string[];
  dataCategories: string[];
  purposes: string[];
  validFrom: string;
  validUntil?: string;
  mutual?: boolean;
  declaredBy: string;
  interpreterPresent: boolean;
  evidenceKind?: string;
  recordedBy: string;
  withdrawnAt?: string;
  /** Provenance tags of the consent (schema 4; absent: none). */
  provenance?: { tag: string; entrustedBy?: string }[];
  /** Ciphertext envelopes: evidence reference, representative, withdrawal reason. */
  personal?: unknown;
  withdrawalPersonal?: unknown;
}

export const CONSENTS = 'consents';

export const consentsProjection: ProjectionDefinition<ConsentEvent> = {
  name: 'consents',
  version: 1,
  collections: [{ name: CONSENTS, indexes: ['personId', 'validFrom', 'validUntil'] }],
  eventTypes: ['ConsentGranted', 'ConsentRefused', 'ConsentWithdrawn'],
  async apply(event, ctx) {
    const { consentId, personId } = event.data;
    if (event.type === 'ConsentWithdrawn') {
      const doc = await ctx.get<ConsentDoc>(CONSENTS, consentId);
      if (!doc) return;
      ctx.put(CONSENTS, consentId, {
        ...doc,
        withdrawnAt: event.data.withdrawnAt,
        withdrawalPersonal: event.data.personal,
      });
      return;
    }
    const d = event.data;
    const doc: ConsentDoc = {
      consentId,
      personId,
      kind: event.type === 'ConsentGranted' ? 'granted' : 'refused',
      recipients: d.recipients,
      dataCategories: d.dataCategories,
      purposes: d.purposes,
      validFrom: event.type === 'ConsentGranted' ? event.data.validFrom : event.metadata.occurredAt,
      declaredBy: d.declaredBy,
      interpreterPresent: Boolean(d.interpreterPresent),
      recordedBy: d.recordedBy,
      ...(event.type === 'ConsentGranted'
        ? {
            validUntil: event.data.validUntil,
            mutual: Boolean(event.data.mutual),
            evidenceKind: event.data.evidenceKind,
            ...(event.data.provenance?.length
              ? {
                  provenance: event.data.provenance.map(({ tag, entrustedBy }) => ({
                    tag,
                    ...(entrustedBy ? { entrustedBy } : {}),
                  })),
                }
              : {}),
            personal: event.data.personal,
          }
        : {}),
    };
    ctx.put(CONSENTS, consentId, doc);
  },
};
