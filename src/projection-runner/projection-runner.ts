import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { applyBatch, ProjectionApplyError } from './apply-batch.js';
import { isEndedLocalHolder } from './lease-holder.js';
import { leaseName, recordVersion, storedVersion } from './projection-version.js';
import { rebuildProjection } from './rebuild-projection.js';
import { Signal, sleepOr } from './signal.js';

export type RunnerState = 'starting' | 'standby' | 'rebuilding' | 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: RunnerState;
  /** Last committed global position known to this runner (decimal string, JSON-safe). */
  checkpoint?: string;
  error?: string;
}

export interface ProjectionRunnerOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projection: ProjectionDefinition;
  /** Lease holder identity of this process. */
  holder: string;
  leaseTtlMs?: number;
  /** How often the holder renews, and how often a standby retries; default a third of the ttl. */
  renewEveryMs?: number;
  batchSize?: number;
  log?: (line: string) => void;
  clock?: Clock;
}

class LeaseLost extends Error {}

/**
 * Keeps one projection up to date in at most one process: holds the projection's lease, follows the global
 * log from the stored checkpoint and commits each batch of documents with its last position.
 */
export class ProjectionRunner {
  private state: RunnerState = 'starting';
  private checkpoint?: bigint;
  private error?: string;
  private stopping = false;
  private leaseValidUntil = 0;
  private readonly wake = new Signal();
  /** Fires on every commit and whenever the subscription has read further: waiters check again. */
  private readonly progressed = new Signal();
  /** Events received but not yet committed, in global order. */
  private buffer: RecordedEvent[] = [];
  /** First position of the batch being applied and committed right now. */
  private inFlightFrom?: bigint;
  /** While running here: the subscription has delivered every event of interest up to this position. */
  private scannedThrough?: bigint;
  private lastCommitAt = 0;
  private frontierQuery?: { startedAt: number; result: Promise<{ checkpoint?: bigint; nextOfInterest?: bigint }> };
  private loopDone?: Promise<void>;
  private readonly ttl: number;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.ttl = options.leaseTtlMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? ((line) => console.error(line));
  }

  get name(): string {
    return this.options.projection.name;
  }

  get eventTypes(): readonly string[] {
    return this.options.projection.eventTypes;
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.notify();
    await this.loopDone;
    if (this.state !== 'failed') this.state = 'stopped';
  }

  status(): ProjectionStatus {
    const { name, version } = this.options.projection;
    return {
      name,
      version,
      state: this.state,
      ...(this.checkpoint !== undefined ? { checkpoint: this.checkpoint.toString() } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /**
   * Resolves once the stored documents reflect every event of this projection up to `position`, whichever
   * process runs it: the checkpoint has reached it, or no event of interest lies between the two.
   */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const started = performance.now();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.state === 'failed') throw new Error(this.error);
      // Where this process runs the projection, its own checkpoint answers without touching a store.
      if (this.checkpoint !== undefined && this.checkpoint >= position) return;
      if (this.reflectsLocally(position)) return;
      // Only a process that does not follow the log itself asks the stores.
      if (this.scannedThrough === undefined) {
        const { checkpoint, nextOfInterest } = await this.frontier(Math.max(started, this.lastCommitAt));
        if (checkpoint !== undefined && checkpoint >= position) return;
        if (nextOfInterest === undefined || nextOfInterest > position) return;
      }
      if (Date.now() > deadline) throw new Error(`projection ${this.name} did not reach position ${position}`);
      await sleepOr(50, this.progressed);
    }
  }

  /**
   * True when this process follows the log, has read it up to `position`, and no event of interest at or
   * before `position` is still waiting or being committed: every such event is in the stored documents.
   * Answers a waiter without a query, also when the projection's own events are rare (its checkpoint
   * then lags far behind the head, and asking the store would scan the whole gap).
   */
  private reflectsLocally(position: bigint): boolean {
    if (this.state !== 'running' || this.scannedThrough === undefined || this.scannedThrough < position) return false;
    const pending = this.inFlightFrom ?? this.buffer[0]?.position;
    return pending === undefined || pending > position;
  }

  /**
   * The stored checkpoint and the first event of interest after it, shared by every waiter: a hundred
   * requests waiting at once cost one query per commit, not a hundred. A query is reused only if it began
   * after `since` (the waiter's start or the latest commit), so it has seen what the waiter wrote.
   */
  private frontier(since: number): Promise<{ checkpoint?: bigint; nextOfInterest?: bigint }> {
    // Also at most 25 ms old: another process may be the one committing, which no local signal reports.
    if (!this.frontierQuery || this.frontierQuery.startedAt < Math.max(since, performance.now() - 25)) {
      const { readStore, eventStore, projection } = this.options;
      const startedAt = performance.now();
      const result = (async () => {
        const checkpoint = await readStore.getCheckpoint(projection.name);
        const [next] = await eventStore.readAll({
          after: checkpoint,
          maxCount: 1,
          filter: { eventTypes: projection.eventTypes },
        });
        return {
          ...(checkpoint !== undefined ? { checkpoint } : {}),
          ...(next ? { nextOfInterest: next.position } : {}),
        };
      })();
      this.frontierQuery = { startedAt, result };
      result.catch(() => (this.frontierQuery = undefined));
    }
    return this.frontierQuery.result;
  }

  private async loop(): Promise<void> {
    const { readStore, projection, holder } = this.options;
    const renewEvery = this.options.renewEveryMs ?? Math.floor(this.ttl / 3);
    while (!this.stopping) {
      if (!(await this.renew())) {
        this.state = 'standby';
        await sleepOr(renewEvery, this.wake);
        continue;
      }
      const renewal = setInterval(() => void this.renew().then((ok) => ok || this.wake.notify()), renewEvery);
      try {
        await this.runWhileLeased();
      } catch (error) {
        if (error instanceof ProjectionApplyError) {
          this.fail(error.message);
          break;
        }
        if (!(error instanceof LeaseLost)) {
          // The store is unreachable or similar: say so, and try again from the stored checkpoint.
          this.log(
            `projection ${projection.name}: ${error instanceof Error ? error.message : String(error)}; retrying`,
          );
          await sleepOr(renewEvery, this.wake);
        }
      } finally {
        clearInterval(renewal);
      }
      if (!this.stopping && this.state !== 'failed') this.state = 'standby';
    }
    await readStore.releaseLease(leaseName(projection.name), holder).catch(() => undefined);
    this.leaseValidUntil = 0;
  }

  private fail(message: string): void {
    this.log(message);
    this.state = 'failed';
    this.error = message;
    this.progressed.notify();
  }

  /** Takes or renews the lease; false (and the lease counts as lost) when another holder has it. */
  private async renew(): Promise<boolean> {
    const { readStore, projection, holder } = this.options;
    const startedAt = this.clock.now().getTime();
    const lease = leaseName(projection.name);
    try {
      let ok = await readStore.acquireLease(lease, holder, this.ttl);
      if (!ok) {
        // A holder that was killed on this host (and is being restarted as us) would otherwise keep the
        // read models still until its lease expires.
        const current = await readStore.leaseHolder(lease);
        if (current !== undefined && isEndedLocalHolder(current)) {
          ok = await readStore.acquireLease(lease, holder, this.ttl, { replacing: current });
          if (ok) this.log(`projection ${projection.name}: took over the lease of ended process ${current}`);
        }
      }
      this.leaseValidUntil = ok ? startedAt + this.ttl : 0;
      return ok;
    } catch {
      this.leaseValidUntil = 0;
      return false;
    }
  }

  /** Until the lease is lost or a stop is asked for; a commit is only attempted while the lease is ours. */
  private assertLeased(): void {
    if (this.stopping || this.clock.now().getTime() >= this.leaseValidUntil) throw new LeaseLost();
  }

  private async runWhileLeased(): Promise<void> {
    const { eventStore, readStore, projection, holder } = this.options;
    const version = await storedVersion(readStore, projection.name);
    this.checkpoint = await readStore.getCheckpoint(projection.name);
    if (version !== projection.version) {
      if (version === undefined && this.checkpoint === undefined) {
        await recordVersion(readStore, projection.name, projection.version);
      } else {
        this.state = 'rebuilding';
        this.log(`projection ${projection.name}: version ${version} -> ${projection.version}, rebuilding`);
        const result = await rebuildProjection({
          eventStore,
          readStore,
          projection,
          holder,
          holdsLease: true,
          batchSize: this.options.batchSize,
          shouldStop: () => this.stopping || this.clock.now().getTime() >= this.leaseValidUntil,
        });
        this.checkpoint = result.checkpoint;
      }
    }
    for (const spec of projection.collections) await readStore.ensureCollection(spec);
    this.checkpoint = await readStore.getCheckpoint(projection.name);
    this.state = 'running';
    this.progressed.notify();

    const buffer: RecordedEvent[] = (this.buffer = []);
    this.inFlightFrom = undefined;
    let pumpError: unknown;
    let pumpDone = false;
    const drained = new Signal();
    const subscription = eventStore.subscribeToAll({
      after: this.checkpoint,
      filter: { eventTypes: projection.eventTypes },
      onScanned: (position) => {
        this.scannedThrough = position;
        this.progressed.notify();
      },
    });
    const batchSize = this.options.batchSize ?? 500;
    const pump = (async () => {
      try {
        for await (const event of subscription) {
          buffer.push(event);
          this.wake.notify();
          while (buffer.length >= batchSize * 4 && !this.stopping) await drained.wait();
          if (this.stopping) break;
        }
      } catch (error) {
        pumpError = error;
      } finally {
        pumpDone = true;
        this.wake.notify();
      }
    })();

    try {
      for (;;) {
        this.assertLeased();
        if (pumpError) throw pumpError;
        if (buffer.length === 0) {
          if (pumpDone) throw new Error('subscription ended');
          await sleepOr(this.ttl / 3, this.wake);
          continue;
        }
        const batch = buffer.splice(0, batchSize);
        this.inFlightFrom = batch[0]!.position;
        drained.notify();
        const position = await this.applyLeased(batch);
        if (position !== undefined) this.checkpoint = position;
        this.inFlightFrom = undefined;
        this.lastCommitAt = performance.now();
        this.progressed.notify();
      }
    } finally {
      // From here on only the stores can tell how far this projection got (another process may take over).
      this.scannedThrough = undefined;
      drained.notify();
      await subscription.unsubscribe().catch(() => undefined);
      await pump;
    }
  }

  private async applyLeased(batch: RecordedEvent[]): Promise<bigint | undefined> {
    const { readStore, projection } = this.options;
    this.assertLeased();
    return applyBatch(projection, batch, readStore, {
      checkpointName: projection.name,
      beforeCommit: () => this.assertLeased(),
    });
  }
}
