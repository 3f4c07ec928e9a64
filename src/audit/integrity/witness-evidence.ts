/**
 * What the witness holds for a log, checked: every note's signature against the trusted keys, so that a
 * note someone slipped into the witness without the key counts for nothing.
 */
import type { AccessCut } from '../../event-store/chain-walker.js';
import { peekCheckpoint, verifyCheckpoint, type VerifiedNote, type VerifierKey } from './checkpoint-note.js';
import type { Witness, WitnessEntry } from './witness.js';

export interface Evidence {
  notes: VerifiedNote[];
  /** Notes whose signature or form did not check out (ignored, reported). */
  rejected: { seq: number; reason: string }[];
  /** The newest cut of the access lane. */
  cut?: VerifiedNote;
}

/** Verified notes, cached by their text: a note never changes, so each is checked once per process. */
export class EvidenceReader {
  private readonly cache = new Map<string, VerifiedNote | string>();

  constructor(
    private readonly witness: Witness,
    private readonly origin: string,
    private readonly keys: readonly VerifierKey[],
  ) {}

  async read(): Promise<Evidence> {
    const entries = await this.witness.read!(this.origin);
    const notes: VerifiedNote[] = [];
    const rejected: Evidence['rejected'] = [];
    for (const entry of entries) {
      const checked = this.check(entry);
      if (typeof checked === 'string') rejected.push({ seq: entry.seq, reason: checked });
      else notes.push(checked);
    }
    const cut = notes
      .filter((n) => n.kind === 'cut')
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .at(-1);
    return { notes, rejected, ...(cut ? { cut } : {}) };
  }

  /**
   * The checkpoint the store must extend: among the notes after the newest acknowledgement (which may
   * itself be it), the one reaching furthest. Reads all entries but checks signatures only of candidates,
   * newest first, so a start does not verify a year of notes.
   */
  async anchor(): Promise<{ anchor?: VerifiedNote; lastAckSeq: number }> {
    const entries = await this.witness.read!(this.origin);
    let fromSeq = 0;
    let lastAckSeq = -1;
    const peeked = entries.map((entry) => ({ entry, body: peekCheckpoint(entry.note) }));
    for (let i = peeked.length - 1; i >= 0; i--) {
      const { entry, body } = peeked[i]!;
      if (body?.kind !== 'acknowledgement' || body.origin !== this.origin) continue;
      if (typeof this.check(entry) !== 'string') {
        fromSeq = lastAckSeq = entry.seq;
        break;
      }
    }
    const candidates = peeked
      .filter(({ entry, body }) => entry.seq >= fromSeq && body && body.kind !== 'cut')
      .sort((a, b) =>
        a.body!.position === b.body!.position
          ? b.entry.seq - a.entry.seq
          : a.body!.position > b.body!.position
            ? -1
            : 1,
      );
    for (const { entry } of candidates) {
      const checked = this.check(entry);
      if (typeof checked !== 'string') return { anchor: checked, lastAckSeq };
    }
    return { lastAckSeq };
  }

  private check(entry: WitnessEntry): VerifiedNote | string {
    const cached = this.cache.get(entry.note);
    if (cached !== undefined) return typeof cached === 'string' ? cached : { ...cached, seq: entry.seq };
    let result: VerifiedNote | string;
    try {
      result = verifyCheckpoint(entry.note, this.keys, entry.seq);
      if (result.origin !== this.origin) result = `note of another log (${result.origin})`;
    } catch (error) {
      result = error instanceof Error ? error.message : String(error);
    }
    this.cache.set(entry.note, result);
    return result;
  }
}

export const cutOf = (note: VerifiedNote): AccessCut => ({ position: note.position, access: note.heads.access });

/**
 * A cut is lawful only at a checkpoint signed at least `months` before `now` (product rule 12): older
 * access-log entries were due for deletion, younger ones must still be there. The cut note repeats that
 * checkpoint's heads; the checkpoint itself must be in the witness too.
 */
export function cutProblem(evidence: Evidence, now: Date, months: number): string | undefined {
  const cut = evidence.cut;
  if (!cut) return undefined;
  const backing = evidence.notes.find(
    (n) => n.kind !== 'cut' && n.position === cut.position && n.root.equals(cut.root),
  );
  if (!backing) return `the access-log cut at position ${cut.position} names no witnessed checkpoint`;
  if (new Date(backing.time) > monthsBefore(now, months)) {
    return `the access-log cut at position ${cut.position} removed entries younger than ${months} months (checkpoint of ${backing.time})`;
  }
  return undefined;
}

/** `now` minus whole calendar months (the 31st of a shorter month becomes its last day). */
export function monthsBefore(now: Date, months: number): Date {
  const date = new Date(now);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date;
}
