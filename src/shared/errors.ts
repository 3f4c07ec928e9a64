/**
 * Domain and infrastructure errors; the HTTP layer maps each kind to one status code
 * (product rule 11): validation 400, forbidden 403, not found 404, gone 410, conflict 409, rule 422.
 */
export abstract class KimError extends Error {
  abstract readonly kind:
    'validation' | 'forbidden' | 'not-found' | 'gone' | 'conflict' | 'precondition' | 'rule' | 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One refused field: its path (e.g. `evidence.kind`), the English message, and the check that failed. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The check's name (class-validator constraint or our rule), for the German message. */
  check?: string;
  /** The German message, where the rule that refused wrote one itself. */
  de?: string;
}

export class ValidationError extends KimError {
  readonly kind = 'validation' as const;
  readonly problems: FieldProblem[];
  constructor(
    message: string,
    readonly fields: string[] = [],
    problems?: FieldProblem[],
  ) {
    super(message);
    this.problems = problems ?? fields.map((field) => ({ field, message }));
  }

  /** Every problem at once, each with its own message. */
  static of(problems: [field: string, message: string][]): ValidationError {
    return new ValidationError(
      problems.map(([field, message]) => `${field} ${message}`).join('; '),
      problems.map(([field]) => field),
      problems.map(([field, message]) => ({ field, message: `${field} ${message}` })),
    );
  }
}

/** 403; `reasons` name the rule that refused (e.g. 'no-need-to-know', 'person-restricted'). */
export class ForbiddenError extends KimError {
  readonly kind = 'forbidden' as const;
  constructor(
    message: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends KimError {
  readonly kind = 'not-found' as const;
}

/** The thing existed and is gone for good (410): an erased person's data. */
export class GoneError extends KimError {
  readonly kind = 'gone' as const;
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
  constructor(
    message: string,
    readonly reasons: string[] = [message],
  ) {
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
