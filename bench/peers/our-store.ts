import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { WriterStore } from './writer-store.js';

/** kim-ledger's embedded store as shipped: group commit, synchronous=FULL, hash chain. */
export class OurStore implements WriterStore {
  readonly name = 'kim-ledger';
  readonly store: SqliteEventStore;

  constructor(path: string) {
    this.store = openSqliteEventStore({ path });
  }

  async append(stream: string, events: NewEvent[], expectedRevision: number): Promise<number> {
    const result = await this.store.appendToStream(
      stream,
      events,
      expectedRevision < 0 ? 'no_stream' : expectedRevision,
    );
    return result.nextExpectedRevision;
  }

  async load(stream: string): Promise<number> {
    return (await this.store.readStream(stream)).length;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
