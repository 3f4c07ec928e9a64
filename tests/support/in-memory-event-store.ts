import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  Subscription,
} from '../../src/event-store/event-store.port.js';
import { ConcurrencyError } from '../../src/shared/errors.js';

/** The log itself, shared by every instance opened on it (as two processes share one database file). */
class Log {
  readonly streams = new Map<string, RecordedEvent[]>();
  readonly metadata = new Map<string, StreamMetadata>();
  position = 0n;
}

/**
 * Called before an append is checked against the stream's revision. It may throw (a store outage), or
 * write to the log itself through `store` (another process winning the race), then let the append go on.
 */
export type AppendHook = (
  streamName: string,
  events: readonly NewEvent[],
  store: InMemoryEventStore,
) => void | Promise<void>;

/**
 * The EventStore port in memory, for specs of the command-handling core: expected revisions as the real
 * stores check them, a record of every stream read and append, and hooks to fail or overtake an append.
 */
export class InMemoryEventStore implements EventStore {
  /** Every readStream call: stream and the first revision asked for. */
  readonly reads: { streamName: string; fromRevision: number }[] = [];
  /** Every append that reached the log (the hooks' own writes included). */
  readonly appends: { streamName: string; types: string[] }[] = [];
  private hooks: AppendHook[] = [];

  constructor(private readonly log: Log = new Log()) {}

  /** Another instance on the same log: same events, none of this instance's caches (keyed by instance). */
  reopen(): InMemoryEventStore {
    return new InMemoryEventStore(this.log);
  }

  /** Runs `hook` before the next `times` appends to a stream `matching` (default: every one). */
  beforeAppendTo(matching: (streamName: string) => boolean, hook: AppendHook, times = Infinity): void {
    let left = times;
    const wrapped: AppendHook = async (streamName, events, store) => {
      if (!matching(streamName)) return;
      if (--left <= 0) this.hooks = this.hooks.filter((h) => h !== wrapped);
      await hook(streamName, events, store);
    };
    this.hooks.push(wrapped);
  }

  /** Appends without running hooks: what another writer does. */
  async write(streamName: string, events: NewEvent[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
    const stream = this.log.streams.get(streamName) ?? [];
    const actual = stream.length - 1;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && stream.length === 0) ||
      (expected === 'stream_exists' && stream.length > 0) ||
      expected === actual;
    if (!ok) throw new ConcurrencyError(streamName, String(expected), String(actual));
    for (const event of events) {
      this.log.position += 1n;
      stream.push({
        id: event.id,
        type: event.type,
        streamName,
        revision: stream.length,
        position: this.log.position,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata),
        recordedAt: new Date(0).toISOString(),
      });
    }
    this.log.streams.set(streamName, stream);
    this.appends.push({ streamName, types: events.map((e) => e.type) });
    return { nextExpectedRevision: stream.length - 1, position: this.log.position };
  }

  async appendToStream(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    for (const hook of [...this.hooks]) await hook(streamName, events, this);
    return this.write(streamName, events, expected);
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    this.reads.push({ streamName, fromRevision });
    const events = (this.log.streams.get(streamName) ?? []).slice(fromRevision);
    return structuredClone(options.maxCount === undefined ? events : events.slice(0, options.maxCount));
  }

  /** The stream as stored, without recording a read. */
  stored(streamName: string): RecordedEvent[] {
    return structuredClone(this.log.streams.get(streamName) ?? []);
  }

  async streamRevision(streamName: string): Promise<number | undefined> {
    const stream = this.log.streams.get(streamName);
    return stream && stream.length > 0 ? stream.length - 1 : undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const all = [...this.log.streams.values()].flat().sort((a, b) => (a.position < b.position ? -1 : 1));
    const after = options.after ?? 0n;
    const types = options.filter?.eventTypes;
    const prefixes = options.filter?.streamPrefixes;
    const matching = all.filter(
      (e) =>
        e.position > after &&
        (!types?.length || types.includes(e.type)) &&
        (!prefixes?.length || prefixes.some((p) => e.streamName.startsWith(p))),
    );
    return structuredClone(options.maxCount === undefined ? matching : matching.slice(0, options.maxCount));
  }

  subscribeToAll(): Subscription {
    throw new Error('not needed by these specs');
  }

  async headPosition(): Promise<bigint | undefined> {
    return this.log.position === 0n ? undefined : this.log.position;
  }

  async getStreamMetadata(streamName: string): Promise<StreamMetadata | undefined> {
    return this.log.metadata.get(streamName);
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.log.metadata.set(streamName, metadata);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
