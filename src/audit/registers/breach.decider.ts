import { isIsoInstant } from '../../shared/calendar.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { BreachAssessed, BreachRecorded, BreachRisk, DpoRegisterEvent } from './dpo-registers.events.js';

export interface Breach {
  recorded: boolean;
  assessed: boolean;
  discoveredAt?: string;
}

export const initialBreach = (): Breach => ({ recorded: false, assessed: false });

export function evolveBreach(state: Breach, event: DpoRegisterEvent): Breach {
  if (event.type === 'BreachRecorded') return { ...state, recorded: true, discoveredAt: event.data.discoveredAt };
  if (event.type === 'BreachAssessed') return { ...state, assessed: true };
  return state;
}

const HOURS_72 = 72 * 3_600_000;

export function decideBreachRecord(data: BreachRecorded['data'], state: Breach, at: string): BreachRecorded[] {
  if (state.recorded) return [];
  if (!isIsoInstant(data.discoveredAt) || Date.parse(data.discoveredAt) > Date.parse(at)) {
    throw new ValidationError('discoveredAt must be a past ISO date-time', ['discoveredAt']);
  }
  return [{ type: 'BreachRecorded', data }];
}

/**
 * Art. 33 DSGVO: a breach with a risk is notified to the LDI NRW within 72 hours of becoming aware; a
 * later notification states the reasons for the delay (Art. 33(1) S. 2). "No risk" is documented only.
 */
export function decideBreachAssessment(
  data: Omit<BreachAssessed['data'], 'risk'> & { risk: BreachRisk },
  state: Breach,
): BreachAssessed[] {
  if (!state.recorded) throw new NotFoundError(`breach ${data.breachId} not found`);
  if (state.assessed) throw new ConflictError(`breach ${data.breachId} is already assessed`);
  const problems: [string, string][] = [];
  if (data.risk !== 'none' && !data.authorityNotifiedAt) {
    problems.push(['authorityNotifiedAt', 'is required when the breach is a risk (Art. 33 DSGVO)']);
  }
  if (data.authorityNotifiedAt && !isIsoInstant(data.authorityNotifiedAt)) {
    problems.push(['authorityNotifiedAt', 'must be an ISO date-time']);
  }
  const late =
    data.authorityNotifiedAt !== undefined &&
    Date.parse(data.authorityNotifiedAt) > Date.parse(state.discoveredAt!) + HOURS_72;
  if (late && !data.reasonForDelay?.trim()) {
    problems.push(['reasonForDelay', 'is required for a notification after 72 hours (Art. 33(1) S. 2 DSGVO)']);
  }
  if (data.risk === 'high-risk' && !data.personsNotifiedAt) {
    problems.push(['personsNotifiedAt', 'is required for a high risk (Art. 34 DSGVO)']);
  }
  if (problems.length > 0) throw ValidationError.of(problems);
  return [{ type: 'BreachAssessed', data }];
}
