import type { DeputyAccessGranted } from '../src/person-file/person-file.events.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * Vertretungen as the team lead lists them (GET /deputy-grants): who may work on which person or case
 * until when. Pseudonymous facts only: the reason may describe the person and stays sealed in the log.
 */
export type DeputyGrantDoc = Omit<DeputyAccessGranted['data'], 'personal'> & {
  [key: string]: unknown;
  grantedAt: string;
};

export const DEPUTY_GRANTS = 'deputy_grants';

export const deputyGrantsProjection: ProjectionDefinition<DeputyAccessGranted> = {
  name: 'deputy-grants',
  version: 1,
  collections: [{ name: DEPUTY_GRANTS, indexes: ['until', 'caseworkerId'] }],
  eventTypes: ['DeputyAccessGranted'],
  apply(event, ctx) {
    const { personal: _sealed, ...grant } = event.data;
    ctx.put(DEPUTY_GRANTS, grant.grantId, { ...grant, grantedAt: event.metadata.occurredAt });
  },
};
