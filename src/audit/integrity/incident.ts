import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../event-store/event-store.port.js';
import type { ChainState } from '../../event-store/hash-chain.js';
import type { LedgerIntegrity } from './ledger-integrity.js';
import type { IntegrityIncidentAcknowledged } from './integrity.events.js';

export interface AcknowledgeOptions {
  reason: string;
  operator: string;
  now: Date;
  /** Acknowledge even when verification finds nothing (to re-anchor after moving a witness, say). */
  force?: boolean;
  /** The chain as the store records it once the incident event is in. */
  stateAfterAppend: () => Promise<ChainState>;
}

export type AcknowledgeResult =
  | { acknowledged: false; message: string }
  | { acknowledged: true; incidentId: string; position: string; failures: number; note: string };

const MAX_LISTED = 50;

/**
 * `kim incident acknowledge`: records the incident as an event (what verification found, who accepted it
 * and why), then witnesses an acknowledgement — a checkpoint of the store as it now stands that names the
 * failed rows it accepts. From then on the service writes again; verification still reports the incident,
 * and finds any later tampering as before. Runs on a store opened without the write gate.
 */
export async function acknowledgeIncident(
  integrity: LedgerIntegrity,
  store: EventStore,
  options: AcknowledgeOptions,
): Promise<AcknowledgeResult> {
  if (options.reason.trim().length < 10) throw new Error('--reason must say in at least 10 characters what happened');
  const { verification, walk, evidence } = await integrity.inspect(undefined, true);
  const failures = walk.acknowledged;
  const witnessed = evidence.notes.length > 0;
  if (failures.length === 0 && witnessed && !options.force) {
    return {
      acknowledged: false,
      message: 'the log verifies against its witness: there is no incident to acknowledge',
    };
  }
  const incidentId = randomUUID();
  const event: IntegrityIncidentAcknowledged = {
    type: 'IntegrityIncidentAcknowledged',
    data: {
      incidentId,
      reason: options.reason,
      operator: options.operator,
      failures: failures.slice(0, MAX_LISTED).map((f) => ({ position: String(f.position), reason: f.reason })),
      failureCount: failures.length,
      ...(verification.checkpoint
        ? {
            lastGoodCheckpoint: {
              position: verification.checkpoint.position,
              time: verification.checkpoint.time,
              root: verification.checkpoint.root,
            },
          }
        : {}),
      witnessed,
      eventsInStore: verification.events,
    },
  };
  await store.appendToStream(
    `integrity-${incidentId}`,
    [
      {
        id: incidentId,
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: {
          schemaVersion: 1,
          commandId: incidentId,
          correlationId: incidentId,
          causationId: incidentId,
          actor: { sub: options.operator, role: 'admin', agency: 'KI' },
          purpose: 'integrity-incident',
          occurredAt: options.now.toISOString(),
        },
      },
    ],
    'no_stream',
  );
  const state = await options.stateAfterAppend();
  const rows = [...new Set(failures.filter((f) => f.kind === 'row').map((f) => f.position))].sort((a, b) =>
    a < b ? -1 : 1,
  );
  const note = await integrity.publish({
    kind: 'acknowledgement',
    state,
    acknowledges: rows,
    reason: options.reason,
    incident: incidentId,
  });
  return {
    acknowledged: true,
    incidentId,
    position: String(state.position),
    failures: failures.length,
    note: note.text,
  };
}
