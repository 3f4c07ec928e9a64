import type { Witness, WitnessEntry } from './witness.js';

const TIMEOUT_MS = 10_000;

/**
 * A checkpoint collector over HTTP (KIM_WITNESS_URL): `POST <url>/<log>` with the note as text/plain
 * stores it (2xx = durable), `GET <url>/<log>` answers `{ "notes": ["…", …] }` in the order received.
 * `KIM_WITNESS_TOKEN`, when set, goes along as a bearer token. Any small service (or a sidecar on another
 * host) can play this part; it needs no key, since the notes carry their signatures.
 */
export class HttpWitness implements Witness {
  constructor(
    private readonly url: string,
    private readonly token?: string,
  ) {}

  get describe(): string {
    return `http ${this.url}`;
  }

  private endpoint(log: string): string {
    return `${this.url.replace(/\/+$/, '')}/${encodeURIComponent(log)}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
  }

  async publish(log: string, note: string): Promise<void> {
    const response = await fetch(this.endpoint(log), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'text/plain; charset=utf-8' }),
      body: note,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`collector answered ${response.status}`);
  }

  async read(log: string): Promise<WitnessEntry[]> {
    const response = await fetch(this.endpoint(log), {
      headers: this.headers(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`collector answered ${response.status}`);
    const body = (await response.json()) as { notes?: unknown };
    if (!Array.isArray(body.notes) || body.notes.some((n) => typeof n !== 'string')) {
      throw new Error('collector answered no list of notes');
    }
    return (body.notes as string[]).map((note, seq) => ({ seq, note }));
  }

  async latest(log: string): Promise<WitnessEntry | undefined> {
    return (await this.read(log)).at(-1);
  }
}

/**
 * One JSON line per note on stdout: under systemd it lands in the journal (and from there in syslog or a
 * remote collector), under Docker in the container log. Write-only: the service cannot read it back.
 */
export class StdoutWitness implements Witness {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  readonly describe = 'stdout';

  async publish(log: string, note: string): Promise<void> {
    this.write(JSON.stringify({ kimCheckpoint: { log, note } }));
  }
}
