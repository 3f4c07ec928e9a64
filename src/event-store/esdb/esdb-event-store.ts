import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import type { EventMetadata } from '../../shared/event-metadata.js';
import { assertNever } from '../../shared/decider.js';
import { ConcurrencyError } from '../../shared/errors.js';
import { matchesFilter, planServerFilter, type ServerFilterPlan } from './esdb-filter.js';
import { isAlreadyDelivered } from './esdb-reconnect.js';
import { describeRevision, toEsdbExpectedRevision, toRevisionNumber } from './esdb-revision.js';
import { ResumingSubscription, type SourceConnection } from './resuming-subscription.js';

const PING_DEADLINE_MS = 3_000;
/**
 * A filtered read of $all ends at the server's caughtUp message (EventStoreDB >= 23.10; client 6.1.0
 * "Add support for caught up and fell behind subscription message"). Should a server never send one, a
 * read that has heard nothing for this long counts as caught up — a scanning server sends a checkpoint
 * every 32 events it looks at (checkpointInterval 1 × the server's search window of 32).
 */
const READ_ALL_IDLE_MS = 5_000;
/**
 * Our stream metadata lives under one key of EventStoreDB's stream metadata: keys such as `maxAge` or
 * `maxCount` at the top level are retention settings the server acts on, and would delete audit events.
 */
const CUSTOM_METADATA_KEY = 'kim';

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<ResumingSubscription<Position>>();

  private readonly readAllIdleMs: number;

  constructor(
    private readonly client: EventStoreDBClient,
    options: { readAllIdleMs?: number } = {},
  ) {
    this.readAllIdleMs = options.readAllIdleMs ?? READ_ALL_IDLE_MS;
  }

  async appendToStream(
    streamName: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError(`append to ${streamName}: no events given`);
    // Serialise first so an unserialisable event (a bigint, a cycle) fails before anything is sent.
    const eventData = events.map((e) => {
      JSON.stringify([e.data, e.metadata]);
      return jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata });
    });
    try {
      const result = await this.client.appendToStream(streamName, eventData, {
        expectedRevision: vendorRevision(expectedRevision),
      });
      if (!result.position) throw new Error(`append to ${streamName}: the server returned no position`);
      return { nextExpectedRevision: toRevisionNumber(result.nextExpectedRevision), position: result.position.commit };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new ConcurrencyError(
          streamName,
          describeRevision(error.expectedVersion),
          describeRevision(error.actualVersion),
        );
      }
      throw error;
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const read = this.client.readStream(streamName, {
      direction: FORWARDS,
      fromRevision: options.fromRevision === undefined ? START : BigInt(options.fromRevision),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.push(toRecorded(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async streamRevision(streamName: string): Promise<number | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamName, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return toRevisionNumber(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  /**
   * A read of $all filtered ON THE SERVER: the installed client's `readAll` takes no filter (6.2.1,
   * src/streams/readAll.ts), but `subscribeToAll` does (`filter: eventTypeFilter | streamNameFilter`,
   * docs "Server-side filtering"), so the read is a catch-up subscription that stops once it has
   * `maxCount` events, has passed the head the log had when the read began, or is caught up. The server
   * skips what does not match instead of sending all of $all to be filtered here, page by page.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    const head = await this.headPosition();
    if (head === undefined || (options.after !== undefined && options.after >= head)) return [];
    const vendor = this.client.subscribeToAll({
      fromPosition: options.after === undefined ? START : { commit: options.after, prepare: options.after },
      filter: vendorFilter(planServerFilter(options.filter), markCheckpoints),
    });
    vendor.on('caughtUp', () => vendor.push(CAUGHT_UP));
    const result: RecordedEvent[] = [];
    try {
      for await (const item of withIdleEnd(vendor as AsyncIterable<VendorItem>, this.readAllIdleMs)) {
        if (item === CAUGHT_UP) break;
        if (isCheckpoint(item)) {
          if (item.position.commit > head) break; // scanned past the head: nothing more in this read
          continue;
        }
        const event = item.event;
        if (!event) continue;
        if (!event.position)
          throw new Error(`event ${event.id}: the server sent no $all position (EventStoreDB >= 22.6 needed)`);
        const position = event.position.commit;
        // A subscription from a position may repeat the event at it; `after` is exclusive.
        if (isAlreadyDelivered(position, options.after)) continue;
        if (position > head) break; // written after the read began: the next read gets it
        if (matchesFilter(options.filter, event.streamId, event.type)) result.push(toRecorded(event));
        if (result.length >= limit || position === head) break;
      }
    } finally {
      await vendor.unsubscribe().catch(() => undefined);
      vendor.destroy();
    }
    return result;
  }

  /**
   * Filtered on the server (see planServerFilter), with the filter's `checkpointReached` callback
   * (client docs "Server-side filtering", section "Checkpointing") turned into the port's `onScanned`: a
   * projection whose events are rare learns that the log was read up to a position without an event.
   */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const serverFilter = vendorFilter(planServerFilter(options.filter), markCheckpoints);
    const connect = (from: { position: bigint; resumeFrom?: Position } | undefined): SourceConnection<Position> => {
      const fromPosition: ReadPosition = from
        ? (from.resumeFrom ?? { commit: from.position, prepare: from.position })
        : START;
      const vendor = this.client.subscribeToAll({ fromPosition, filter: serverFilter });
      return {
        async *[Symbol.asyncIterator]() {
          for await (const item of vendor as AsyncIterable<VendorItem>) {
            if (item === CAUGHT_UP) continue;
            if (isCheckpoint(item)) {
              // Scanned through the position before the checkpoint's: whether the server's checkpoint is
              // the last position it read or the next one it will read, nothing before it is still to come.
              if (item.position.commit > 0n) yield { position: item.position.commit - 1n, scannedOnly: true };
              continue;
            }
            const event = item.event;
            if (!event) continue;
            const wanted = matchesFilter(options.filter, event.streamId, event.type);
            yield {
              position: event.position.commit,
              resumeFrom: event.position,
              ...(wanted ? { event: toRecorded(event) } : {}),
            };
          }
        },
        async close() {
          await vendor.unsubscribe().catch(() => undefined);
          vendor.destroy();
        },
      };
    };
    const subscription = new ResumingSubscription<Position>(connect, {
      ...(options.after === undefined ? {} : { after: options.after }),
      ...(options.onScanned ? { onScanned: options.onScanned } : {}),
      onDrop: (error, attempt) =>
        console.warn(`EventStoreDB subscription dropped (attempt ${attempt + 1}), reconnecting: ${String(error)}`),
      onClosed: () => this.subscriptions.delete(subscription),
      random: Math.random,
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event) return resolved.event.position.commit;
    }
    return undefined;
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata | undefined> {
    const { metadata } = await this.client.getStreamMetadata(streamName);
    const custom = metadata?.[CUSTOM_METADATA_KEY];
    return isRecord(custom) ? custom : undefined;
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    // Keep settings an operator may have put there (ACLs, retention) and replace only ours.
    const current = (await this.client.getStreamMetadata(streamName)).metadata ?? {};
    await this.client.setStreamMetadata(streamName, { ...current, [CUSTOM_METADATA_KEY]: metadata });
  }

  async ping(): Promise<void> {
    const read = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline: PING_DEADLINE_MS,
    });
    for await (const _ of read) void _;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    await this.client.dispose();
  }
}

export function openEsdbEventStore(connectionString: string): EsdbEventStore {
  return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
}

function vendorRevision(expected: ExpectedRevision): AppendExpectedRevision {
  const revision = toEsdbExpectedRevision(expected);
  if (typeof revision === 'bigint') return revision;
  switch (revision) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return assertNever(revision);
  }
}

/** `checkpointReached` is awaited inside the client's stream transform (6.2.1, src/streams/utils/Subscription.ts). */
type CheckpointReached = (subscription: AllStreamSubscription, position: Position) => void;

function vendorFilter(plan: ServerFilterPlan, checkpointReached: CheckpointReached): Filter {
  // checkpointInterval 1: a checkpoint every search window (32 events looked at by the server).
  const checkpoints = { checkpointInterval: 1, checkpointReached };
  switch (plan.on) {
    case 'streamName':
      return streamNameFilter({ prefixes: plan.prefixes, ...checkpoints });
    case 'eventType':
      return eventTypeFilter({ regex: plan.regex, ...checkpoints });
    case 'nonSystemEventTypes':
      return excludeSystemEvents(checkpoints);
    default:
      return assertNever(plan);
  }
}

/**
 * Markers pushed into the client's own object stream, so they reach the reader in order with the events:
 * the client calls `checkpointReached` and emits `caughtUp` while transforming the server's messages, after
 * the events before them were pushed and before the ones after them are.
 */
const CAUGHT_UP = Symbol('caughtUp');
const CHECKPOINT = Symbol('checkpoint');
interface CheckpointMark {
  [CHECKPOINT]: true;
  position: Position;
}
type VendorItem = AllStreamResolvedEvent | CheckpointMark | typeof CAUGHT_UP;

const markCheckpoints: CheckpointReached = (subscription, position) =>
  void subscription.push({ [CHECKPOINT]: true, position } satisfies CheckpointMark);

const isCheckpoint = (item: VendorItem): item is CheckpointMark =>
  typeof item === 'object' && item !== null && CHECKPOINT in item;

/**
 * The items of `source` until it has been silent for `idleMs` (then it counts as caught up; see
 * READ_ALL_IDLE_MS). The source is left to the caller to close.
 */
async function* withIdleEnd<T>(source: AsyncIterable<T>, idleMs: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), idleMs)));
    try {
      const next = await Promise.race([iterator.next(), idle]);
      if (next === 'idle' || next.done) return;
      yield next.value;
    } finally {
      clearTimeout(timer);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toRecorded(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.isJson || !isRecord(event.data)) {
    throw new Error(`event ${event.id} in ${event.streamId} is not a JSON object; kim-ledger writes only those`);
  }
  if (!event.position)
    throw new Error(`event ${event.id}: the server sent no $all position (EventStoreDB >= 22.6 needed)`);
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: toRevisionNumber(event.revision),
    position: event.position.commit,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
}
