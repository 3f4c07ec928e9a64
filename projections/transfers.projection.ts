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

export const transfersProjection: ProjectionDefinition = {
  name: 'transfers',
  version: 1,
  collections: [
    { name: TRANSFERS, indexes: ['personId', 'toAgency', 'fromAgency', 'requestedBy', 'at', 'allowed', 'legalBasis'] },
  ],
  eventTypes: ['DataTransferred', 'TransferRefused', 'TransferAcknowledged'],
  async apply(event, ctx) {
    const d = event.data as Record<string, unknown> & { transferId: string; personId: string };
    if (event.type === 'TransferAcknowledged') {
      const doc = await ctx.get<TransferDoc>(TRANSFERS, d.transferId);
      if (!doc) return;
      ctx.put(TRANSFERS, d.transferId, {
        ...doc,
        acknowledgedAt: event.metadata.occurredAt,
        acknowledgedBy: String(d.acknowledgedBy),
      });
      return;
    }
    const verdict = d.verdict as { allowed: boolean; reasons: string[]; consentIds: string[]; flaggedForDpo: boolean };
    const doc: TransferDoc = {
      transferId: d.transferId,
      personId: d.personId,
      ...(d.caseId ? { caseId: String(d.caseId) } : {}),
      fromAgency: String(d.fromAgency),
      toAgency: String(d.toAgency),
      dataCategories: d.dataCategories as string[],
      purpose: String(d.purpose),
      legalBasis: String(d.legalBasis),
      allowed: verdict.allowed,
      reasons: verdict.reasons,
      consentIds: verdict.consentIds,
      flaggedForDpo: verdict.flaggedForDpo,
      requestedBy: String(d.requestedBy),
      at: event.metadata.occurredAt,
      personal: d.personal,
    };
    ctx.put(TRANSFERS, d.transferId, doc);
  },
};
