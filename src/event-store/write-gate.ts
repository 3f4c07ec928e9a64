import { KimError } from '../shared/errors.js';

/**
 * Product rule 9: on a store that does not extend its last witnessed checkpoint, the service refuses to
 * write — every append, the access log's included — until an operator has looked and acknowledged the
 * incident (`npm run kim -- incident acknowledge --reason "…"`). Answered 503, German and English.
 */
export class IntegrityRefusedError extends KimError {
  readonly kind = 'unavailable' as const;
  constructor(readonly reason: string) {
    super(
      `Schreibzugriff gesperrt: Der Ereignisspeicher setzt den zuletzt bezeugten Prüfpunkt nicht fort oder ist nicht bezeugt (${reason}). ` +
        'Es wurde nichts gespeichert. Ein Administrator muss den Vorfall prüfen (npm run kim -- verify) und ihn mit ' +
        'npm run kim -- incident acknowledge --reason "…" bestätigen. / ' +
        `Writes refused: the event store does not extend its last witnessed checkpoint or is not witnessed (${reason}). ` +
        'Nothing was recorded. An operator must examine the incident (npm run kim -- verify) and acknowledge it with ' +
        'npm run kim -- incident acknowledge --reason "…".',
    );
  }
}

export type GateState = { open: true } | { open: false; reason: string; since: string; pending?: boolean };

/**
 * Shared by the store's writer (which refuses inside its transaction) and the integrity service (which
 * closes it on a failed verification and opens it once trust is established). A store opened without a
 * gate writes as before.
 */
export class WriteGate {
  private state: GateState;
  private readonly listeners = new Set<(state: GateState) => void>();

  /** `pending`: closed until the integrity service has checked the store against its witness. */
  constructor(initial: 'open' | 'pending' = 'open') {
    this.state =
      initial === 'open'
        ? { open: true }
        : {
            open: false,
            pending: true,
            reason: 'the store has not been checked against its witness yet',
            since: new Date().toISOString(),
          };
  }

  get current(): GateState {
    return this.state;
  }

  check(): void {
    if (!this.state.open) throw new IntegrityRefusedError(this.state.reason);
  }

  refuse(reason: string): void {
    if (!this.state.open && !this.state.pending && this.state.reason === reason) return;
    this.state = { open: false, reason, since: new Date().toISOString() };
    this.emit();
  }

  open(): void {
    if (this.state.open) return;
    this.state = { open: true };
    this.emit();
  }

  onChange(listener: (state: GateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.state);
  }
}

/** A store whose appends pass the gate first (EventStoreDB; the embedded store checks inside its writer). */
export function gatedEventStore<S extends { appendToStream(...args: never[]): Promise<unknown> }>(
  store: S,
  gate: WriteGate,
): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'appendToStream' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          gate.check();
        } catch (error) {
          return Promise.reject(error);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
