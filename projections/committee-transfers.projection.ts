import { businessDate, COMMITTEE_COLLECTIONS as C, type TransferFactDoc } from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

/** Transfers (Datenübermittlungen) for the committee: recipient, legal basis, and why refused ones were refused. */
export const committeeTransfersProjection: ProjectionDefinition = {
  name: 'committee-transfers',
  version: 1,
  collections: [{ name: C.transfers, indexes: ['on', 'outcome'] }],
  eventTypes: ['DataTransferred', 'TransferRefused'],
  apply(event, ctx) {
    const verdict = (event.data.verdict ?? {}) as { reasons?: unknown };
    const reasons = Array.isArray(verdict.reasons) ? verdict.reasons.map((r) => String(r).split(':')[0]!) : [];
    const doc: TransferFactDoc = {
      transferId: String(event.data.transferId),
      outcome: event.type === 'DataTransferred' ? 'transferred' : 'refused',
      on: businessDate(event),
      toAgency: String(event.data.toAgency),
      legalBasis: String(event.data.legalBasis),
      reasons: [...new Set(reasons)],
    };
    ctx.put(C.transfers, doc.transferId, doc);
  },
};
