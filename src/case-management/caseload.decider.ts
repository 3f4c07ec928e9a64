import type { Catalogue } from '../config/catalogue.js';
import { requireInstant } from '../shared/calendar.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import type { CaseloadCommand } from './case.commands.js';
import type { CaseloadEvent } from './case.events.js';

/**
 * Decider of the stream `caseload-<caseworkerId>` (Betreuungsschlüssel 1:80, product rule 5). The limit
 * is decided on this one stream; the application layer appends with the expected revision, so two
 * racing assignments cannot both take the 80th slot.
 */
export interface Caseload {
  caseworkerId?: string;
  /** Cases holding a slot, in the order they took it. */
  activeCaseIds: readonly string[];
}

const RELEASE_REASONS = ['closed', 'reassigned', 'assignment-failed'] as const;

export const initialCaseload = (): Caseload => ({ activeCaseIds: [] });

export function evolveCaseload(state: Caseload, event: CaseloadEvent): Caseload {
  switch (event.type) {
    case 'CaseloadSlotTaken':
      return state.activeCaseIds.includes(event.data.caseId)
        ? state
        : { caseworkerId: event.data.caseworkerId, activeCaseIds: [...state.activeCaseIds, event.data.caseId] };
    case 'CaseloadSlotReleased':
      return { ...state, activeCaseIds: state.activeCaseIds.filter((id) => id !== event.data.caseId) };
    default:
      return assertNever(event);
  }
}

export function caseloadDecider(catalogue: Catalogue): Decider<CaseloadCommand, CaseloadEvent, Caseload> {
  return {
    initialState: initialCaseload,
    evolve: evolveCaseload,
    decide: (command, state) => {
      const { caseworkerId, caseId, at } = command.data;
      requireInstant(at);
      if (!caseworkerId || !caseId)
        throw new ValidationError('caseworkerId and caseId are required', ['caseworkerId', 'caseId']);
      const holdsSlot = state.activeCaseIds.includes(caseId);
      switch (command.type) {
        case 'TakeCaseloadSlot': {
          const limit = command.data.limit ?? catalogue.caseloadLimit;
          if (!Number.isInteger(limit) || limit < 1)
            throw new ValidationError('limit must be a positive integer', ['limit']);
          // Idempotent: a retried assignment of the same case does not take a second slot.
          if (holdsSlot) return [];
          if (state.activeCaseIds.length >= limit) throw new ConflictError('caseload-limit-reached');
          return [{ type: 'CaseloadSlotTaken', data: { caseworkerId, caseId, limit } }];
        }
        case 'ReleaseCaseloadSlot': {
          const { why } = command.data;
          if (!RELEASE_REASONS.includes(why))
            throw new ValidationError(`why must be one of ${RELEASE_REASONS.join(', ')}`, ['why']);
          // Idempotent too: a compensation after a failed assignment may run twice.
          return holdsSlot ? [{ type: 'CaseloadSlotReleased', data: { caseworkerId, caseId, why } }] : [];
        }
        default:
          return assertNever(command);
      }
    },
  };
}
