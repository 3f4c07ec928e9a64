import { randomBytes } from 'node:crypto';
import { openSqliteEventStore, type SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { WriteGate } from '../../event-store/write-gate.js';
import { systemClock } from '../../shared/clock.js';
import { keyNameFor, signingKeyFromSeed } from './checkpoint-note.js';
import { DirectoryWitness } from './directory-witness.js';
import { LedgerIntegrity } from './ledger-integrity.js';
import { SqliteChainSource } from './sqlite-chain-source.js';
import { WitnessSet } from './witness.js';

/**
 * The embedded store as the service runs it — anchored, gated, checkpointing to a directory witness —
 * without the application around it: for benchmarks and measurements of the append path.
 * `adoptAsIs`: a store with events but no witnessed checkpoint (a generated one) is witnessed as it
 * stands first, with no incident recorded. Only for stores this process itself trusts.
 */
export async function openWitnessedSqliteStore(options: {
  path: string;
  witnessDir: string;
  origin?: string;
  seed?: Buffer;
  checkpointEveryEvents?: number;
  checkpointEveryMs?: number;
  adoptAsIs?: boolean;
}): Promise<{ store: SqliteEventStore; ledger: LedgerIntegrity; close(): Promise<void> }> {
  const origin = options.origin ?? `kim-ledger:sqlite:${options.path}`;
  const gate = new WriteGate('pending');
  const store = openSqliteEventStore({ path: options.path, gate, anchored: true });
  const key = signingKeyFromSeed(keyNameFor(origin), options.seed ?? randomBytes(32));
  const ledger = new LedgerIntegrity({
    origin,
    key,
    keys: [{ name: key.name, publicKey: key.publicKey }],
    witness: new WitnessSet([new DirectoryWitness(options.witnessDir)]),
    source: new SqliteChainSource(store),
    gate,
    clock: systemClock,
    checkpointEveryMs: options.checkpointEveryMs ?? 60_000,
    checkpointEveryEvents: options.checkpointEveryEvents ?? 1000,
    accessLogMonths: 24,
  });
  if (options.adoptAsIs && !(await ledger.evidence.anchor()).anchor && (await store.headPosition()) !== undefined) {
    await ledger.publish({ kind: 'checkpoint', state: store.recordedChainState() });
  }
  await ledger.start({ verify: false });
  return {
    store,
    ledger,
    close: async () => {
      await ledger.stop();
      await store.close();
    },
  };
}
