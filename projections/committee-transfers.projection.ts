import type { DataTransferred, TransferRefused } from '../src/person-file/person-file.events.js';
import { businessDate, COMMITTEE_COLLECTIONS as C, type TransferFactDoc } from '../src/reports/committee-documents.js';
import type { ProjectionDefinition } from './projection.js';

/** Transfers (Datenübermittlungen) for the committee: recipient, legal basis, and why refused ones were refused. */
export const committeeTransfersProjection: ProjectionDefinition<DataTransferred | TransferRefused> = {
  name: 'committee-transfers',
  version: 1,
  collections: [{ name: C.transfers, indexes: ['on', 'outcome'] }],
  eventTypes: ['DataTransferred', 'TransferRefused'],
  apply(event, ctx) {
    const d = event.data;
    const reasons = Array.isArray(d.verdict?.reasons) ? d.verdict.reasons.map((r) => String(r).split(':')[0]!) : [];
    const doc: TransferFactDoc = {
      transferId: d.transferId,
      outcome: event.type === 'DataTransferred' ? 'transferred' : 'refused',
      on: businessDate(event),
      toAgency: d.toAgency,
      legalBasis: d.legalBasis,
      reasons: [...new Set(reasons)],
    };
    ctx.put(C.transfers, doc.transferId, doc);
  },
};
