import type { EventStore } from '../event-store/event-store.port.js';
import { DocumentExistsError, type ReadStore } from '../read-store/read-store.port.js';
import { ConcurrencyError, KimError, StoreUnavailableError } from '../shared/errors.js';

/**
 * Wraps a store so that its infrastructure failures surface as StoreUnavailableError (503 with the store
 * named) instead of an anonymous 500. The outcomes of the contract — ConcurrencyError, DocumentExistsError,
 * our own domain errors — pass through unchanged. Works the same for SQLite, EventStoreDB and MongoDB.
 */
function guard<T extends object>(target: T, store: StoreUnavailableError['store']): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'subscribeToAll' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        const translate = (error: unknown): never => {
          if (error instanceof ConcurrencyError || error instanceof DocumentExistsError || error instanceof KimError)
            throw error;
          throw new StoreUnavailableError(store, String(property), error);
        };
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          return result instanceof Promise ? result.catch(translate) : result;
        } catch (error) {
          return translate(error);
        }
      };
    },
  });
}

export const guardEventStore = <S extends EventStore>(store: S): S => guard(store, 'event store');
export const guardReadStore = <S extends ReadStore>(store: S): S => guard(store, 'read store');
