import { existsSync } from 'node:fs';
import { createLedgerIntegrity } from '../audit/integrity/integrity-setup.js';
import type { ChainSource, LedgerIntegrity } from '../audit/integrity/ledger-integrity.js';
import { PortChainKeeper, inspectThroughPort } from '../audit/integrity/port-chain-keeper.js';
import { SqliteChainSource } from '../audit/integrity/sqlite-chain-source.js';
import { loadConfig, type KimConfig } from '../config/config.js';
import { embeddedPaths } from '../config/stores.js';
import type { ChainState } from '../event-store/hash-chain.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { WriteGate } from '../event-store/write-gate.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import { systemClock } from '../shared/clock.js';

export interface IntegrityContext {
  config: KimConfig;
  ledger: LedgerIntegrity;
  source: ChainSource;
  eventStore: EventStore;
  /** The embedded store (undefined on EventStoreDB). */
  sqlite?: SqliteEventStore;
  readStore?: ReadStore;
  /** The chain as the store records it now (after an append of this process). */
  recordedState(): Promise<ChainState>;
  close(): Promise<void>;
}

/**
 * The stores and the ledger for the integrity commands (verify, incident, checkpoints, access-log),
 * configured like the service (.env.example), but without the write gate: these commands read, or —
 * acknowledging an incident — write on purpose on a store the service refuses.
 */
export async function openIntegrityContext(options: { readStore?: boolean } = {}): Promise<IntegrityContext> {
  const config = loadConfig();
  const gate = new WriteGate('open');
  const log = (line: string) => console.error(line);
  let readStore: ReadStore | undefined;
  if (options.readStore || config.eventStore.driver === 'esdb') {
    if (config.readStore.driver === 'mongo') {
      const { openMongoReadStore } = await import('../read-store/mongo/mongo-read-store.js');
      readStore = await openMongoReadStore(config.readStore.uri);
    } else {
      const { openSqliteReadStore } = await import('../read-store/sqlite/sqlite-read-store.js');
      readStore = openSqliteReadStore({ path: embeddedPaths(config.dataDir).read });
    }
  }
  if (config.eventStore.driver === 'esdb') {
    const { openEsdbEventStore } = await import('../event-store/esdb/esdb-event-store.js');
    const eventStore = openEsdbEventStore(config.eventStore.connectionString);
    const source = new PortChainKeeper({ eventStore, readStore: readStore!, gate, log });
    return {
      config,
      ledger: createLedgerIntegrity({ config, source, gate, clock: systemClock, log }),
      source,
      eventStore,
      ...(readStore ? { readStore } : {}),
      recordedState: async () =>
        (await inspectThroughPort(eventStore, { checkpoints: [], witnessedCut: null, collectAll: true })).walk.state,
      close: async () => {
        await eventStore.close();
        await readStore?.close();
      },
    };
  }
  const paths = embeddedPaths(config.dataDir);
  // Opening would create an empty store, and an empty store "verifies" — say so instead.
  if (!existsSync(paths.events)) throw new Error(`no event store at ${paths.events}`);
  const { openSqliteEventStore } = await import('../event-store/sqlite/sqlite-event-store.js');
  const sqlite = openSqliteEventStore({ path: paths.events, chainHeadPath: paths.chainHead });
  const source = new SqliteChainSource(sqlite);
  return {
    config,
    ledger: createLedgerIntegrity({ config, source, gate, clock: systemClock, log }),
    source,
    eventStore: sqlite,
    sqlite,
    ...(readStore ? { readStore } : {}),
    recordedState: async () => sqlite.trustedChainState() ?? sqlite.recordedChainState(),
    close: async () => {
      await sqlite.close();
      await readStore?.close();
    },
  };
}

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
