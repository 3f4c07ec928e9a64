import type { ChainState } from '../../event-store/hash-chain.js';
import type { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import type { ChainSource, EstablishResult, InspectOptions } from './ledger-integrity.js';

/**
 * The embedded store keeps its chain itself: each row's hash is written in the append transaction, so the
 * state to checkpoint is the one its writer vouches for after each commit.
 */
export class SqliteChainSource implements ChainSource {
  constructor(private readonly store: SqliteEventStore) {}

  current(): ChainState | undefined {
    return this.store.trustedChainState();
  }

  onAdvanced(listener: (state: ChainState, events: number) => void): () => void {
    let last = this.store.trustedChainState()?.position;
    return this.store.onChainAdvanced((state) => {
      // Positions are gapless here: the distance is the number of events (also those of other processes).
      const events = last === undefined ? 1 : Number(state.position - last);
      last = state.position;
      listener(state, events);
    });
  }

  onDiverged(listener: (reason: string) => void): () => void {
    return this.store.onChainDiverged(listener);
  }

  async establish(anchor: ChainState): Promise<EstablishResult> {
    const check = this.store.establishTrust(anchor);
    return check.ok ? { ok: true } : { ok: false, failure: check.failure };
  }

  async isEmpty(): Promise<boolean> {
    return (await this.store.headPosition()) === undefined;
  }

  format2From(): bigint {
    return this.store.format2From;
  }

  inspect(options: InspectOptions) {
    return this.store.inspectChain(options);
  }
}
