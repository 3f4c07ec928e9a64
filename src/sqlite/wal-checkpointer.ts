import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file from a worker thread with its own connection. better-sqlite3
 * is synchronous, so SQLite's automatic checkpoint (run inside whichever COMMIT crosses the threshold)
 * stops the event loop while it writes and fsyncs megabytes: measured with 64 writers, it tripled the
 * event-loop delay at p99 (14 → 38 ms) and the append latency at p99.9 (16 → 58 ms). A PASSIVE checkpoint
 * in another connection waits for no reader or writer, so the service keeps answering meanwhile. Small
 * and frequent beats large and rare: the checkpoint's fsync of the database file delays the next WAL
 * fsync on the same disk. Every 50 ms: append p99.9 27–30 ms, max 50–68 ms; every 250 ms or 1 s: p99.9
 * 47–61 ms, max 104–179 ms (same 64-writer loop, shared machine).
 *
 * A checkpoint that runs while appends go on never catches up with the last frame, so SQLite never
 * restarts the WAL from its beginning: the file grows by every commit, and an fdatasync that must also
 * record a new file size costs far more than one that overwrites (one writer: 0.15 → 0.26 ms per command,
 * the WAL at 118 MB after 4 s). So once the WAL holds RESTART_FRAMES frames, the next checkpoint is
 * fenced: appends are held (queued, not blocked — the event loop runs on) while the worker copies the
 * last few frames, and the next append starts the WAL again from the top of the existing file. A store
 * that cannot hold its writes (the read store) copies those last frames itself instead, between two of
 * its transactions: a short stop of the event loop once per RESTART_FRAMES frames.
 *
 * The main connection keeps a large automatic threshold as a backstop, and gets SQLite's default back
 * should the worker ever fail: the WAL never grows without bound.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ done: true, frames: result.log });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

export const BACKSTOP_PAGES = 50_000;
const SQLITE_DEFAULT_PAGES = 1000;
/**
 * WAL size (in frames of one page) from which the next checkpoint holds appends so the WAL can restart:
 * SQLite's own default threshold. Until the first restart every commit grows the file, and a growing WAL's
 * fsync costs about twice an overwriting one's; at 10,000 frames (~40 MB) that took a fresh store's first
 * ~3,000 commands (one writer: ~1,500 instead of ~3,300 commands/s for two seconds). Measured with
 * `npm run bench -- --quick --only B1,B2`, one after the other: B1 0.45 -> 0.64 x the naive peer, B2 at 64 and
 * 256 writers unchanged within the noise (3.74 / 5.15 -> 3.82 / 4.37 x naive), append p99 10.4 -> 12.0 ms.
 */
export const RESTART_FRAMES = 1_000;

/** Holds appends until the returned function is called; appends arriving meanwhile are queued. */
export type HoldWrites = () => () => void;

export interface WalCheckpointerOptions {
  /** How often a checkpoint is started when something was committed since the last one. */
  everyMs?: number;
  log?: (line: string) => void;
  /** Without it the WAL restarts only when the backstop checkpoints inside a commit. */
  holdWrites?: HoldWrites;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private committed = false;
  private running = false;
  private failed = false;
  private restartDue = false;
  private releaseWrites?: () => void;
  private closed?: Promise<void>;

  constructor(
    private readonly db: Database.Database,
    options: WalCheckpointerOptions,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The main connection's synchronous setting: the checkpoint fsyncs the database file as it would.
      workerData: { driver, path: db.name, synchronous: db.pragma('synchronous', { simple: true }) },
    });
    this.worker.unref();
    this.worker.on('message', (message: { done?: true; frames?: number; error?: string }) => {
      this.running = false;
      this.resumeWrites();
      if (message.error) options.log?.(`WAL checkpoint failed, will try again: ${message.error}`);
      else this.restartDue = (message.frames ?? 0) >= RESTART_FRAMES;
    });
    this.worker.on('error', (error) => this.giveUp(options, String(error)));
    this.worker.on('exit', () => this.giveUp(options, 'worker ended'));
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    this.timer = setInterval(() => this.tick(options.holdWrites), options.everyMs ?? 50).unref();
  }

  /** Called after each commit of the main connection. */
  noteCommit(): void {
    this.committed = true;
  }

  private tick(holdWrites: HoldWrites | undefined): void {
    if (!this.committed || this.running || this.failed) return;
    this.committed = false;
    if (this.restartDue && !holdWrites) return this.finishHere();
    this.running = true;
    if (this.restartDue && holdWrites) this.releaseWrites = holdWrites();
    this.worker.postMessage('checkpoint');
  }

  /** Timers run between transactions, so nothing writes on this connection while it copies the rest. */
  private finishHere(): void {
    this.restartDue = false;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: the worker tries again at the next tick.
    }
  }

  private resumeWrites(): void {
    const release = this.releaseWrites;
    this.releaseWrites = undefined;
    release?.();
  }

  private giveUp(options: WalCheckpointerOptions, why: string): void {
    this.resumeWrites();
    if (this.failed || this.closed) return;
    this.failed = true;
    clearInterval(this.timer);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    options.log?.(`WAL checkpointer stopped (${why}); SQLite checkpoints inside commits again`);
  }

  /** Before the main connection closes (its close then checkpoints and removes the WAL itself). */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      clearInterval(this.timer);
      this.resumeWrites();
      if (this.failed) return resolve();
      this.worker.once('exit', () => resolve());
      // Held by the worker until it has closed its connection: else a process with nothing else left to do
      // would exit right here, with the close still pending.
      this.worker.ref();
      this.worker.postMessage('close');
    });
    return this.closed;
  }
}
