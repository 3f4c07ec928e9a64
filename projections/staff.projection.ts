import type { StaffEvent } from '../src/staff/staff.events.js';
import type { ProjectionDefinition } from './projection.js';

/** The staff register as the team lead reads it (GET /staff). Employee data only. */
export interface StaffDoc {
  [key: string]: unknown;
  caseworkerId: string;
  provider: string;
  fte: number;
  baustein: number;
  activeFrom?: string;
  activeUntil?: string;
  recordedAt: string;
}

export const STAFF = 'staff';

export const staffProjection: ProjectionDefinition<StaffEvent> = {
  name: 'staff',
  version: 1,
  collections: [{ name: STAFF, indexes: ['provider', 'baustein'] }],
  eventTypes: ['StaffMemberRecorded'],
  apply(event, ctx) {
    const { recordedBy: _by, ...profile } = event.data;
    ctx.put(STAFF, profile.caseworkerId, { ...profile, recordedAt: event.metadata.occurredAt });
  },
};
