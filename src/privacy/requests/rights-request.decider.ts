import { endOfPeriodInMonths, isIsoDate, localDate, requireInstant } from '../../shared/calendar.js';
import { assertNever, type Decider } from '../../shared/decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import type {
  RightsRequestChannel,
  RightsRequestEvent,
  RightsRequestKind,
  RightsRequestOutcome,
} from './rights-request.events.js';

export type RightsRequestCommand =
  | {
      type: 'RegisterRightsRequest';
      data: {
        requestId: string;
        personId: string;
        kind: RightsRequestKind;
        channel: RightsRequestChannel;
        receivedOn: string;
        registeredBy: string;
        at: string;
      };
    }
  | {
      type: 'ExtendRightsRequest';
      data: { requestId: string; months: number; reason: string; extendedBy: string; at: string };
    }
  | {
      type: 'CloseRightsRequest';
      data: { requestId: string; outcome: RightsRequestOutcome; closedBy: string; at: string };
    };

export interface RightsRequest {
  status: 'none' | 'open' | 'closed';
  personId?: string;
  receivedOn?: string;
  dueOn?: string;
  extended: boolean;
}

const initial = (): RightsRequest => ({ status: 'none', extended: false });

function evolve(state: RightsRequest, event: RightsRequestEvent): RightsRequest {
  switch (event.type) {
    case 'RightsRequestReceived':
      return {
        ...state,
        status: 'open',
        personId: event.data.personId,
        receivedOn: event.data.receivedOn,
        dueOn: event.data.dueOn,
      };
    case 'RightsRequestExtended':
      return { ...state, dueOn: event.data.dueOn, extended: true };
    case 'RightsRequestClosed':
      return { ...state, status: 'closed' };
    default:
      return assertNever(event);
  }
}

/** Art. 12(3) DSGVO: a further period of at most two months, in total. */
const MAX_EXTENSION_MONTHS = 2;

function decide(command: RightsRequestCommand, state: RightsRequest): RightsRequestEvent[] {
  const today = localDate(requireInstant(command.data.at));
  if (command.type === 'RegisterRightsRequest') {
    const d = command.data;
    // A retried registration (same command → same request id) records nothing new.
    if (state.status !== 'none') return [];
    if (!isIsoDate(d.receivedOn) || d.receivedOn > today) {
      throw new ValidationError('receivedOn must be a date (YYYY-MM-DD), today or earlier', ['receivedOn']);
    }
    const { at: _at, ...data } = d;
    return [{ type: 'RightsRequestReceived', data: { ...data, dueOn: endOfPeriodInMonths(d.receivedOn, 1) } }];
  }
  if (state.status === 'none') throw new NotFoundError(`request ${command.data.requestId} not found`);
  if (state.status === 'closed') throw new ConflictError(`request ${command.data.requestId} is closed`);
  const personId = state.personId!;
  switch (command.type) {
    case 'ExtendRightsRequest': {
      const { requestId, months, reason, extendedBy } = command.data;
      if (state.extended) throw new ConflictError(`request ${requestId} was already extended`);
      if (!Number.isInteger(months) || months < 1 || months > MAX_EXTENSION_MONTHS) {
        throw new ValidationError(`months must be 1 or ${MAX_EXTENSION_MONTHS}`, ['months']);
      }
      // The person must be told of the extension within the first month: afterwards it is too late.
      if (today > state.dueOn!) throw new RuleViolationError('request-overdue');
      return [
        {
          type: 'RightsRequestExtended',
          data: {
            requestId,
            personId,
            months,
            dueOn: endOfPeriodInMonths(state.receivedOn!, 1 + months),
            reason,
            extendedBy,
          },
        },
      ];
    }
    case 'CloseRightsRequest': {
      const { requestId, outcome, closedBy } = command.data;
      return [{ type: 'RightsRequestClosed', data: { requestId, personId, outcome, closedOn: today, closedBy } }];
    }
    default:
      return assertNever(command);
  }
}

export const rightsRequestDecider: Decider<RightsRequestCommand, RightsRequestEvent, RightsRequest> = {
  initialState: initial,
  evolve,
  decide,
};
