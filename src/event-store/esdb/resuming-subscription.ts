import type { RecordedEvent, Subscription } from '../event-store.port.js';
import { DEFAULT_BACKOFF, isAlreadyDelivered, reconnectDelayMs, type BackoffPolicy } from './esdb-reconnect.js';

/**
 * One entry of the server's log as a connection delivers it; `event` is absent when the filter drops it.
 * Or a checkpoint of a server-side filtered read (`scannedOnly`): the server has looked at everything up
 * to `position` and found nothing more to send. A checkpoint moves `onScanned` on; it is never used to
 * resume from, since it names no event.
 */
export type SourceItem<Resume> =
  | { position: bigint; resumeFrom: Resume; event?: RecordedEvent; scannedOnly?: undefined }
  | { position: bigint; scannedOnly: true };

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
  /**
   * Called with a position once every matching event up to it has been taken by the consumer, also when
   * none matched (the port's SubscribeOptions.onScanned). Called only when the consumer comes back for
   * more (or waits), so it never runs ahead of an event still on its way to the consumer.
   */
  onScanned?: (position: bigint) => void;
}

/** A position the log was read through, queued behind the events before it. */
interface Scanned {
  scannedThrough: bigint;
}

/**
 * A catch-up subscription that outlives dropped connections: it reconnects with a bounded backoff from
 * the last position it saw and skips anything at or before it, so no event is lost or delivered twice.
 * Events wait in a small buffer; `unsubscribe` ends the iteration, also for a consumer waiting in `next`.
 */
export class ResumingSubscription<Resume> implements Subscription {
  private readonly buffer: (RecordedEvent | Scanned)[] = [];
  /** Events in the buffer (markers do not count against the high-water mark). */
  private buffered = 0;
  /** The furthest position announced as scanned, so markers only ever move forward. */
  private scanned?: bigint;
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
      const item = this.buffer.shift();
      if (item && 'scannedThrough' in item) {
        // The consumer is back for more: it has taken every event queued before this marker.
        if (!this.closed) this.options.onScanned?.(item.scannedThrough);
        continue;
      }
      if (item) {
        this.buffered--;
        this.roomForMore?.();
        return { done: false, value: item };
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
          if (item.scannedOnly) {
            this.markScanned(item.position);
            continue;
          }
          if (isAlreadyDelivered(item.position, this.last?.position)) continue;
          this.last = { position: item.position, resumeFrom: item.resumeFrom };
          if (item.event) await this.deliver(item.event);
          this.markScanned(item.position);
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

  /** Queues "scanned through `position`" behind the events before it; consecutive markers collapse. */
  private markScanned(position: bigint): void {
    if (!this.options.onScanned || (this.scanned !== undefined && position <= this.scanned)) return;
    this.scanned = position;
    const tail = this.buffer.at(-1);
    if (tail && 'scannedThrough' in tail) tail.scannedThrough = position;
    else this.buffer.push({ scannedThrough: position });
    this.wakeConsumers();
  }

  private async deliver(event: RecordedEvent): Promise<void> {
    this.buffer.push(event);
    this.buffered++;
    this.wakeConsumers();
    // Backpressure: a slow projection must not make a catch-up over millions of events fill the memory.
    while (!this.closed && this.buffered >= (this.options.highWaterMark ?? 256)) {
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
