import type { TransferEvent } from '../src/person-file/person-file.events.js';
import type { ProjectionDefinition } from './projection.js';

/** Every transfer attempt, allowed or refused, per person and per agency (Übermittlungsnachweis). */
export interface TransferDoc {
  [key: string]: unknown;
  transferId: string;
  personId: string;
  caseId?: string;
  fromAgency: string;
  toAgency: string;
  dataCategories: string[];
  purpose: string;
  legalBasis: string;
  allowed: boolean;
  reasons: string[];
  consentIds: string[];
  flaggedForDpo: boolean;
  requestedBy: string;
  at: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  personal?: unknown;
}

export const TRANSFERS = 'transfers';

export const transfersProjection: ProjectionDefinition<TransferEvent> = {
  name: 'transfers',
  version: 1,
  collections: [
    { name: TRANSFERS, indexes: ['personId', 'toAgency', 'fromAgency', 'requestedBy', 'at', 'allowed', 'legalBasis'] },
  ],
  eventTypes: ['DataTransferred', 'TransferRefused', 'TransferAcknowledged'],
  async apply(event, ctx) {
    if (event.type === 'TransferAcknowledged') {
      const { transferId, acknowledgedBy } = event.data;
      const doc = await ctx.get<TransferDoc>(TRANSFERS, transferId);
      if (!doc) return;
      ctx.put(TRANSFERS, transferId, {
        ...doc,
        acknowledgedAt: event.metadata.occurredAt,
        acknowledgedBy,
      });
      return;
    }
    const d = event.data;
    const { verdict } = d;
    const doc: TransferDoc = {
      transferId: d.transferId,
      personId: d.personId,
      ...(d.caseId ? { caseId: d.caseId } : {}),
      fromAgency: d.fromAgency,
      toAgency: d.toAgency,
      dataCategories: d.dataCategories,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      allowed: verdict.allowed,
      reasons: verdict.reasons,
      consentIds: verdict.consentIds,
      flaggedForDpo: verdict.flaggedForDpo,
      requestedBy: d.requestedBy,
      at: event.metadata.occurredAt,
      personal: d.personal,
    };
    ctx.put(TRANSFERS, d.transferId, doc);
  },
};
