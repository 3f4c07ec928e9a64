import type { EventStore } from '../event-store/event-store.port.js';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { handleInStream, type CommandOutcome } from './command-handling.js';
import type { CommandEnvelope, EventCodec } from './event-codec.js';
import { loadFolded, type FoldedStream } from './folded-streams.js';

export interface StreamOptions<Event extends DomainEvent> {
  /** Optimistic concurrency offered to clients (If-Match): the revision the client last saw. */
  expectedRevision?: number;
  occurredAt?: (event: Event) => string | undefined;
}

/**
 * One aggregate's streams: folded for a decision or a check (decisions and checks share one cache of
 * folded states, so either costs a read of the events appended since), and commands decided and appended
 * with the expected revision. Each aggregate's repository is this with its decider and stream names.
 */
export class StreamRepository<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: EventStore,
    private readonly codec: EventCodec,
    readonly decider: Decider<Command, Event, State>,
    readonly streamOf: (id: string) => string,
    /** Event types whose personal data `evolve` reads; all others are folded without decrypting. */
    private readonly decryptTypes: readonly string[] = [],
  ) {}

  private folding(id: string) {
    return {
      streamName: this.streamOf(id),
      initialState: this.decider.initialState,
      evolve: this.decider.evolve,
      decryptTypes: this.decryptTypes,
    };
  }

  load(id: string): Promise<FoldedStream<State>> {
    return loadFolded(this.store, this.codec, this.folding(id));
  }

  execute(
    envelope: CommandEnvelope,
    id: string,
    command: Command,
    options: StreamOptions<Event> = {},
  ): Promise<CommandOutcome<Event>> {
    return handleInStream(this.store, this.codec, envelope, {
      ...this.folding(id),
      decide: (state) => this.decider.decide(command, state),
      ...(options.expectedRevision !== undefined ? { expectedRevision: options.expectedRevision } : {}),
      ...(options.occurredAt ? { occurredAt: options.occurredAt } : {}),
    });
  }
}
