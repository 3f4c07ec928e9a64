/**
 * Domain and infrastructure errors; the HTTP layer maps each kind to one status code
 * (product rule 9): validation 400, forbidden 403, not found 404, conflict 409, rule 422.
 */
export abstract class KimError extends Error {
  abstract readonly kind: 'validation' | 'forbidden' | 'not-found' | 'conflict' | 'precondition' | 'rule' | 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends KimError {
  readonly kind = 'validation' as const;
  constructor(message: string, readonly fields: string[] = []) {
    super(message);
  }
}

export class ForbiddenError extends KimError {
  readonly kind = 'forbidden' as const;
}

export class NotFoundError extends KimError {
  readonly kind = 'not-found' as const;
}

/** A business conflict such as the caseload limit (409). */
export class ConflictError extends KimError {
  readonly kind = 'conflict' as const;
}

/** The client's If-Match revision is stale (412). */
export class PreconditionFailedError extends KimError {
  readonly kind = 'precondition' as const;
}

/** A rule of the product forbids the command (422); `reasons` are machine-readable codes. */
export class RuleViolationError extends KimError {
  readonly kind = 'rule' as const;
  constructor(message: string, readonly reasons: string[] = [message]) {
    super(message);
  }
}

/**
 * A store could not do its job (disk full, read-only file, lost connection): 503, so a client retries
 * later and an operator sees which dependency failed. Nothing was written (appends are atomic).
 */
export class StoreUnavailableError extends KimError {
  readonly kind = 'unavailable' as const;
  constructor(
    readonly store: 'event store' | 'read store',
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${store} unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.cause = cause;
  }
}

/** The stream moved on since it was read: the expected revision did not match. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${streamName}: expected revision ${expected}, actual ${actual}`);
    this.name = 'ConcurrencyError';
  }
}
