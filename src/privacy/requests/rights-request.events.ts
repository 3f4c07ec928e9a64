import type { DomainEvent } from '../../shared/decider.js';

/**
 * Stream `rights-request-<requestId>`: one data-subject request in the register (Art. 12 DSGVO). A stream
 * of its own, not the person's: the register must outlive the person's erasure (the erasure request is
 * itself closed after it) and shows the DPO when each request was answered. Pseudonymous: ids, codes,
 * dates; the extension reason is stored in the clear, so it names no personal details.
 */
export const RIGHTS_REQUEST_KINDS = ['access', 'rectification', 'erasure', 'restriction', 'objection'] as const;
export type RightsRequestKind = (typeof RIGHTS_REQUEST_KINDS)[number];

export const RIGHTS_REQUEST_CHANNELS = ['letter', 'email', 'in-person', 'phone', 'online'] as const;
export type RightsRequestChannel = (typeof RIGHTS_REQUEST_CHANNELS)[number];

export const RIGHTS_REQUEST_OUTCOMES = ['granted', 'partially-granted', 'refused', 'withdrawn'] as const;
export type RightsRequestOutcome = (typeof RIGHTS_REQUEST_OUTCOMES)[number];

export type RightsRequestReceived = DomainEvent<
  'RightsRequestReceived',
  {
    requestId: string;
    personId: string;
    kind: RightsRequestKind;
    channel: RightsRequestChannel;
    /** Calendar date the request reached the KI (YYYY-MM-DD): the one-month period starts here. */
    receivedOn: string;
    /** Art. 12(3) DSGVO: one month (§§ 187 Abs. 1, 188 Abs. 2 BGB). */
    dueOn: string;
    registeredBy: string;
  }
>;

/** Art. 12(3) S. 2: extended by up to two further months where necessary, with the reason. */
export type RightsRequestExtended = DomainEvent<
  'RightsRequestExtended',
  { requestId: string; personId: string; months: number; dueOn: string; reason: string; extendedBy: string }
>;

export type RightsRequestClosed = DomainEvent<
  'RightsRequestClosed',
  { requestId: string; personId: string; outcome: RightsRequestOutcome; closedOn: string; closedBy: string }
>;

export type RightsRequestEvent = RightsRequestReceived | RightsRequestExtended | RightsRequestClosed;
