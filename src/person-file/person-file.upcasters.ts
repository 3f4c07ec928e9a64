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

export const PERSON_FILE_UPCASTERS: Record<string, Upcaster> = {
  DataTransferred: upcastTransfer,
  TransferRefused: upcastTransfer,
  ConsentGranted: (data, fromVersion) => (fromVersion >= 3 || 'informed' in data ? data : { ...data, informed: null }),
};
