/**
 * Walks the log in position order and checks it against the hash chain (hash-chain.ts) and against the
 * signed checkpoints a witness holds. Pure: the SQLite verifier feeds it stored rows (with their stored
 * hashes, gapless positions), the port verifier feeds it events read through the EventStore port (no
 * stored hashes, EventStoreDB's sparse commit positions), and the SQLite writer feeds it rows that another
 * process appended, starting from the state it trusts.
 *
 * What it reports: the first row whose recomputed hash differs from the stored one, a missing position,
 * and — independent of what the database says about itself — the first witnessed checkpoint the log does
 * not extend (rewritten, forged, truncated or forked history), together with the last checkpoint it does
 * extend. Failures an operator has acknowledged (`kim incident acknowledge`) are reported as such and the
 * walk goes on, so a new incident after an acknowledged one is still found.
 */
import {
  chainHash,
  laneHash,
  laneOfBytes,
  leafHash,
  type ChainedFields,
  type ChainState,
  type Lane,
  type LaneHeads,
} from './hash-chain.js';

/** A checkpoint whose signature has been checked (see src/audit/integrity/checkpoint-note.ts). */
export interface TrustedCheckpoint {
  /** Order in the witness log; an acknowledgement covers failures against checkpoints before it. */
  seq: number;
  kind: 'checkpoint' | 'acknowledgement' | 'cut';
  position: bigint;
  heads: LaneHeads;
  root: Buffer;
  /** Leaf hash of the event at `position`, when it is a format-2 event. */
  leaf?: Buffer;
  /** Where each lane's head was written (see ChainState). */
  at?: { main: bigint; access: bigint };
  format2From: bigint;
  /** When it was signed (ISO-8601). */
  time: string;
  /** acknowledgement: positions of row failures the operator accepted. */
  acknowledgedRows?: readonly bigint[];
}

/** The access lane was cut: its events up to `position` are gone; it continues from `access`. */
export interface AccessCut {
  position: bigint;
  access: Buffer;
}

export interface WalkRow {
  position: bigint;
  fields: ChainedFields;
  /** The hash the store recorded for the row; absent where the store keeps none (EventStoreDB). */
  storedHash?: Buffer;
}

/** What the store noticed about a row besides its hash (the SQLite verifier checks stream revisions). */
export interface RowNotes {
  /** A failure whatever the hash says. */
  problem?: string;
  /** Appended to a hash mismatch. */
  mismatchHint?: string;
  /** A failure when the hash holds. */
  ifHashHolds?: string;
}

export interface WalkFailure {
  position: bigint;
  reason: string;
  kind: 'row' | 'checkpoint';
  checkpoint?: TrustedCheckpoint;
}

export interface WalkOptions {
  /** First position of format 2; earlier rows are format 1. */
  format2From: bigint;
  /** Positions are 1, 2, 3, … (the embedded store); EventStoreDB's are sparse. */
  gapless: boolean;
  /** Continue from a trusted state instead of the genesis (the writer checking others' appends). */
  start?: ChainState;
  cut?: AccessCut;
  checkpoints?: readonly TrustedCheckpoint[];
  /** Record every failure and go on (to acknowledge them all); default: stop at the first unacknowledged one. */
  collectAll?: boolean;
}

export interface WalkResult {
  /** The first failure nobody acknowledged. */
  failure?: WalkFailure;
  /** Failures covered by an acknowledgement (or, with collectAll, every failure). */
  acknowledged: WalkFailure[];
  /** The newest checkpoint the log was found to extend before `failure`. */
  lastGood?: TrustedCheckpoint;
  /** Rows walked. */
  rows: number;
  /** The chain after the last row walked. */
  state: ChainState;
  /** Checkpoints compared with the log. */
  checkpointsCompared: number;
}

const MAX_COLLECTED = 10_000;
const hex = (b: Buffer) => b.toString('hex').slice(0, 16);

export class ChainWalker {
  private v1: Buffer;
  private lanes?: LaneHeads;
  private at: { main: bigint; access: bigint };
  private last: bigint;
  private lastLeaf?: { position: bigint; leaf: Buffer };
  private cutApplied = false;
  private readonly checkpoints: TrustedCheckpoint[];
  private next = 0;
  private failure?: WalkFailure;
  private readonly acknowledged: WalkFailure[] = [];
  private lastGood?: TrustedCheckpoint;
  private firstRowAfterGood?: bigint;
  private rows = 0;
  private compared = 0;

  constructor(private readonly options: WalkOptions) {
    const start = options.start;
    this.last = start?.position ?? 0n;
    this.v1 = start?.heads.main ?? Buffer.alloc(32);
    if (start) this.lanes = { ...start.heads };
    this.at = start?.at ? { ...start.at } : { main: this.last, access: this.last };
    if (start?.leaf) this.lastLeaf = { position: start.position, leaf: start.leaf };
    // A trusted state past the cut already continues from it.
    if (start && options.cut && start.position >= options.cut.position) this.cutApplied = true;
    this.checkpoints = [...(options.checkpoints ?? [])]
      .filter((c) => !start || c.position > start.position)
      .sort((a, b) => (a.position === b.position ? a.seq - b.seq : a.position < b.position ? -1 : 1));
    if (options.cut && options.cut.position < options.format2From) {
      this.fail({
        position: options.cut.position,
        kind: 'row',
        reason: 'the access-log cut reaches into format-1 events, which cannot expire',
      });
    }
  }

  get stopped(): boolean {
    return this.failure !== undefined;
  }

  /** Walks one row; false once an unacknowledged failure stopped the walk. */
  push(row: WalkRow, notes: RowNotes = {}): boolean {
    if (this.failure) return false;
    this.settleCheckpoints(row.position, false);
    if (this.failure) return false;
    const { cut, format2From } = this.options;
    // EventStoreDB: events of one legacy (TCP) transaction share a commit position; ours never do.
    if (row.position < this.last || (this.options.gapless && row.position === this.last)) {
      return this.rowFailed(
        row,
        `position ${row.position} does not follow ${this.last}: events reordered or duplicated`,
      );
    }
    if (this.options.gapless && row.position !== this.last + 1n) {
      const missingFrom = this.last + 1n;
      const dropped = cut !== undefined && missingFrom >= format2From && row.position - 1n <= cut.position;
      if (
        !dropped &&
        !this.rowFailed(row, `event missing: position ${missingFrom} absent (gap before ${row.position})`, missingFrom)
      )
        return false;
    }
    this.rows += 1;
    this.firstRowAfterGood ??= row.position;
    let computed: Buffer;
    if (row.position < format2From) {
      computed = chainHash(this.v1, row.fields);
      this.v1 = computed;
      this.lastLeaf = undefined;
    } else {
      const lanes = this.reach(row.position);
      const lane: Lane = laneOfBytes(row.fields.stream);
      if (lane === 'access' && cut && row.position <= cut.position) {
        // An expired access entry that retention has not removed yet (EventStoreDB keeps deleted streams
        // until a scavenge): the access lane continues from the cut, whatever this entry says.
        this.last = row.position;
        return true;
      }
      const leaf = leafHash(row.fields);
      computed = laneHash(lanes[lane], lane, leaf);
      lanes[lane] = computed;
      this.at[lane] = row.position;
      this.lastLeaf = { position: row.position, leaf };
    }
    this.last = row.position;
    if (notes.problem && !this.rowFailed(row, notes.problem)) return false;
    if (row.storedHash && !computed.equals(row.storedHash)) {
      const reason = `hash mismatch: content or order altered${notes.mismatchHint ?? ''}`;
      if (!this.rowFailed(row, reason)) return false;
    } else if (notes.ifHashHolds && !this.rowFailed(row, notes.ifHashHolds)) return false;
    // Sparse positions may repeat (see above): a checkpoint there is compared once a later row arrives.
    if (this.options.gapless) this.settleCheckpoints(row.position, true);
    return !this.failure;
  }

  /** Ends the walk: checkpoints beyond the last row mean the log lost its newest events. */
  finish(): WalkResult {
    if (!this.failure) this.settleCheckpoints(this.last, true);
    while (!this.failure && this.next < this.checkpoints.length) {
      const checkpoint = this.checkpoints[this.next++]!;
      this.checkpointFailed(
        checkpoint,
        `log truncated: the witnessed checkpoint at position ${checkpoint.position} (${checkpoint.time}) lies beyond the last event (${this.last})`,
        this.options.gapless ? this.last + 1n : checkpoint.position,
      );
    }
    return {
      ...(this.failure ? { failure: this.failure } : {}),
      acknowledged: this.acknowledged,
      ...(this.lastGood ? { lastGood: this.lastGood } : {}),
      rows: this.rows,
      checkpointsCompared: this.compared,
      state: {
        position: this.last,
        heads: { ...this.heads() },
        at: this.lanes ? { ...this.at } : { main: this.last, access: this.last },
        ...(this.lastLeaf?.position === this.last ? { leaf: this.lastLeaf.leaf } : {}),
        format2From: this.options.format2From,
      },
    };
  }

  /** The lane heads after the rows walked so far; before format 2 both lanes stand at the format-1 head. */
  private heads(): LaneHeads {
    return this.lanes ?? { main: this.v1, access: this.v1 };
  }

  /**
   * The lane heads as they stand at `position`: format 2 begins from the format-1 head, and past the cut
   * the access lane continues from the cut's signed head.
   */
  private reach(position: bigint): LaneHeads {
    const { format2From, cut } = this.options;
    if (!this.lanes && position >= format2From) {
      this.lanes = { main: this.v1, access: this.v1 };
      this.at = { main: format2From - 1n, access: format2From - 1n };
    }
    if (this.lanes && cut && !this.cutApplied && position >= cut.position) {
      this.lanes.access = cut.access;
      this.at.access = cut.position;
      this.cutApplied = true;
    }
    return this.heads();
  }

  /** Compares checkpoints below `position` (and at it, once its row is walked). */
  private settleCheckpoints(position: bigint, inclusive: boolean): void {
    while (!this.failure && this.next < this.checkpoints.length) {
      const checkpoint = this.checkpoints[this.next]!;
      if (checkpoint.position > position || (!inclusive && checkpoint.position === position)) return;
      this.next += 1;
      this.compare(checkpoint);
    }
  }

  private compare(checkpoint: TrustedCheckpoint): void {
    this.compared += 1;
    const heads = this.reach(checkpoint.position);
    const cut = this.options.cut;
    const differs: string[] = [];
    if (checkpoint.format2From !== this.options.format2From) {
      differs.push(`format 2 starts at ${this.options.format2From}, the checkpoint says ${checkpoint.format2From}`);
    }
    if (!heads.main.equals(checkpoint.heads.main)) differs.push('main lane differs');
    const accessGone = cut !== undefined && checkpoint.position < cut.position;
    if (!accessGone && !heads.access.equals(checkpoint.heads.access)) differs.push('access lane differs');
    const leafHere = this.lastLeaf?.position === checkpoint.position ? this.lastLeaf.leaf : undefined;
    if (checkpoint.leaf && leafHere && !leafHere.equals(checkpoint.leaf)) differs.push('its newest event differs');
    if (differs.length === 0) {
      this.lastGood = checkpoint;
      this.firstRowAfterGood = undefined;
      return;
    }
    const fork = this.checkpoints.some(
      (other) => other !== checkpoint && other.position === checkpoint.position && !other.root.equals(checkpoint.root),
    );
    const after = this.lastGood ? `after position ${this.lastGood.position}` : 'from the start';
    this.checkpointFailed(
      checkpoint,
      `${fork ? `fork: the witness holds two different histories at position ${checkpoint.position}; ` : ''}` +
        `the log does not extend the witnessed checkpoint at position ${checkpoint.position} (${checkpoint.time}, root ${hex(checkpoint.root)}…): ` +
        `${differs.join(', ')} — events ${after} were changed, removed, inserted or re-hashed`,
      this.firstRowAfterGood ?? checkpoint.position,
    );
  }

  private checkpointFailed(checkpoint: TrustedCheckpoint, reason: string, position: bigint): void {
    const failure: WalkFailure = { position, reason, kind: 'checkpoint', checkpoint };
    // An operator's acknowledgement signed after this checkpoint supersedes it (the incident is on record).
    const covered = this.checkpoints.some((c) => c.kind === 'acknowledgement' && c.seq > checkpoint.seq);
    if (this.options.collectAll || covered) this.noteAcknowledged(failure);
    else this.fail(failure);
  }

  /** A failure of one row; true when the walk may go on. */
  private rowFailed(row: WalkRow, reason: string, position = row.position): boolean {
    const failure: WalkFailure = { position, reason, kind: 'row' };
    const covered = this.checkpoints.some(
      (c) => c.kind === 'acknowledgement' && c.position >= position && c.acknowledgedRows?.includes(position),
    );
    if (!this.options.collectAll && !covered) {
      this.fail(failure);
      return false;
    }
    this.noteAcknowledged(failure);
    // Go on from what the store recorded, as its writer did: later rows are checked against that.
    if (row.storedHash && row.position === this.last) {
      if (row.position < this.options.format2From) this.v1 = row.storedHash;
      else {
        const lane = laneOfBytes(row.fields.stream);
        this.reach(row.position)[lane] = row.storedHash;
        this.at[lane] = row.position;
      }
    }
    return true;
  }

  private noteAcknowledged(failure: WalkFailure): void {
    if (this.acknowledged.length < MAX_COLLECTED) this.acknowledged.push(failure);
  }

  private fail(failure: WalkFailure): void {
    this.failure ??= failure;
  }
}
