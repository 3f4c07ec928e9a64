import { dirname, join } from 'node:path';
import { openWitnessedSqliteStore } from '../../src/audit/integrity/witnessed-store.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { WriterStore } from './writer-store.js';

/** kim-ledger's embedded store: group commit, synchronous=FULL, hash chain. */
export class OurStore implements WriterStore {
  readonly name = 'kim-ledger';
  readonly store: SqliteEventStore;
  private closeLedger?: () => Promise<void>;

  constructor(path: string, store?: SqliteEventStore) {
    this.store = store ?? openSqliteEventStore({ path });
  }

  /**
   * As the service runs it: anchored and gated, a signed checkpoint to a directory witness every 1,000
   * events and every minute (issue 13). KIM_BENCH_CHECKPOINTS=off measures the writer without them.
   */
  static async asShipped(path: string): Promise<OurStore> {
    if (process.env.KIM_BENCH_CHECKPOINTS === 'off') return new OurStore(path);
    const opened = await openWitnessedSqliteStore({
      path,
      witnessDir: join(dirname(path), 'witness'),
      adoptAsIs: true,
    });
    const ours = new OurStore(path, opened.store);
    ours.closeLedger = opened.close;
    return ours;
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
    return this.closeLedger ? this.closeLedger() : this.store.close();
  }
}
