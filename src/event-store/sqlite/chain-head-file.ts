import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { ChainHead } from '../hash-chain.js';

let sequence = 0;

/**
 * Replaces the chain head file atomically: write a temp file, fsync it, rename it over the old one. A
 * reader (or a power cut) sees the old head or the new one, never a torn file. The temp name carries the
 * pid so processes sharing the store do not clobber each other's temp files.
 */
export async function writeChainHead(path: string, head: ChainHead): Promise<void> {
  const temp = `${path}.${process.pid}.${++sequence}.tmp`;
  const file = await open(temp, 'w', 0o600); // renamed over the head: owner only, like the data files
  try {
    await file.writeFile(`${JSON.stringify(head)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

/**
 * Publishes the newest chain head after commits, off the append path: the fsync of a new file costs about
 * ten times the WAL fsync on our disks, so appends resolve right after COMMIT and the head follows within
 * one write. Writes are coalesced (at most one in flight, then the newest head), so the head only ever
 * moves forward in this process. It can lag behind the database (crash before the write, or two
 * processes racing) but never run ahead of it — verification relies on exactly that.
 */
export class ChainHeadPublisher {
  private latest: ChainHead | undefined;
  private running: Promise<void> | undefined;

  /**
   * `minIntervalMs`: heads are written at most this often. Each write costs an fsync on the same disk as
   * the WAL; a writer committing one command at a time would otherwise pay two fsyncs per command.
   */
  constructor(
    private readonly path: string,
    private readonly minIntervalMs = 100,
  ) {}

  publish(head: ChainHead): void {
    this.latest = head;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Resolves once every head published so far is on disk. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    let written: ChainHead | undefined;
    let lastWrite = 0;
    while (this.latest !== written) {
      const wait = lastWrite + this.minIntervalMs - Date.now();
      if (lastWrite > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastWrite = Date.now();
      written = this.latest!;
      try {
        await writeChainHead(this.path, written);
      } catch (error) {
        // The events are committed; the next commit retries with a newer head.
        process.emitWarning(`event store: chain head not written to ${this.path}: ${String(error)}`);
      }
    }
  }
}

/** The recorded head, or undefined when no file exists yet. */
export function readChainHead(path: string): ChainHead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const head = JSON.parse(text) as Partial<ChainHead>;
  if (typeof head.position !== 'number' || typeof head.hash !== 'string') {
    throw new Error(`chain head file ${path} is malformed`);
  }
  return { position: head.position, hash: head.hash };
}
