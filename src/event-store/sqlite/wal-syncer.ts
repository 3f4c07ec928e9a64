import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

/** Makes what was committed to a WAL so far durable, and then calls back (with an error if it could not). */
export interface CommitSyncer {
  afterCommit(done: (error: Error | null) => void): void;
  /** The same, at once on this thread (for a lone append: the hop to the thread pool cost B1 a third). */
  syncNow?(): Error | null;
  /** Resolves once every sync asked for has ended. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * fdatasync of the store's WAL file on libuv's thread pool (the service's KIM_COMMIT_SYNC=off-loop; off
 * by default), so the request thread goes on while the disk flushes (issue 19: with synchronous=FULL,
 * SQLite's fsync inside COMMIT stopped the event loop for every group commit, for as long as the disk
 * took — hundreds of ms on a busy shared disk). The connection then runs with synchronous=NORMAL: COMMIT
 * only writes the WAL, and this syncer flushes it before the appends of that commit are answered. One fdatasync at a time; commits that arrive meanwhile share the next one,
 * as appends share a commit. An fsync covers every write to the file before it began, and SQLite's WAL
 * checksums chain each frame to the ones before it, so no commit can survive a power loss without those
 * before it.
 */
export class WalFileSyncer implements CommitSyncer {
  private fd?: number;
  private running = false;
  private waiting: ((error: Error | null) => void)[] = [];
  private idle: (() => void)[] = [];

  constructor(private readonly walPath: string) {}

  afterCommit(done: (error: Error | null) => void): void {
    this.waiting.push(done);
    if (!this.running) this.next();
  }

  syncNow(): Error | null {
    try {
      this.fd ??= openSync(this.walPath, 'r');
      fdatasyncSync(this.fd);
      return null;
    } catch (error) {
      return error as Error;
    }
  }

  drain(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private next(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.running = true;
    const finish = (error: Error | null) => {
      this.running = false;
      for (const done of batch) done(error);
      if (this.waiting.length > 0) return this.next();
      for (const resolve of this.idle.splice(0)) resolve();
    };
    try {
      // Opened on first use: the WAL file exists once the first transaction has committed.
      this.fd ??= openSync(this.walPath, 'r');
    } catch (error) {
      return finish(error as Error);
    }
    fdatasync(this.fd, finish);
  }
}
