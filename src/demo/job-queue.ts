/**
 * Runs the demo's jobs concurrently where they cannot interfere, and strictly in planning order where they
 * can: every job names keys (a participant, a case manager's caseload), and a job starts only after the
 * earlier jobs with any of its keys have finished. So each stream sees its commands in the planned order
 * while unrelated participants share the store's group commits.
 */
export class JobQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitingForSlot: (() => void)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private running = 0;
  private pending = 0;
  readonly errors: string[] = [];

  constructor(private readonly concurrency: number) {}

  get size(): number {
    return this.pending;
  }

  enqueue(keys: readonly string[], run: () => Promise<void>): void {
    const before = keys.map((k) => this.tails.get(k)).filter((t): t is Promise<void> => t !== undefined);
    this.pending++;
    const job = (async () => {
      await Promise.all(before);
      await this.takeSlot();
      try {
        await run();
      } catch (error) {
        this.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
      } finally {
        this.releaseSlot();
      }
    })();
    for (const key of keys) this.tails.set(key, job);
    void job.then(() => {
      for (const key of keys) if (this.tails.get(key) === job) this.tails.delete(key);
      this.pending--;
      this.roomWaiters.splice(0).forEach((wake) => wake());
    });
  }

  /** Back-pressure for the planner: resolves once fewer than `limit` jobs are queued or running. */
  async room(limit: number): Promise<void> {
    while (this.pending >= limit) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  async idle(): Promise<void> {
    await this.room(1);
  }

  private async takeSlot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waitingForSlot.shift();
    if (next) next();
    else this.running--;
  }
}
