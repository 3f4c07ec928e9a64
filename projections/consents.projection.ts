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
  /** Ciphertext envelopes: evidence reference, representative, withdrawal reason. */
  personal?: unknown;
  withdrawalPersonal?: unknown;
}

export const CONSENTS = 'consents';

export const consentsProjection: ProjectionDefinition = {
  name: 'consents',
  version: 1,
  collections: [{ name: CONSENTS, indexes: ['personId', 'validFrom', 'validUntil'] }],
  eventTypes: ['ConsentGranted', 'ConsentRefused', 'ConsentWithdrawn'],
  async apply(event, ctx) {
    const d = event.data as Record<string, unknown> & { personId: string; consentId: string };
    if (event.type === 'ConsentWithdrawn') {
      const doc = await ctx.get<ConsentDoc>(CONSENTS, d.consentId);
      if (!doc) return;
      ctx.put(CONSENTS, d.consentId, { ...doc, withdrawnAt: String(d.withdrawnAt), withdrawalPersonal: d.personal });
      return;
    }
    const granted = event.type === 'ConsentGranted';
    const doc: ConsentDoc = {
      consentId: d.consentId,
      personId: d.personId,
      kind: granted ? 'granted' : 'refused',
      recipients: d.recipients as string[],
      dataCategories: d.dataCategories as string[],
      purposes: d.purposes as string[],
      validFrom: granted ? String(d.validFrom) : event.metadata.occurredAt,
      declaredBy: String(d.declaredBy),
      interpreterPresent: Boolean(d.interpreterPresent),
      recordedBy: String(d.recordedBy),
      ...(granted
        ? {
            validUntil: String(d.validUntil),
            mutual: Boolean(d.mutual),
            evidenceKind: String(d.evidenceKind),
            personal: d.personal,
          }
        : {}),
    };
    ctx.put(CONSENTS, d.consentId, doc);
  },
};
