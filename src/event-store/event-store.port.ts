import type { EventMetadata } from '../shared/event-metadata.js';

/**
 * Our own event store contract. Adapters (SQLite embedded, EventStoreDB production) implement it and
 * run the same contract suite (tests/contract/event-store.contract.ts); no vendor type crosses it.
 */
export const EVENT_STORE = Symbol('EventStore');

/** `no_stream`: the stream must not exist; `stream_exists`: it must; a number: its last revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface NewEvent {
  /** UUID; derived from the command id so a retried command writes the same ids. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  type: string;
  streamName: string;
  /** 0-based position inside the stream. */
  revision: number;
  /** Position in the global log; strictly increasing, opaque except for ordering. */
  position: bigint;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** When the store accepted it (ISO-8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as expected revision of the next append. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: bigint;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

/** Selects events from the global log. Empty or missing lists mean "no restriction". */
export interface EventFilter {
  streamPrefixes?: readonly string[];
  eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Omitted: from the beginning. */
  after?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  after?: bigint;
  filter?: EventFilter;
  /**
   * Called when every matching event up to `position` has been delivered, also when none matched: the
   * log has been read that far. Lets a consumer tell "caught up" without querying the store. Optional
   * for adapters: one that cannot tell never calls it.
   */
  onScanned?: (position: bigint) => void;
}

/**
 * A catch-up subscription: first everything after `after`, then live events, in global order,
 * each exactly once. Adapters reconnect transparently after a dropped connection.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  unsubscribe(): Promise<void>;
}

export type StreamMetadata = Record<string, unknown>;

export interface EventStore {
  /** Appends atomically; all events or none. Throws ConcurrencyError on a revision mismatch. */
  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; empty array for a stream that does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Revision of the last event of the stream, or undefined when it does not exist. */
  streamRevision(streamName: string): Promise<number | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the global log (undefined while empty). */
  headPosition(): Promise<bigint | undefined>;
  getStreamMetadata(streamName: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void>;
  /** Readiness for /health: throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Verification of the hash chain over the stored events (product rules 8 and 9). */
export interface ChainVerification {
  /** False while any failure is on record, also one an operator has acknowledged. */
  ok: boolean;
  /** Every event in the store. */
  events: number;
  /** The first failure nobody acknowledged, else the first acknowledged one. */
  firstBadEvent?: { position: string; reason: string };
  /** The newest witnessed checkpoint the log extends (up to the first failure). */
  checkpoint?: { position: string; time: string; root: string; kind: string };
  /** Failures covered by an operator's acknowledgement (`kim incident acknowledge`). */
  acknowledged?: { position: string; reason: string }[];
  /** Access-log entries up to this position have expired and were removed (product rule 12). */
  accessLogCut?: string;
}

export interface TamperEvidence {
  verifyChain(onProgress?: (checked: number, total: number) => void): Promise<ChainVerification>;
}

export const TAMPER_EVIDENCE = Symbol('TamperEvidence');
