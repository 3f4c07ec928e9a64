import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { DomainEvent } from '../shared/decider.js';
import type { EventCodec } from './event-codec.js';

/**
 * Folded states of recently used streams, per decider (keyed by its `evolve`). A command then reads only
 * the events appended since, instead of the whole stream: a case with a thousand actions costs as much
 * to decide as one with ten. Safe because the append still carries the expected revision, and evolve
 * returns new states rather than changing old ones.
 */
export interface FoldedStream<State> {
  state: State;
  revision: number;
  /** Command ids seen in the stream, for the idempotency check without reading it all again. */
  commandIds: Set<string>;
  /** Global position of the newest folded event (undefined for an empty stream): how fresh a read model must be. */
  position?: bigint;
}

const MAX_STREAMS_PER_DECIDER = 10_000;
/** Per store (two stores in one process never share a state) and per decider. */
const caches = new WeakMap<object, WeakMap<object, Map<string, FoldedStream<unknown>>>>();

function cacheOf(store: object, evolve: object): Map<string, FoldedStream<unknown>> {
  let perStore = caches.get(store);
  if (!perStore) caches.set(store, (perStore = new WeakMap()));
  let cache = perStore.get(evolve);
  if (!cache) perStore.set(evolve, (cache = new Map()));
  return cache;
}

export interface Folding<State, Event extends DomainEvent> {
  streamName: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decryptTypes?: readonly string[];
}

export async function loadFolded<State, Event extends DomainEvent>(
  store: EventStore,
  codec: EventCodec,
  folding: Folding<State, Event>,
): Promise<FoldedStream<State>> {
  const cached = cacheOf(store, folding.evolve).get(folding.streamName) as FoldedStream<State> | undefined;
  const fromRevision = cached ? cached.revision + 1 : 0;
  const recorded = await store.readStream(folding.streamName, fromRevision > 0 ? { fromRevision } : undefined);
  let state = cached?.state ?? folding.initialState();
  // Grown in place, not copied: it only ever gains ids of events already in the stream, and commands on
  // one stream take turns (stream-lock.ts). A copy per command cost O(commands so far) on long streams.
  const commandIds = cached?.commandIds ?? new Set<string>();
  let position = cached?.position;
  for (const event of recorded) {
    state = folding.evolve(state, await decode<Event>(codec, event, folding.decryptTypes));
    commandIds.add(event.metadata.commandId);
    position = event.position;
  }
  const folded: FoldedStream<State> = {
    state,
    revision: (cached?.revision ?? -1) + recorded.length,
    commandIds,
    ...(position !== undefined ? { position } : {}),
  };
  remember(store, folding, folded);
  return folded;
}

/** After a successful append: the new state is the old one with the appended events folded in. */
export function rememberAppended<State, Event extends DomainEvent>(
  store: EventStore,
  folding: Folding<State, Event>,
  before: FoldedStream<State>,
  events: readonly Event[],
  revision: number,
  commandId: string,
  position: bigint,
): void {
  // The append succeeded: the command id is now a fact of the stream (see loadFolded on growing in place).
  const commandIds = before.commandIds.add(commandId);
  remember(store, folding, { state: events.reduce(folding.evolve, before.state), revision, commandIds, position });
}

function remember<State>(
  store: object,
  folding: { streamName: string; evolve: object },
  folded: FoldedStream<State>,
): void {
  const cache = cacheOf(store, folding.evolve);
  cache.delete(folding.streamName);
  cache.set(folding.streamName, folded);
  if (cache.size > MAX_STREAMS_PER_DECIDER) cache.delete(cache.keys().next().value as string);
}

const decode = <Event extends DomainEvent>(codec: EventCodec, event: RecordedEvent, decryptTypes?: readonly string[]) =>
  codec.decode<Event>(event, { decrypt: (decryptTypes ?? []).includes(event.type) });
