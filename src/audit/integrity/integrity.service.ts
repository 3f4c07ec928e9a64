import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { KimConfig } from '../../config/config.js';
import type { Stores } from '../../config/stores.js';
import type { ChainVerification } from '../../event-store/event-store.port.js';
import { CLOCK, KIM_CONFIG, STORES } from '../../kim-core.module.js';
import { processHolderId } from '../../projection-runner/lease-holder.js';
import type { ReadStore } from '../../read-store/read-store.port.js';
import type { Clock } from '../../shared/clock.js';
import { expireAccessLog, type ExpiryResult } from './access-log-expiry.js';
import { createLedgerIntegrity } from './integrity-setup.js';
import type { IntegrityStatus, LedgerIntegrity } from './ledger-integrity.js';
import { PortChainKeeper } from './port-chain-keeper.js';
import { SqliteChainSource } from './sqlite-chain-source.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_LEASE = 'integrity:access-log-expiry';

/**
 * The Nest edge of product rule 9: checks the store against its witness before the application takes
 * requests (writes wait behind the gate until then), checkpoints while it runs and once more on shutdown,
 * and expires access-log entries once a day (rule 12) in one instance.
 */
@Injectable()
export class IntegrityService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Integrity');
  readonly ledger: LedgerIntegrity;
  private readonly keeper?: PortChainKeeper;
  private expiryTimer?: NodeJS.Timeout;
  private readonly holder = `integrity:${processHolderId()}`;

  constructor(
    @Inject(KIM_CONFIG) private readonly config: KimConfig,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const log = (line: string) => this.logger.warn(line);
    const source = stores.embedded
      ? new SqliteChainSource(stores.embedded)
      : (this.keeper = new PortChainKeeper({
          eventStore: stores.eventStore,
          readStore: stores.readStore,
          gate: stores.gate,
          log,
        }));
    this.ledger = createLedgerIntegrity({ config, source, gate: stores.gate, clock, log });
    this.keeper?.attach(this.ledger);
  }

  async onModuleInit(): Promise<void> {
    // On EventStoreDB the lease holder runs the ledger; the other instances follow its verdict.
    if (this.keeper) await this.keeper.run();
    else await this.ledger.start({ verify: this.config.integrity.verifyOnStart });
    if (this.config.integrity.accessLogExpiry === 'daily' && this.stores.embedded) {
      const run = () =>
        void this.expireIfLeader().catch((error: unknown) =>
          this.logger.warn(`access-log expiry failed: ${String(error)}`),
        );
      run();
      this.expiryTimer = setInterval(run, DAY_MS);
      this.expiryTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    if (this.keeper) await this.keeper.stop();
    else await this.ledger.stop();
  }

  status(): IntegrityStatus {
    return this.ledger.status();
  }

  verify(): Promise<ChainVerification> {
    return this.ledger.verify();
  }

  /** Rule 12, in the one instance holding the lease; only on a store whose writes are open (verified). */
  async expireIfLeader(): Promise<ExpiryResult | undefined> {
    const store = this.stores.embedded;
    if (!store || !this.stores.gate.current.open) return undefined;
    const readStore: ReadStore = this.stores.readStore;
    if (!(await readStore.acquireLease(EXPIRY_LEASE, this.holder, 10 * 60_000))) return undefined;
    try {
      const result = await expireAccessLog({
        integrity: this.ledger,
        store,
        readStore,
        now: this.clock.now(),
        months: this.config.integrity.accessLogMonths,
      });
      if (result.removedEvents > 0) {
        this.logger.log(
          `access log: ${result.removedEvents} entries recorded before ${result.recordedBefore} expired (${this.config.integrity.accessLogMonths} months) and were removed`,
        );
      }
      return result;
    } finally {
      await readStore.releaseLease(EXPIRY_LEASE, this.holder).catch(() => undefined);
    }
  }
}
