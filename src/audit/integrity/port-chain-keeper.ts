/**
 * The chain over a store that keeps none of its own (EventStoreDB): computed over the global log ($all)
 * through the EventStore port, by exactly one instance at a time — the holder of a lease in the read store,
 * the mechanism the projection runner uses. The holder checkpoints what it has read and verifies the whole
 * log against the witness when it takes over; every instance follows the outcome through a status document
 * in the read store, so a refusal found by the keeper closes the write gate of every API instance within
 * seconds. The leaf and lane hashes are those of the embedded store (hash-chain.ts) over the same bytes —
 * JSON.stringify of the event's data and metadata, which is what was written — so both stores produce the
 * same chain for the same events.
 */
import { ChainWalker, type AccessCut, type WalkResult } from '../../event-store/chain-walker.js';
import type { ChainVerification, EventStore, RecordedEvent, Subscription } from '../../event-store/event-store.port.js';
import { laneHash, laneOf, leafHash, utf8, type ChainedFields, type ChainState } from '../../event-store/hash-chain.js';
import type { GateState, WriteGate } from '../../event-store/write-gate.js';
import { processHolderId } from '../../projection-runner/lease-holder.js';
import type { ReadStore } from '../../read-store/read-store.port.js';
import type { ChainSource, EstablishResult, InspectOptions, LedgerIntegrity } from './ledger-integrity.js';

export const INTEGRITY_COLLECTION = 'integrity';
export const KEEPER_LEASE = 'integrity:chain-keeper';
const STATUS_ID = 'status';
const PAGE = 1000;

export const fieldsOfEvent = (event: RecordedEvent): ChainedFields => ({
  position: event.position,
  stream: utf8(event.streamName),
  revision: event.revision,
  type: utf8(event.type),
  id: utf8(event.id),
  data: utf8(JSON.stringify(event.data)),
  metadata: utf8(JSON.stringify(event.metadata)),
  recordedAt: utf8(event.recordedAt),
});

/** Walks the whole log read through the port: the verification for stores without stored hashes. */
export async function inspectThroughPort(
  eventStore: EventStore,
  options: InspectOptions & { format2From?: bigint },
): Promise<{ verification: ChainVerification; walk: WalkResult }> {
  const cut: AccessCut | undefined = options.witnessedCut ?? undefined;
  const walker = new ChainWalker({
    format2From: options.format2From ?? 1n,
    gapless: false,
    ...(cut ? { cut } : {}),
    checkpoints: options.checkpoints,
    ...(options.collectAll ? { collectAll: true } : {}),
  });
  let events = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await eventStore.readAll({ ...(after === undefined ? {} : { after }), maxCount: PAGE });
    for (const event of page) {
      events += 1;
      if (!walker.push({ position: event.position, fields: fieldsOfEvent(event) })) break;
    }
    options.onProgress?.(events, events);
    if (page.length < PAGE || walker.stopped) break;
    after = page.at(-1)!.position;
  }
  const walk = walker.finish();
  const shown = walk.failure ?? walk.acknowledged[0];
  const verification: ChainVerification = {
    ok: !shown,
    events,
    ...(shown ? { firstBadEvent: { position: String(shown.position), reason: shown.reason } } : {}),
    ...(walk.lastGood
      ? {
          checkpoint: {
            position: String(walk.lastGood.position),
            time: walk.lastGood.time,
            root: walk.lastGood.root.toString('hex'),
            kind: walk.lastGood.kind,
          },
        }
      : {}),
    ...(walk.acknowledged.length > 0
      ? { acknowledged: walk.acknowledged.map((f) => ({ position: String(f.position), reason: f.reason })) }
      : {}),
    ...(cut ? { accessLogCut: String(cut.position) } : {}),
  };
  return { verification, walk };
}

interface StatusDoc {
  [key: string]: unknown;
  open: boolean;
  reason?: string;
  since?: string;
  holder: string;
  updatedAt: string;
}

export interface PortChainKeeperOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  /** This instance's write gate. */
  gate: WriteGate;
  holder?: string;
  leaseTtlMs?: number;
  /** How often the lease is renewed or tried, and the shared status read (default 5 s). */
  pollMs?: number;
  log?: (line: string) => void;
}

export class PortChainKeeper implements ChainSource {
  private state?: ChainState;
  private readonly advancedListeners = new Set<(state: ChainState, events: number) => void>();
  private readonly divergedListeners = new Set<(reason: string) => void>();
  private ledger?: LedgerIntegrity;
  private leading = false;
  private subscription?: Subscription;
  private following?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private unwatchGate?: () => void;
  private readonly holder: string;
  private readonly ttl: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: PortChainKeeperOptions) {
    this.holder = options.holder ?? `chain-keeper:${processHolderId()}`;
    this.ttl = options.leaseTtlMs ?? 15_000;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** The ledger this keeper feeds; it is started and stopped with the lease. */
  attach(ledger: LedgerIntegrity): void {
    this.ledger = ledger;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Begins taking part: lead when the lease is free, follow the leader's status otherwise. */
  async run(): Promise<void> {
    await this.options.readStore.ensureCollection({ name: INTEGRITY_COLLECTION, indexes: [] });
    await this.tick();
    this.timer = setInterval(
      () => void (this.ticking ??= this.tick().finally(() => (this.ticking = undefined))),
      this.options.pollMs ?? 5_000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.stepDown();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { readStore, gate } = this.options;
    let lead = false;
    try {
      lead = await readStore.acquireLease(KEEPER_LEASE, this.holder, this.ttl);
    } catch (error) {
      this.log(`integrity: lease of the chain keeper not renewed: ${String(error)}`);
    }
    if (lead && !this.leading) {
      this.leading = true;
      this.log(`integrity: this instance keeps the chain (${this.holder})`);
      this.unwatchGate = gate.onChange((state) => void this.publishStatus(state));
      await this.ledger?.start({ verify: true });
      await this.publishStatus(gate.current);
      return;
    }
    if (!lead && this.leading) await this.stepDown();
    if (!lead) await this.followStatus();
  }

  private async stepDown(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.unwatchGate?.();
    await this.subscription?.unsubscribe();
    await this.following;
    await this.ledger?.stop();
    this.state = undefined;
    await this.options.readStore.releaseLease(KEEPER_LEASE, this.holder).catch(() => undefined);
  }

  private async publishStatus(state: GateState): Promise<void> {
    const doc: StatusDoc = {
      open: state.open,
      ...(state.open ? {} : { reason: state.reason, since: state.since }),
      holder: this.holder,
      updatedAt: new Date().toISOString(),
    };
    await this.options.readStore
      .commit([{ op: 'upsert', collection: INTEGRITY_COLLECTION, id: STATUS_ID, doc }])
      .catch((error: unknown) => this.log(`integrity: status not shared: ${String(error)}`));
  }

  /** An instance that does not keep the chain writes only while the keeper says the log is sound. */
  private async followStatus(): Promise<void> {
    const { readStore, gate } = this.options;
    const status = await readStore.get<StatusDoc>(INTEGRITY_COLLECTION, STATUS_ID).catch(() => undefined);
    if (status?.open) gate.open();
    else if (status) gate.refuse(status.reason ?? 'refused by the chain keeper');
  }

  // --- ChainSource, used by the ledger while this instance leads ---

  current(): ChainState | undefined {
    return this.state;
  }

  onAdvanced(listener: (state: ChainState, events: number) => void): () => void {
    this.advancedListeners.add(listener);
    return () => this.advancedListeners.delete(listener);
  }

  onDiverged(listener: (reason: string) => void): () => void {
    this.divergedListeners.add(listener);
    return () => this.divergedListeners.delete(listener);
  }

  format2From(): bigint {
    return 1n;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.options.eventStore.readAll({ maxCount: 1 })).length === 0;
  }

  /**
   * The log must reach the anchor (a truncated or restored-from-backup log does not); then the keeper
   * follows it from there. Whether the history up to the anchor is unchanged is what the full
   * verification on takeover checks.
   */
  async establish(anchor: ChainState): Promise<EstablishResult> {
    const head = anchor.position === 0n ? 0n : ((await this.options.eventStore.headPosition()) ?? 0n);
    if (head < anchor.position) {
      return {
        ok: false,
        failure: {
          position: anchor.position,
          kind: 'checkpoint',
          reason: `log truncated: the last witnessed checkpoint covers position ${anchor.position}, the log ends at ${head}`,
        },
      };
    }
    await this.subscription?.unsubscribe();
    await this.following;
    this.state = { ...anchor, heads: { ...anchor.heads } };
    this.follow(anchor.position);
    return { ok: true };
  }

  inspect(options: InspectOptions) {
    return inspectThroughPort(this.options.eventStore, options);
  }

  private follow(after: bigint): void {
    const subscription = (this.subscription = this.options.eventStore.subscribeToAll(after === 0n ? {} : { after }));
    this.following = (async () => {
      try {
        for await (const event of subscription) {
          const state = this.state;
          if (!state) break;
          const lane = laneOf(event.streamName);
          const leaf = leafHash(fieldsOfEvent(event));
          const heads = { ...state.heads, [lane]: laneHash(state.heads[lane], lane, leaf) };
          const at = { ...(state.at ?? { main: 0n, access: 0n }), [lane]: event.position };
          this.state = { ...state, position: event.position, heads, at, leaf };
          for (const listener of this.advancedListeners) listener(this.state, 1);
        }
      } catch (error) {
        this.log(`integrity: following the log failed: ${String(error)}`);
      }
    })();
  }
}
