/**
 * Where signed checkpoints go: somewhere an attacker who can write the data folder cannot (product rule 9).
 * A witness stores notes per log in the order it received them. Readable witnesses (a directory, an HTTP
 * collector) also answer what they hold: the service anchors its start on the newest entry, `verify` checks
 * the log against all of them. Write-only witnesses (stdout → journald / docker logs / a syslog collector)
 * are additional copies for an outside monitor.
 */
export interface WitnessEntry {
  /** Position in this witness's log of notes, from 0. */
  seq: number;
  note: string;
}

export interface Witness {
  /** For messages: `directory /srv/witness`, `http https://…`, `stdout`. */
  readonly describe: string;
  /** Durable once resolved. */
  publish(log: string, note: string): Promise<void>;
  /** Every note of the log in the order received; absent on write-only witnesses. */
  read?(log: string): Promise<WitnessEntry[]>;
  /** The newest note of the log, without reading all of them. */
  latest?(log: string): Promise<WitnessEntry | undefined>;
}

/**
 * Publishes to every witness; reads from the first readable one. A publish succeeds when every readable
 * witness stored the note (a write-only one that fails is reported, not fatal: it is a copy).
 */
export class WitnessSet implements Witness {
  private readonly readable: Witness;

  constructor(
    private readonly witnesses: readonly Witness[],
    private readonly warn: (line: string) => void = (line) => console.warn(line),
  ) {
    const readable = witnesses.find((w) => w.read && w.latest);
    if (!readable) throw new Error('at least one witness must be readable (a directory or an HTTP collector)');
    this.readable = readable;
  }

  get describe(): string {
    return this.witnesses.map((w) => w.describe).join(' + ');
  }

  async publish(log: string, note: string): Promise<void> {
    const results = await Promise.allSettled(this.witnesses.map((w) => w.publish(log, note)));
    results.forEach((result, i) => {
      const witness = this.witnesses[i]!;
      if (result.status === 'fulfilled') return;
      if (witness.read) throw new Error(`witness ${witness.describe}: ${String(result.reason)}`);
      this.warn(`witness ${witness.describe}: ${String(result.reason)}`);
    });
  }

  read(log: string): Promise<WitnessEntry[]> {
    return this.readable.read!(log);
  }

  latest(log: string): Promise<WitnessEntry | undefined> {
    return this.readable.latest!(log);
  }
}
