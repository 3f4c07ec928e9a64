/**
 * The decider pattern: a pure `decide` turns a command and the current state into new events (or throws
 * a domain error), a pure `evolve` folds events into state. No I/O, no framework.
 */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** An event as the domain sees it: a stable type name and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export const fold = <Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: Event[],
): State => events.reduce(decider.evolve, decider.initialState());

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
