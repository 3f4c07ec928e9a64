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

/** Events read from $all per round trip while filtering on the client (the v6 client's readAll has no filter). */
const READ_ALL_PAGE = 500;
const PING_DEADLINE_MS = 3_000;
/**
 * Our stream metadata lives under one key of EventStoreDB's stream metadata: keys such as `maxAge` or
 * `maxCount` at the top level are retention settings the server acts on, and would delete audit events.
 */
const CUSTOM_METADATA_KEY = 'kim';

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<ResumingSubscription<Position>>();

  constructor(private readonly client: EventStoreDBClient) {}

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

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    let last = options.after;
    let from: ReadPosition = last === undefined ? START : { commit: last, prepare: last };
    while (result.length < limit) {
      let read = 0;
      let lastPosition: Position | undefined;
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: from,
        maxCount: READ_ALL_PAGE,
      })) {
        read++;
        const event = resolved.event;
        if (!event) continue;
        lastPosition = event.position;
        // A read from a position includes the event at it; `after` is exclusive.
        if (isAlreadyDelivered(event.position.commit, last)) continue;
        last = event.position.commit;
        if (result.length < limit && matchesFilter(options.filter, event.streamId, event.type))
          result.push(toRecorded(event));
      }
      if (read < READ_ALL_PAGE || !lastPosition) break;
      from = lastPosition;
    }
    return result;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const serverFilter = vendorFilter(planServerFilter(options.filter));
    const connect = (from: { position: bigint; resumeFrom?: Position } | undefined): SourceConnection<Position> => {
      const fromPosition: ReadPosition = from
        ? (from.resumeFrom ?? { commit: from.position, prepare: from.position })
        : START;
      const vendor = this.client.subscribeToAll({ fromPosition, filter: serverFilter });
      return {
        async *[Symbol.asyncIterator]() {
          for await (const resolved of vendor as AsyncIterable<AllStreamResolvedEvent>) {
            const event = resolved.event;
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

function vendorFilter(plan: ServerFilterPlan): Filter {
  switch (plan.on) {
    case 'streamName':
      return streamNameFilter({ prefixes: plan.prefixes });
    case 'eventType':
      return eventTypeFilter({ regex: plan.regex });
    case 'nonSystemEventTypes':
      return excludeSystemEvents();
    default:
      return assertNever(plan);
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
