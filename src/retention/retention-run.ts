import type { ReadStore } from '../read-store/read-store.port.js';
import type { RetentionPolicy } from './retention-policy.js';
import { findDueForErasure, type RetentionCandidate } from './retention.js';

export interface RetentionErasure {
  personId: string;
  erasedAt: string;
  recipientsToNotify: string[];
}

export interface RetentionRunOptions {
  readStore: ReadStore;
  policy: RetentionPolicy;
  /** Pinned in tests; the command line passes the system time. */
  now: Date;
  /** Given only with `--erase --yes`: erases one person through the erasure service. */
  erase?: (candidate: RetentionCandidate) => Promise<RetentionErasure>;
}

export interface RetentionRunResult {
  due: RetentionCandidate[];
  erased: RetentionErasure[];
  failed: { personId: string; error: string }[];
}

/**
 * The core of `kim retention`: lists persons whose retention period has run out and, when asked, erases
 * them one by one. A failure is reported and the run goes on with the next person; the run can simply be
 * repeated, since an erased person is not due any more.
 */
export async function runRetention(options: RetentionRunOptions): Promise<RetentionRunResult> {
  const due = await findDueForErasure(options.readStore, options.policy, options.now);
  const result: RetentionRunResult = { due, erased: [], failed: [] };
  if (!options.erase) return result;
  for (const candidate of due) {
    try {
      result.erased.push(await options.erase(candidate));
    } catch (error) {
      result.failed.push({
        personId: candidate.personId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
