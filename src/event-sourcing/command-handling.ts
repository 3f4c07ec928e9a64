import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { DomainEvent } from '../shared/decider.js';
import { ConcurrencyError, PreconditionFailedError } from '../shared/errors.js';
import type { CommandEnvelope, EventCodec } from './event-codec.js';
import { loadFolded, rememberAppended } from './folded-streams.js';
import { withStreamLock } from './stream-lock.js';

export interface StreamDecision<State, Event extends DomainEvent> {
  streamName: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (state: State) => Event[];
  /** Optimistic concurrency offered to clients (If-Match): the revision the client last saw. */
  expectedRevision?: number;
  legalBasis?: string;
  occurredAt?: (event: Event) => string | undefined;
  /** Event types whose personal data `evolve` reads; all others are folded without decrypting. */
  decryptTypes?: readonly string[];
}

export interface CommandOutcome<Event extends DomainEvent> {
  events: Event[];
  /** Stream revision after the command (-1: the stream still does not exist). */
  revision: number;
  /** Global position of the last written event; undefined when nothing was written. */
  position?: bigint;
  /** True when the command had been handled before and its first result is returned again. */
  replayed: boolean;
}

const MAX_ATTEMPTS = 10;

/**
 * read → fold → decide → append with the expected revision. A concurrent writer makes us decide again on
 * the new state (up to MAX_ATTEMPTS), unless the client pinned a revision with If-Match (then 412).
 * A command whose id already appears in the stream is not decided again: its first events are returned
 * (idempotency that survives a crash between two sends and does not rely on the store's own cache).
 */
export function handleInStream<State, Event extends DomainEvent>(
  store: EventStore,
  codec: EventCodec,
  command: CommandEnvelope,
  decision: StreamDecision<State, Event>,
): Promise<CommandOutcome<Event>> {
  return withStreamLock(decision.streamName, () => decideAndAppend(store, codec, command, decision));
}

async function decideAndAppend<State, Event extends DomainEvent>(
  store: EventStore,
  codec: EventCodec,
  command: CommandEnvelope,
  decision: StreamDecision<State, Event>,
): Promise<CommandOutcome<Event>> {
  for (let attempt = 1; ; attempt++) {
    const folded = await loadFolded(store, codec, decision);
    if (folded.commandIds.has(command.commandId)) {
      const previous = (await store.readStream(decision.streamName)).filter(
        (r) => r.metadata.commandId === command.commandId,
      );
      return { events: await decodeAll<Event>(codec, previous, []), revision: folded.revision, replayed: true };
    }
    const { revision, state } = folded;
    if (decision.expectedRevision !== undefined && decision.expectedRevision !== revision) {
      throw new PreconditionFailedError(
        `${decision.streamName} is at revision ${revision}, the request expected ${decision.expectedRevision}`,
      );
    }
    const events = decision.decide(state);
    if (events.length === 0) return { events, revision, replayed: false };
    const toAppend = await codec.encode(events, decision.streamName, command, {
      ...(decision.legalBasis ? { legalBasis: decision.legalBasis } : {}),
      ...(decision.occurredAt ? { occurredAt: decision.occurredAt as (e: DomainEvent) => string | undefined } : {}),
    });
    try {
      const result = await store.appendToStream(decision.streamName, toAppend, revision < 0 ? 'no_stream' : revision);
      rememberAppended(
        store,
        decision,
        folded,
        events,
        result.nextExpectedRevision,
        command.commandId,
        result.position,
      );
      return { events, revision: result.nextExpectedRevision, position: result.position, replayed: false };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // The client's revision was current when read, but another writer got in before the append: stale all the same.
      if (decision.expectedRevision !== undefined) {
        throw new PreconditionFailedError(
          `${decision.streamName} moved past revision ${decision.expectedRevision}, which the request expected`,
        );
      }
      if (attempt >= MAX_ATTEMPTS) throw error;
      // Another process won the race: back off a little, with jitter, before deciding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** A stream folded for a decision: personal data stay encrypted unless their types are named. */
export async function readDecoded<Event extends DomainEvent>(
  store: EventStore,
  codec: EventCodec,
  streamName: string,
  decryptTypes: readonly string[] = [],
) {
  const recorded = await store.readStream(streamName);
  return { events: await decodeAll<Event>(codec, recorded, decryptTypes), revision: recorded.length - 1 };
}

const decodeAll = <Event extends DomainEvent>(
  codec: EventCodec,
  recorded: RecordedEvent[],
  decryptTypes?: readonly string[],
) =>
  Promise.all(
    recorded.map((r) => codec.decode<Event>(r, { decrypt: decryptTypes ? decryptTypes.includes(r.type) : true })),
  );
