import { isIsoDate, localDate, requireInstant } from '../shared/calendar.js';
import type { Decider } from '../shared/decider.js';
import { ValidationError } from '../shared/errors.js';
import type { Baustein, StaffEvent, StaffProfile } from './staff.events.js';

/** PUT /staff/{caseworkerId}: the whole profile as it is from now on. */
export type RecordStaffMember = {
  type: 'RecordStaffMember';
  data: StaffProfile & { recordedBy: string; at: string };
};

export interface StaffMember {
  profile?: StaffProfile;
}

/** The providers a case manager can be placed with; the county's lists come from configuration. */
export interface StaffRules {
  providers: readonly string[];
  /** Betreuungsschlüssel: cases per full-time post (1:80). */
  casesPerFullTimePost: number;
}

/** Product rule 5 (v2): 80 × the caseworker's FTE share, rounded down — 0.5 FTE carries 40 cases. */
export const caseloadLimitOf = (profile: Pick<StaffProfile, 'fte'>, casesPerFullTimePost: number): number =>
  Math.floor(casesPerFullTimePost * profile.fte + 1e-9);

/** Whether the staff member works on the calendar date of `at`. */
export const isActiveOn = (profile: StaffProfile, at: string): boolean => {
  const today = localDate(at);
  return (!profile.activeFrom || profile.activeFrom <= today) && (!profile.activeUntil || today <= profile.activeUntil);
};

const BAUSTEINE: readonly Baustein[] = [1, 2, 3];

export function staffDecider(rules: StaffRules): Decider<RecordStaffMember, StaffEvent, StaffMember> {
  return {
    initialState: () => ({}),
    evolve: (_state, event) => {
      const { recordedBy: _by, ...profile } = event.data;
      return { profile };
    },
    decide: (command, state) => {
      const { at, recordedBy, ...profile } = command.data;
      requireInstant(at);
      const problems: [string, string][] = [];
      if (!rules.providers.includes(profile.provider)) {
        problems.push([
          'provider',
          `unknown provider: ${profile.provider} (KI, AUSLAENDERBEHOERDE, a municipality or WV_*)`,
        ]);
      }
      if (!(profile.fte >= 0.05 && profile.fte <= 1)) problems.push(['fte', 'must be a share from 0.05 to 1']);
      if (!BAUSTEINE.includes(profile.baustein)) problems.push(['baustein', 'must be 1, 2 or 3']);
      for (const field of ['activeFrom', 'activeUntil'] as const) {
        if (profile[field] !== undefined && !isIsoDate(profile[field]))
          problems.push([field, 'must be a date (YYYY-MM-DD)']);
      }
      if (profile.activeFrom && profile.activeUntil && profile.activeUntil < profile.activeFrom) {
        problems.push(['activeUntil', 'must not be before activeFrom']);
      }
      if (problems.length > 0) {
        throw ValidationError.of(problems);
      }
      // Sending the same profile again records nothing new.
      if (state.profile && sameProfile(state.profile, profile)) return [];
      return [{ type: 'StaffMemberRecorded', data: { ...profile, recordedBy } }];
    },
  };
}

const sameProfile = (a: StaffProfile, b: StaffProfile) =>
  a.provider === b.provider &&
  a.fte === b.fte &&
  a.baustein === b.baustein &&
  a.activeFrom === b.activeFrom &&
  a.activeUntil === b.activeUntil;
