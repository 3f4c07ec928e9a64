import type { ConditionResult } from '../src/legal-basis/transfer-verdict.js';
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
  /** The norm of the matrix row cited; null for transfers decided before the matrix (schema < 3). */
  norm: string | null;
  status: 'delivered' | 'refused' | 'awaiting-approval' | 'rejected';
  /** Delivered: only these are visible to the recipient agency. */
  allowed: boolean;
  failedConditions: string[];
  /** Every condition checked, held or failed (empty for transfers decided before the matrix). */
  conditions: ConditionResult[];
  request: { authority: string; reference: string; receivedOn: string } | null;
  reasons: string[];
  consentIds: string[];
  flaggedForDpo: boolean;
  requestedBy: string;
  at: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  approvedBy?: string;
  rejectedBy?: string;
  personal?: unknown;
}

export const TRANSFERS = 'transfers';

const STATUS = {
  DataTransferred: 'delivered',
  TransferRefused: 'refused',
  TransferAwaitingApproval: 'awaiting-approval',
} as const;

export const transfersProjection: ProjectionDefinition<TransferEvent> = {
  name: 'transfers',
  version: 3, // 3: status is a column (the team lead's four-eyes queue filters on it)
  collections: [
    {
      name: TRANSFERS,
      indexes: ['personId', 'toAgency', 'fromAgency', 'requestedBy', 'at', 'allowed', 'legalBasis', 'status'],
    },
  ],
  eventTypes: [
    'DataTransferred',
    'TransferRefused',
    'TransferAwaitingApproval',
    'TransferRejected',
    'TransferAcknowledged',
  ],
  async apply(event, ctx) {
    if (event.type === 'TransferRejected') {
      const doc = await ctx.get<TransferDoc>(TRANSFERS, event.data.transferId);
      if (doc) ctx.put(TRANSFERS, doc.transferId, { ...doc, status: 'rejected', rejectedBy: event.data.rejectedBy });
      return;
    }
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
      norm: verdict.basis.norm,
      status: STATUS[event.type],
      allowed: verdict.allowed,
      failedConditions: verdict.failedConditions,
      conditions: verdict.conditions,
      request: d.request,
      ...(verdict.approval.approvedBy ? { approvedBy: verdict.approval.approvedBy } : {}),
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
