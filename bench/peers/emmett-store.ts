import type { NewEvent } from '../../src/event-store/event-store.port.js';
import type { WriterStore } from './writer-store.js';

/**
 * The published TypeScript peer: @event-driven-io/emmett-sqlite through its appendToStream / readStream
 * API, on the same disk. It uses the `sqlite3` driver (WAL set by emmett, synchronous left at SQLite's
 * default FULL). Loaded lazily: when the package or its native driver is missing, the peer column says why.
 *
 * Version 0.38.5 keeps one shared connection per store and closes it after every call, so concurrent calls
 * in one process step on each other (measured: SQLITE_BUSY, then an uncaught SQLITE_IOERR that ends the
 * process, at 64 writers). The adapter therefore queues its calls one after another, as a user would.
 */
export async function openEmmettStore(path: string): Promise<WriterStore> {
  const emmettSqlite = await import('@event-driven-io/emmett-sqlite');
  const emmett = await import('@event-driven-io/emmett');
  const store = emmettSqlite.getSQLiteEventStore({ fileName: path, schema: { autoMigration: 'CreateOrUpdate' } });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(call: () => Promise<T>): Promise<T> => {
    const result = queue.then(call);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    name: 'emmett-sqlite',
    async append(stream: string, events: NewEvent[], expectedRevision: number): Promise<number> {
      // Emmett counts stream versions from 1: our revision r (0-based, last event) is its version r + 1.
      const expectedStreamVersion = expectedRevision < 0 ? emmett.STREAM_DOES_NOT_EXIST : BigInt(expectedRevision + 1);
      const result = await serial(() =>
        store.appendToStream(
          stream,
          events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata, eventId: e.id } })),
          { expectedStreamVersion },
        ),
      );
      return Number(result.nextExpectedStreamVersion) - 1;
    },
    async load(stream: string): Promise<number> {
      const result = await serial(() => store.readStream(stream));
      return result.events.length;
    },
    async close(): Promise<void> {
      const closable = store as unknown as { close?: () => Promise<void> };
      await closable.close?.();
    },
  };
}
