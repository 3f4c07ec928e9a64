import type { Upcaster } from '../event-sourcing/event-codec.js';

/**
 * Schema 3 (issue 14, lawful transfers). Stored events are never rewritten; older shapes are lifted when read.
 *
 * - DataTransferred / TransferRefused of schema < 3 were decided by the flat v1 list: their basis keeps its
 *   old code (e.g. 'SGB X §71') with no norm or row, the conditions checked are not known (empty), and
 *   they answered no request. Old recipient codes (SOZIALAMT, WOHLFAHRTSVERBAND) stay as they are; the
 *   catalogue marks them legacy and every label reads "nicht näher bezeichnet".
 * - ConsentGranted of schema < 3 documented no information given to the person: `informed` is null, so
 *   the consent stays readable but carries no transfer any more (docs/legal-bases.md, point 18).
 */
const upcastTransfer: Upcaster = (data, fromVersion) => {
  if (fromVersion >= 3) return data;
  const verdict = (data.verdict ?? {}) as Record<string, unknown>;
  const allowed = verdict.allowed === true;
  return {
    ...data,
    request: data.request ?? null,
    attestations: data.attestations ?? [],
    provenance: data.provenance ?? [],
    verdict: {
      outcome: allowed ? 'allowed' : 'refused',
      basis: { code: data.legalBasis, norm: null, title: null },
      regime: null,
      conditions: [],
      failedConditions: [],
      approval: { required: false, approverRoles: [], approvedBy: null },
      ...verdict,
      allowed,
      reasons: Array.isArray(verdict.reasons) ? verdict.reasons : [],
      consentIds: Array.isArray(verdict.consentIds) ? verdict.consentIds : [],
      flaggedForDpo: verdict.flaggedForDpo === true,
    },
  };
};

/**
 * Schema 4 (issue 14 item 5). PersonRegistered of schema < 4 was recorded before the basis of the KI's own
 * processing was required: it reads as `not-recorded` ("vor Erfassung der Verarbeitungsgrundlage") — a basis
 * is never invented. ConsentGranted of schema < 4 carries no provenance tags: none.
 */
const upcastRegistration: Upcaster = (data, fromVersion) =>
  fromVersion >= 4 || data.participation !== undefined ? data : { ...data, participation: { kind: 'not-recorded' } };

export const PERSON_FILE_UPCASTERS: Record<string, Upcaster> = {
  PersonRegistered: upcastRegistration,
  DataTransferred: upcastTransfer,
  TransferRefused: upcastTransfer,
  ConsentGranted: (data, fromVersion) => {
    const informed = fromVersion >= 3 || 'informed' in data ? data : { ...data, informed: null };
    return fromVersion >= 4 || informed.provenance !== undefined ? informed : { ...informed, provenance: [] };
  },
};
