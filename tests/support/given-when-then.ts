import type { Decider } from '../../src/shared/decider.js';

/**
 * Specifications for deciders in the style of docs/style.md:
 *   given([events]).when(command).then([events])
 *   given([events]).when(command).thenThrows(ErrorClass, 'reason-or-message')
 * `then` also folds the new events, so evolve is exercised on every outcome a test names.
 */
type ErrorClass = abstract new (...args: never[]) => Error;

export interface Outcome<Event, State> {
  then(expected: Event[]): void;
  /** For outcomes best checked piece by piece: receives the new events and the state after them. */
  thenMatches(check: (events: Event[], state: State) => void): void;
  thenThrows(errorClass: ErrorClass, reasonOrMessage?: string): void;
}

export interface Specification<Command, Event, State> {
  given(events: Event[]): { when(command: Command): Outcome<Event, State> };
}

/** Matches the error's reason codes (RuleViolationError), field names (ValidationError) or message. */
function matchesReason(error: Error, expected: string): boolean {
  const reasons = (error as { reasons?: unknown }).reasons;
  const fields = (error as { fields?: unknown }).fields;
  return (
    error.message === expected ||
    error.message.includes(expected) ||
    (Array.isArray(reasons) && reasons.includes(expected)) ||
    (Array.isArray(fields) && fields.includes(expected))
  );
}

export function specification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): Specification<Command, Event, State> {
  return {
    given: (history) => ({
      when: (command) => {
        const state = () => history.reduce(decider.evolve, decider.initialState());
        const run = () => {
          const before = state();
          const events = decider.decide(command, before);
          return { events, after: events.reduce(decider.evolve, before) };
        };
        return {
          then: (expected) => {
            expect(run().events).toEqual(expected);
          },
          thenMatches: (check) => {
            const { events, after } = run();
            check(events, after);
          },
          thenThrows: (errorClass, reasonOrMessage) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(errorClass);
            if (reasonOrMessage !== undefined && !matchesReason(thrown as Error, reasonOrMessage)) {
              throw new Error(
                `expected ${errorClass.name} with "${reasonOrMessage}", got: ${(thrown as Error).message} ` +
                  JSON.stringify({
                    reasons: (thrown as { reasons?: unknown }).reasons,
                    fields: (thrown as { fields?: unknown }).fields,
                  }),
              );
            }
          },
        };
      },
    }),
  };
}
