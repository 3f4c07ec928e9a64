/**
 * Pure rules of the resuming subscription, kept apart so they can be tested without a server.
 */

/** After a reconnect the server may send again what was already delivered: skip it. */
export const isAlreadyDelivered = (position: bigint, lastDelivered: bigint | undefined): boolean =>
  lastDelivered !== undefined && position <= lastDelivered;

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5_000 };

/**
 * Exponential backoff, capped so a subscription retries at least every `maxMs` while the server is
 * away. `random` in [0, 1) spreads the reconnects of several API instances (full jitter in the upper half).
 */
export function reconnectDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = 0.5): number {
  const exponential = policy.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  const capped = Math.min(exponential, policy.maxMs);
  return Math.round(capped / 2 + (capped / 2) * random);
}
