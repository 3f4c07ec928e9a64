import type { DomainEvent } from '../../shared/decider.js';

/**
 * Stream `integrity-<incidentId>`: an operator looked at a store that failed verification (or had no
 * witnessed checkpoint yet) and accepted it as it now stands, with a reason (product rule 9). The failures
 * stay on record: `verify` keeps naming them; the service writes again from the acknowledged state on.
 */
export type IntegrityIncidentAcknowledged = DomainEvent<
  'IntegrityIncidentAcknowledged',
  {
    incidentId: string;
    reason: string;
    /** The operator's account (KIM_OPERATOR or the login name). */
    operator: string;
    /** What verification found, capped; `failureCount` counts all of them. */
    failures: { position: string; reason: string }[];
    failureCount: number;
    /** The newest witnessed checkpoint the log still extended, if any. */
    lastGoodCheckpoint?: { position: string; time: string; root: string };
    /** False: the store had no witnessed checkpoint at all (first start after the upgrade, moved folder). */
    witnessed: boolean;
    eventsInStore: number;
  }
>;
