import type { RecordedEvent, Subscription } from '../event-store.port.js';

export interface SubscriptionSource {
  /** Next matching events after `after`, plus the position up to which the log was scanned. */
  read(after: bigint | undefined): { events: RecordedEvent[]; scannedTo: bigint | undefined };
  /** Registers a callback for "something was committed in this process"; returns the unregistration. */
  listen(wake: () => void): () => void;
}

/**
 * A catch-up subscription over the global log: it reads pages after its cursor until it is caught up,
 * then waits for an in-process commit notification or the poll timer, whichever comes first. The timer is
 * what delivers events that another process appended to the same file. Positions are assigned under the
 * write lock as previous + 1, so once position n is visible every position below it is too: reading
 * strictly after the cursor delivers each event exactly once, in order. One consumer per subscription.
 */
export class SqliteSubscription implements Subscription {
  private cursor: bigint | undefined;
  private closed = false;
  private dirty = true;
  private wake: (() => void) | undefined;
  private readonly unlisten: () => void;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly pollIntervalMs: number,
    after: bigint | undefined,
    private readonly onClose: (subscription: SqliteSubscription) => void,
    private readonly onScanned: (position: bigint) => void = () => undefined,
  ) {
    this.cursor = after;
    this.unlisten = source.listen(() => this.signal());
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    try {
      while (!this.closed) {
        this.dirty = false;
        const { events, scannedTo } = this.source.read(this.cursor);
        for (const event of events) {
          if (this.closed) return;
          this.cursor = event.position;
          yield event;
        }
        if (scannedTo !== undefined && (this.cursor === undefined || scannedTo > this.cursor)) this.cursor = scannedTo;
        if (this.cursor !== undefined && !this.closed) this.onScanned(this.cursor);
        if (events.length === 0) await this.idle();
      }
    } finally {
      await this.unsubscribe();
    }
  }

  async unsubscribe(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.onClose(this);
    this.signal();
  }

  private signal(): void {
    this.dirty = true;
    this.wake?.();
  }

  private idle(): Promise<void> {
    if (this.dirty || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.wake = done;
    });
  }
}
