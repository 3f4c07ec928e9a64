import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/event-store/event-store.port.js';

/**
 * The little each store under comparison must do for B1, B2 and B4: append with an expected revision
 * (-1: the stream must not exist) and load a stream. Ours, the naive floor and the published peer each
 * get a thin adapter to this, so the same workload drives all three.
 */
export interface WriterStore {
  readonly name: string;
  /** Returns the revision of the last event written; rejects on a revision mismatch. */
  append(stream: string, events: NewEvent[], expectedRevision: number): Promise<number>;
  /** Loads a whole stream with parsed data and returns how many events it had. */
  load(stream: string): Promise<number>;
  close(): Promise<void>;
}

const SUMMARY = 'Beratung zu Sprachkurs, Anerkennung des Abschlusses und Wohnungssuche; '.repeat(8);

/** A case action shaped like CaseActionRecorded, ~700 bytes stored (data + metadata). */
export function benchEvent(caseId: string): NewEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: 'CaseActionRecorded',
    data: {
      caseId,
      personId: '5b1c7a0e-6a2f-4b8e-9d3f-1e2a3b4c5d6e',
      actionId: randomUUID(),
      actionType: 'counselling',
      actionDate: '2026-10-01',
      agencies: ['JOBCENTER_IP'],
      recordedBy: 'cw-01',
      personal: {
        alg: 'A256GCM',
        kid: 'k1',
        iv: 'AAAAAAAAAAAAAAAA',
        tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
        ct: SUMMARY.slice(0, 400),
      },
    },
    metadata: {
      schemaVersion: 1,
      commandId,
      correlationId: randomUUID(),
      causationId: commandId,
      actor: { sub: 'cw-01', role: 'caseworker', agency: 'KI' },
      purpose: 'case-management',
      occurredAt: new Date().toISOString(),
    },
  };
}

/** 1–3 events, as a command of the case cycle produces. */
export const commandEvents = (caseId: string, n: number) =>
  Array.from({ length: 1 + (n % 3) }, () => benchEvent(caseId));
