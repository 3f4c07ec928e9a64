import type { DomainEvent } from '../shared/decider.js';

/**
 * Stream `access-<correlationId>`: one per request. Product rule 4: written before the response leaves.
 * A list response names every person shown, so "who saw person X" is answered completely.
 * Actor, role and agency are in the event metadata.
 */
export type PersonalDataAccessed = DomainEvent<
  'PersonalDataAccessed',
  {
    personIds: string[];
    dataCategories: string[];
    purpose: string;
    endpoint: string;
    method: string;
    /** Since v2: why the reader could see each person (e.g. 'assigned', 'deputy', 'privacy-officer'). */
    grounds?: Record<string, string>;
    /** The console page behind the API call, when the console made it (issue 18). */
    page?: string;
  }
>;

/** Stream `security-<correlationId>`: a refused request (401/403), for the DPO. */
export type AccessDenied = DomainEvent<
  'AccessDenied',
  { status: 401 | 403; endpoint: string; method: string; reason: string; sub?: string; personIds: string[] }
>;

export type AccessEvent = PersonalDataAccessed | AccessDenied;
