import type { KimConfig } from '../../config/config.js';
import type { WriteGate } from '../../event-store/write-gate.js';
import type { Clock } from '../../shared/clock.js';
import { loadCheckpointKey, verifierKeys } from './checkpoint-key.js';
import { DirectoryWitness } from './directory-witness.js';
import type { IntegrityConfig } from './integrity-config.js';
import { LedgerIntegrity, type ChainSource } from './ledger-integrity.js';
import { HttpWitness, StdoutWitness } from './remote-witnesses.js';
import { WitnessSet } from './witness.js';

/**
 * The log's identity in its checkpoints (the C2SP "origin"): the store it names, unless KIM_LOG_NAME pins
 * it (for a data folder that moves, or several API instances naming one EventStoreDB differently).
 */
export function logOrigin(
  config: Pick<KimConfig, 'dataDir' | 'eventStore'> & { integrity: Pick<IntegrityConfig, 'logName'> },
): string {
  if (config.integrity.logName) return config.integrity.logName;
  if (config.eventStore.driver === 'esdb') {
    const hosts = /^[a-z+]+:\/\/(?:[^@/?]*@)?([^/?#]*)/i.exec(config.eventStore.connectionString)?.[1] ?? 'eventstore';
    return `kim-ledger:esdb:${hosts}`;
  }
  return `kim-ledger:sqlite:${config.dataDir}`;
}

export function witnessesFor(config: IntegrityConfig, log?: (line: string) => void): WitnessSet {
  return new WitnessSet(
    config.witnesses.map((kind) =>
      kind === 'dir'
        ? new DirectoryWitness(config.witnessDir)
        : kind === 'http'
          ? new HttpWitness(config.witnessUrl!, config.witnessToken)
          : new StdoutWitness(),
    ),
    log,
  );
}

export function createLedgerIntegrity(options: {
  config: KimConfig;
  source: ChainSource;
  gate: WriteGate;
  clock: Clock;
  log?: (line: string) => void;
}): LedgerIntegrity {
  const { config, source, gate, clock } = options;
  const origin = logOrigin(config);
  const key = loadCheckpointKey(
    { ...(config.integrity.keySeed ? { seed: config.integrity.keySeed } : {}), file: config.integrity.keyFile },
    origin,
  );
  return new LedgerIntegrity({
    origin,
    key,
    keys: verifierKeys(key, config.integrity.trustedKeys),
    witness: witnessesFor(config.integrity, options.log),
    source,
    gate,
    clock,
    checkpointEveryMs: config.integrity.checkpointEveryMs,
    checkpointEveryEvents: config.integrity.checkpointEveryEvents,
    accessLogMonths: config.integrity.accessLogMonths,
    ...(options.log ? { log: options.log } : {}),
  });
}
