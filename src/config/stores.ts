import { join } from 'node:path';
import type { EventStore, TamperEvidence } from '../event-store/event-store.port.js';
import type { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { gatedEventStore, WriteGate } from '../event-store/write-gate.js';
import type { Clock } from '../shared/clock.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { KimConfig } from './config.js';
import { guardEventStore, guardReadStore } from './store-failures.js';
import { projectionWorkerWanted } from '../projection-runner/projection-worker-host.js';

export interface Stores {
  eventStore: EventStore;
  /** Only the embedded store keeps a hash chain of its own (see docs/tamper-evidence.md). */
  tamperEvidence?: TamperEvidence;
  readStore: ReadStore;
  /**
   * Where the person keys live: apart from the events and the read models — keys.db beside the embedded
   * stores, or a MongoDB database of their own (KIM_KEY_DATABASE) next to the read models' one.
   */
  keyStore: ReadStore;
  /**
   * The epoch keys the person keys are wrapped under: always the embedded `epoch-keys.db` in KIM_KEY_DIR
   * (its own volume in production), never MongoDB, whose oplog and backups would keep a destroyed one.
   */
  epochStore: ReadStore;
  /** Closed until the integrity service has checked the store against its witness (product rule 9). */
  gate: WriteGate;
  /** The embedded event store itself, for the integrity service (undefined on EventStoreDB). */
  embedded?: SqliteEventStore;
}

export const embeddedPaths = (dataDir: string) => ({
  events: join(dataDir, 'events.db'),
  chainHead: join(dataDir, 'chain-head.json'),
  read: join(dataDir, 'read.db'),
  keys: join(dataDir, 'keys.db'),
});

export const epochKeysPath = (keyDir: string) => join(keyDir, 'epoch-keys.db');

/**
 * The one place that picks the stores. Vendor adapters are imported lazily, so the embedded default
 * never loads the EventStoreDB or MongoDB clients.
 */
export async function openStores(config: KimConfig, options: { clock?: Clock } = {}): Promise<Stores> {
  const paths = embeddedPaths(config.dataDir);
  let eventStore: EventStore;
  let tamperEvidence: TamperEvidence | undefined;
  let embedded: SqliteEventStore | undefined;
  // Writes wait until the integrity service has found the store extending its last witnessed checkpoint.
  const gate = new WriteGate('pending');
  if (config.eventStore.driver === 'esdb') {
    const { openEsdbEventStore } = await import('../event-store/esdb/esdb-event-store.js');
    eventStore = gatedEventStore(openEsdbEventStore(config.eventStore.connectionString), gate);
  } else {
    const { openSqliteEventStore } = await import('../event-store/sqlite/sqlite-event-store.js');
    const sqlite = await openSqliteEventStore({
      path: paths.events,
      chainHeadPath: paths.chainHead,
      gate,
      anchored: true,
      syncCommitsOffLoop: config.eventStore.commitSync === 'off-loop',
      ...(options.clock ? { clock: options.clock } : {}),
    });
    eventStore = sqlite;
    tamperEvidence = sqlite;
    embedded = sqlite;
  }
  let readStore: ReadStore;
  let keyStore: ReadStore;
  const { openSqliteReadStore } = await import('../read-store/sqlite/sqlite-read-store.js');
  if (config.readStore.driver === 'mongo') {
    const { openMongoReadStore } = await import('../read-store/mongo/mongo-read-store.js');
    readStore = await openMongoReadStore(config.readStore.uri);
    // A database of their own: dumped, restored and access-controlled apart from the read models.
    keyStore = await openMongoReadStore(config.readStore.uri, { dbName: config.keys.mongoDatabase });
  } else {
    // Read models can be rebuilt from the events, so they skip the fsync per batch; keys cannot.
    // With the projections in their worker, that worker's connection writes nearly everything and copies the
    // WAL; a second checkpointer here would only collide with it (SQLite lets one checkpoint run at a time).
    const checkpointInWorker = projectionWorkerWanted(config) === undefined;
    readStore = openSqliteReadStore({ path: paths.read, durability: 'normal', checkpointInWorker });
    keyStore = openSqliteReadStore({ path: paths.keys, durability: 'full' });
  }
  const epochStore = openSqliteReadStore({ path: epochKeysPath(config.keys.dir), durability: 'full' });
  return {
    eventStore: guardEventStore(eventStore),
    readStore: guardReadStore(readStore),
    keyStore: guardReadStore(keyStore),
    epochStore: guardReadStore(epochStore),
    ...(tamperEvidence ? { tamperEvidence } : {}),
    gate,
    ...(embedded ? { embedded } : {}),
  };
}
