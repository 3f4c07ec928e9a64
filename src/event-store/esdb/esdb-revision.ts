import type { ExpectedRevision } from '../event-store.port.js';
import { assertNever } from '../../shared/decider.js';

/** The expected revision as EventStoreDB spells it; the strings equal the client's NO_STREAM etc. */
export type EsdbExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export function toEsdbExpectedRevision(expected: ExpectedRevision): EsdbExpectedRevision {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
    }
    return BigInt(expected);
  }
  switch (expected) {
    case 'no_stream':
    case 'stream_exists':
    case 'any':
      return expected;
    default:
      return assertNever(expected);
  }
}

/** Renders the client's expected or current revision (a bigint or a keyword) for ConcurrencyError. */
export const describeRevision = (revision: unknown): string =>
  typeof revision === 'bigint' ? revision.toString() : String(revision ?? 'unknown');

/** Stream revisions stay far below 2^53; a larger one means corrupt input, not a valid number. */
export function toRevisionNumber(revision: bigint): number {
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} exceeds 2^53`);
  return Number(revision);
}
