import type { RightsRequestEvent } from '../src/privacy/requests/rights-request.events.js';
import type { ProjectionDefinition } from './projection.js';

/** The register of data-subject requests (Art. 12 DSGVO): one row per request, with its deadline. */
export interface RightsRequestDoc {
  [key: string]: unknown;
  requestId: string;
  personId: string;
  kind: string;
  channel: string;
  receivedOn: string;
  dueOn: string;
  status: 'open' | 'closed';
  registeredBy: string;
  extension?: { months: number; reason: string; extendedBy: string };
  outcome?: string;
  closedOn?: string;
  closedBy?: string;
}

export const RIGHTS_REQUESTS = 'rights_requests';

export const rightsRequestsProjection: ProjectionDefinition<RightsRequestEvent> = {
  name: 'rights-requests',
  version: 1,
  collections: [{ name: RIGHTS_REQUESTS, indexes: ['personId', 'status', 'dueOn', 'kind', 'receivedOn'] }],
  eventTypes: ['RightsRequestReceived', 'RightsRequestExtended', 'RightsRequestClosed'],
  async apply(event, ctx) {
    if (event.type === 'RightsRequestReceived') {
      const { personId, requestId, kind, channel, receivedOn, dueOn, registeredBy } = event.data;
      ctx.put(RIGHTS_REQUESTS, requestId, {
        requestId,
        personId,
        kind,
        channel,
        receivedOn,
        dueOn,
        status: 'open',
        registeredBy,
      } satisfies RightsRequestDoc);
      return;
    }
    const doc = await ctx.get<RightsRequestDoc>(RIGHTS_REQUESTS, event.data.requestId);
    if (!doc) return;
    if (event.type === 'RightsRequestExtended') {
      const { months, reason, extendedBy, dueOn } = event.data;
      ctx.put(RIGHTS_REQUESTS, doc.requestId, { ...doc, dueOn, extension: { months, reason, extendedBy } });
      return;
    }
    const { outcome, closedOn, closedBy } = event.data;
    ctx.put(RIGHTS_REQUESTS, doc.requestId, { ...doc, status: 'closed', outcome, closedOn, closedBy });
  },
};
