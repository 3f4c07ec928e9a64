import type { RecordedEvent, Subscription } from '../event-store.port.js';
import { DEFAULT_BACKOFF, isAlreadyDelivered, reconnectDelayMs, type BackoffPolicy } from './esdb-reconnect.js';

/** One entry of the server's log as a connection delivers it; `event` is absent when the filter drops it. */
export interface SourceItem<Resume> {
  position: bigint;
  /** What to hand to the next connection to continue right after this entry. */
  resumeFrom: Resume;
  event?: RecordedEvent;
}

export interface SourceConnection<Resume> extends AsyncIterable<SourceItem<Resume>> {
  close(): Promise<void>;
}

/** Opens a connection delivering everything after `from` (from the beginning when undefined). */
export type ConnectSource<Resume> = (
  from: { position: bigint; resumeFrom?: Resume } | undefined,
) => SourceConnection<Resume>;

export interface ResumingOptions {
  after?: bigint;
  backoff?: BackoffPolicy;
  /** Events read ahead of the consumer before the connection is paused. */
  highWaterMark?: number;
  onDrop?: (error: unknown, attempt: number) => void;
  random?: () => number;
  /** Called once when the subscription is unsubscribed. */
  onClosed?: () => void;
}

/**
 * A catch-up subscription that outlives dropped connections: it reconnects with a bounded backoff from
 * the last position it saw and skips anything at or before it, so no event is lost or delivered twice.
 * Events wait in a small buffer; `unsubscribe` ends the iteration, also for a consumer waiting in `next`.
 */
export class ResumingSubscription<Resume> implements Subscription {
  private readonly buffer: RecordedEvent[] = [];
  private readonly consumers: (() => void)[] = [];
  private roomForMore?: () => void;
  private wakeFromBackoff?: () => void;
  private connection?: SourceConnection<Resume>;
  private last?: { position: bigint; resumeFrom?: Resume };
  private closed = false;
  private readonly pumping: Promise<void>;

  constructor(
    private readonly connect: ConnectSource<Resume>,
    private readonly options: ResumingOptions = {},
  ) {
    if (options.after !== undefined) this.last = { position: options.after };
    this.pumping = this.pump();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  async unsubscribe(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.onClosed?.();
    this.wakeConsumers();
    this.roomForMore?.();
    this.wakeFromBackoff?.();
    // Not awaiting the pump: a connection that ignores close must not hang the caller.
    await this.connection?.close().catch(() => undefined);
  }

  /** Settles once the background reader has stopped (after unsubscribe). */
  stopped(): Promise<void> {
    return this.pumping;
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      const event = this.buffer.shift();
      if (event) {
        this.roomForMore?.();
        return { done: false, value: event };
      }
      if (this.closed) return { done: true, value: undefined };
      await new Promise<void>((resolve) => this.consumers.push(resolve));
    }
  }

  private async pump(): Promise<void> {
    let attempt = 0;
    while (!this.closed) {
      let connection: SourceConnection<Resume> | undefined;
      try {
        connection = this.connect(this.last);
        this.connection = connection;
        for await (const item of connection) {
          if (this.closed) break;
          attempt = 0;
          if (isAlreadyDelivered(item.position, this.last?.position)) continue;
          this.last = { position: item.position, resumeFrom: item.resumeFrom };
          if (item.event) await this.deliver(item.event);
        }
        if (!this.closed) this.options.onDrop?.(new Error('subscription ended by the server'), attempt);
      } catch (error) {
        if (!this.closed) this.options.onDrop?.(error, attempt);
      } finally {
        await connection?.close().catch(() => undefined);
      }
      if (this.closed) break;
      await this.backoff(reconnectDelayMs(attempt++, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random?.()));
    }
    this.wakeConsumers();
  }

  private async deliver(event: RecordedEvent): Promise<void> {
    this.buffer.push(event);
    this.wakeConsumers();
    // Backpressure: a slow projection must not make a catch-up over millions of events fill the memory.
    while (!this.closed && this.buffer.length >= (this.options.highWaterMark ?? 256)) {
      await new Promise<void>((resolve) => (this.roomForMore = resolve));
      this.roomForMore = undefined;
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFromBackoff = done;
    }).finally(() => (this.wakeFromBackoff = undefined));
  }

  private wakeConsumers(): void {
    for (const wake of this.consumers.splice(0)) wake();
  }
}
