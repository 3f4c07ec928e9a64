/**
 * Product rule 9, framework-free: signs checkpoints of the chain and hands them to the witness, checks on
 * start that the store extends the newest witnessed one, keeps the write gate closed while it does not,
 * and verifies the whole log against everything the witness holds. The chain itself comes from a
 * ChainSource: the embedded store's own writer (sqlite-chain-source.ts) or the keeper that computes it over
 * EventStoreDB's $all in one instance (chain-keeper.ts).
 */
import type { TrustedCheckpoint, WalkFailure, WalkResult } from '../../event-store/chain-walker.js';
import type { ChainVerification } from '../../event-store/event-store.port.js';
import { GENESIS_HASH, type ChainState } from '../../event-store/hash-chain.js';
import type { WriteGate } from '../../event-store/write-gate.js';
import type { Clock } from '../../shared/clock.js';
import {
  keyHint,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointBody,
  type SigningKey,
  type VerifiedNote,
  type VerifierKey,
} from './checkpoint-note.js';
import { cutOf, cutProblem, EvidenceReader, type Evidence } from './witness-evidence.js';
import type { Witness } from './witness.js';

export interface InspectOptions {
  checkpoints: readonly TrustedCheckpoint[];
  /** null: the witness holds no cut (a cut the store claims is then unwitnessed). */
  witnessedCut: { position: bigint; access: Buffer } | null;
  collectAll?: boolean;
  onProgress?: (checked: number, total: number) => void;
}

export type EstablishResult = { ok: true } | { ok: false; failure: WalkFailure };

export interface ChainSource {
  /** The newest state this process vouches for (undefined until established). */
  current(): ChainState | undefined;
  /** Told after each advance, with how many events it covered. */
  onAdvanced(listener: (state: ChainState, events: number) => void): () => void;
  /** Told when the log no longer extends what was vouched for. */
  onDiverged(listener: (reason: string) => void): () => void;
  /** Checks that the log extends `anchor` and vouches from there on. */
  establish(anchor: ChainState): Promise<EstablishResult>;
  isEmpty(): Promise<boolean>;
  format2From(): bigint;
  inspect(options: InspectOptions): Promise<{ verification: ChainVerification; walk: WalkResult }>;
}

export interface LedgerIntegrityOptions {
  origin: string;
  key: SigningKey;
  keys: readonly VerifierKey[];
  witness: Witness;
  source: ChainSource;
  gate: WriteGate;
  clock: Clock;
  checkpointEveryMs: number;
  checkpointEveryEvents: number;
  accessLogMonths: number;
  /** How often a refused service looks for an operator's acknowledgement (default 10 s). */
  recheckEveryMs?: number;
  log?: (line: string) => void;
}

export interface IntegrityStatus {
  log: string;
  keyHint: string;
  publicKey: string;
  writes: 'open' | 'refused' | 'pending';
  reason?: string;
  since?: string;
  lastCheckpoint?: { position: string; time: string };
}

export class LedgerIntegrity {
  readonly evidence: EvidenceReader;
  private lastPublished?: { position: bigint; time: string };
  private eventsSince = 0;
  private publishing?: Promise<void>;
  private publishAgain = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private lastAckSeq = -1;
  private recovering = false;
  private stopped = false;
  /** The witness failed on start: try again until it answers (no acknowledgement needed for that). */
  private witnessUnreadable = false;
  /** Started in this process: only then does a failed verification close the gate (one keeper decides). */
  private running = false;
  private background?: Promise<void>;
  private readonly log: (line: string) => void;

  constructor(private readonly options: LedgerIntegrityOptions) {
    this.evidence = new EvidenceReader(options.witness, options.origin, options.keys);
    this.log = options.log ?? ((line) => console.warn(line));
  }

  get origin(): string {
    return this.options.origin;
  }

  /**
   * Checks the store against its witness (awaited: nothing is written before), then keeps checkpointing.
   * `verify`: also recompute the whole log in the background and close the gate on a failure.
   */
  async start(options: { verify: boolean }): Promise<void> {
    const { source, gate } = this.options;
    this.stopped = false;
    this.running = true;
    this.unsubscribe.push(
      source.onAdvanced((state, events) => this.advanced(state, events)),
      source.onDiverged((reason) => {
        this.log(`integrity: ${reason}; writes refused until an operator acknowledges the incident`);
        // What this process vouched for goes to the witness now, so a restart cannot forget it.
        void this.checkpoint().catch(() => undefined);
      }),
    );
    try {
      await this.establish();
    } catch (error) {
      // Nothing can be checked without the witness: no writes, but the service runs and retries.
      this.witnessUnreadable = true;
      gate.refuse(`the witness cannot be read or written (${error instanceof Error ? error.message : String(error)})`);
      this.log(`integrity: writes refused until the witness answers: ${String(error)}`);
    }
    if (options.verify && gate.current.open) {
      // Checked between pages: a shutdown does not wait for a verification of millions of events.
      const abandon = () => {
        if (this.stopped) throw new Abandoned();
      };
      this.background = this.verify(abandon).then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof Abandoned))
            this.log(`integrity: verification on start failed to run: ${String(error)}`);
        },
      );
    }
    this.timers.push(
      setInterval(
        () =>
          void this.checkpoint().catch((e: unknown) => this.log(`integrity: checkpoint not witnessed: ${String(e)}`)),
        this.options.checkpointEveryMs,
      ),
      setInterval(() => void this.recover(), this.options.recheckEveryMs ?? 10_000),
    );
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    await this.background;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.unsubscribe.splice(0).forEach((u) => u());
    await this.publishing?.catch(() => undefined);
    if (this.options.gate.current.open)
      await this.checkpoint().catch((e: unknown) => this.log(`integrity: last checkpoint not witnessed: ${String(e)}`));
  }

  status(): IntegrityStatus {
    const gate = this.options.gate.current;
    const { key } = this.options;
    return {
      log: this.options.origin,
      keyHint: verifyHint(key),
      publicKey: key.publicKey.toString('base64'),
      writes: gate.open ? 'open' : gate.pending ? 'pending' : 'refused',
      ...(gate.open ? {} : { reason: gate.reason, since: gate.since }),
      ...(this.lastPublished
        ? { lastCheckpoint: { position: String(this.lastPublished.position), time: this.lastPublished.time } }
        : {}),
    };
  }

  /**
   * Does the store extend the newest witnessed checkpoint? Closes the gate when not; opens it when it does
   * and `open` is set (a recovery verifies the whole log first).
   */
  private async establish(open = true): Promise<boolean> {
    const { source, gate } = this.options;
    const { anchor, lastAckSeq } = await this.evidence.anchor();
    this.lastAckSeq = lastAckSeq;
    if (!anchor) {
      if (!(await source.isEmpty())) {
        gate.refuse(
          `no witnessed checkpoint for this log (${this.options.origin}) although the store holds events: a store from before witnessed checkpoints, a moved data folder, another witness, or a replaced store`,
        );
        return false;
      }
      const genesis: ChainState = {
        position: 0n,
        heads: { main: GENESIS_HASH, access: GENESIS_HASH },
        format2From: source.format2From(),
      };
      const result = await source.establish(genesis);
      if (!result.ok) return this.refuse(result.failure);
      // The witness learns of this log at once, so that a store swapped in later is not taken as new.
      await this.publish({ kind: 'checkpoint', state: genesis });
    } else {
      const result = await source.establish(anchor);
      if (!result.ok) return this.refuse(result.failure);
      this.lastPublished = { position: anchor.position, time: anchor.time };
    }
    if (open) gate.open();
    return true;
  }

  private refuse(failure: WalkFailure): false {
    const reason = `${failure.reason} (position ${failure.position})`;
    if (this.options.gate.current.open || this.options.gate.current.reason !== reason) {
      this.log(`integrity: writes refused: ${reason}`);
    }
    this.options.gate.refuse(reason);
    return false;
  }

  /** While refused: an operator's new acknowledgement lets the service check everything again and reopen. */
  private async recover(): Promise<void> {
    const gate = this.options.gate;
    if (gate.current.open || this.recovering || this.stopped) return;
    this.recovering = true;
    const retryingWitness = this.witnessUnreadable;
    try {
      const { lastAckSeq } = await this.evidence.anchor();
      if (lastAckSeq === this.lastAckSeq && !retryingWitness) return;
      this.witnessUnreadable = false;
      if (!(await this.establish(false))) return;
      const { walk } = await this.inspect();
      if (walk.failure) {
        this.refuse(walk.failure);
        return;
      }
      gate.open();
      this.log('integrity: an operator acknowledged the incident; the log verifies up to it; writes accepted again');
    } catch (error) {
      if (retryingWitness) this.witnessUnreadable = true;
      this.log(`integrity: recheck failed: ${String(error)}`);
    } finally {
      this.recovering = false;
    }
  }

  /**
   * Verifies the whole log against the witness; closes the gate when it finds a failure nobody
   * acknowledged (the service found out what it should not keep writing on).
   */
  async verify(onProgress?: (checked: number, total: number) => void): Promise<ChainVerification> {
    const { verification, walk } = await this.inspect(onProgress);
    if (walk.failure && this.running) this.refuse(walk.failure);
    return verification;
  }

  /** The verification and the walk behind it, without touching the gate. */
  async inspect(
    onProgress?: (checked: number, total: number) => void,
    collectAll = false,
  ): Promise<{ verification: ChainVerification; walk: WalkResult; evidence: Evidence }> {
    // The witness first, then the store: a checkpoint published meanwhile can never look ahead of the log.
    const evidence = await this.evidence.read();
    const { verification, walk } = await this.options.source.inspect({
      checkpoints: evidence.notes,
      witnessedCut: evidence.cut ? cutOf(evidence.cut) : null,
      ...(collectAll ? { collectAll } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    const problem = cutProblem(evidence, this.options.clock.now(), this.options.accessLogMonths);
    if (problem && !walk.failure) {
      walk.failure = { position: evidence.cut!.position, reason: problem, kind: 'checkpoint' };
      verification.ok = false;
      verification.firstBadEvent = { position: String(evidence.cut!.position), reason: problem };
    }
    return { verification, walk, evidence };
  }

  /** Signs the newest state this process vouches for and hands it to the witness, if it moved on. */
  checkpoint(): Promise<void> {
    if (this.publishing) {
      this.publishAgain = true;
      return this.publishing;
    }
    const run = async () => {
      do {
        this.publishAgain = false;
        const state = this.options.source.current();
        if (!state || (this.lastPublished && state.position <= this.lastPublished.position)) return;
        await this.publish({ kind: 'checkpoint', state });
      } while (this.publishAgain);
    };
    this.publishing = run().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  /** Signs and witnesses one note; returns it as the verifier will read it. */
  async publish(body: Omit<CheckpointBody, 'origin' | 'time'>): Promise<VerifiedNote> {
    const time = this.options.clock.now().toISOString();
    const note = signCheckpoint({ ...body, origin: this.options.origin, time }, this.options.key);
    await this.options.witness.publish(this.options.origin, note);
    if (body.kind !== 'cut' && (!this.lastPublished || body.state.position >= this.lastPublished.position)) {
      this.lastPublished = { position: body.state.position, time };
      this.eventsSince = 0;
    }
    return verifyCheckpoint(note, this.options.keys, -1);
  }

  private advanced(_state: ChainState, events: number): void {
    this.eventsSince += events;
    if (this.eventsSince >= this.options.checkpointEveryEvents) {
      this.eventsSince = 0;
      void this.checkpoint().catch((e: unknown) => this.log(`integrity: checkpoint not witnessed: ${String(e)}`));
    }
  }
}

class Abandoned extends Error {}

const verifyHint = (key: SigningKey) => keyHint(key.name, key.publicKey).toString('hex');
