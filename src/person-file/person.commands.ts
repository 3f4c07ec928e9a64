import type { Catalogue } from '../config/catalogue.js';
import { isIsoDate } from './consents/consent.rules.js';
import { ValidationError } from '../shared/errors.js';

/**
 * Commands on a person's data-protection file (stream `person-<personId>`). Ids come in the command (the
 * application layer derives them from the command id); `at` is the instant the command is decided.
 */
export type RegisterPerson = {
  type: 'RegisterPerson';
  data: {
    personId: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string; // YYYY-MM-DD
    nationality: string; // ISO 3166-1 alpha-2 or 'XX'
    municipality: string; // from the catalogue
    languages: string[];
    residenceStatus: string;
    registeredBy: string;
    at: string;
  };
};

/** Art. 18 DSGVO / § 84 SGB X. */
export type RestrictPerson = {
  type: 'RestrictPerson';
  data: { personId: string; reason: string; restrictedBy: string; at: string };
};

export type LiftPersonRestriction = {
  type: 'LiftPersonRestriction';
  data: { personId: string; reason: string; liftedBy: string; at: string };
};

/** Art. 17 DSGVO; the application layer destroys the person's key after PersonErased is stored. */
export type ErasePerson = {
  type: 'ErasePerson';
  data: { personId: string; reason: string; erasedBy: string; at: string };
};

export type PersonCommand = RegisterPerson | RestrictPerson | LiftPersonRestriction | ErasePerson;

const NAME_MAX_LENGTH = 200;
const NAME_RULE = `must be 1-${NAME_MAX_LENGTH} characters, without control or text-direction characters`;
/**
 * Control characters; halves of surrogate pairs (not characters at all: they cannot be written as UTF-8);
 * and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a
 * name display in an order other than the stored one. Marks that spelling needs stay allowed: the
 * zero-width (non-)joiner of Persian or Indic names, and left/right-to-left marks.
 */
const NOT_IN_A_NAME = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Names in any script are valid (umlauts, accents, Arabic, Chinese, long double names): only empty
 * names, the characters above and absurd lengths are refused. Length counts characters, not UTF-16 units.
 */
const isName = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.trim() !== '' &&
  [...value].length <= NAME_MAX_LENGTH &&
  !NOT_IN_A_NAME.test(value);

/** Field checks of a registration; every problem is named at once. `today` is the calendar date of `at`. */
export function validateRegistration(d: RegisterPerson['data'], today: string, catalogue: Catalogue): void {
  const problems: [string, string][] = [];
  if (typeof d.personId !== 'string' || d.personId === '') problems.push(['personId', 'is required']);
  if (!isName(d.givenName)) problems.push(['givenName', NAME_RULE]);
  if (!isName(d.familyName)) problems.push(['familyName', NAME_RULE]);
  if (!isIsoDate(d.dateOfBirth) || d.dateOfBirth > today || d.dateOfBirth < '1900-01-01') {
    problems.push(['dateOfBirth', 'must be a past date (YYYY-MM-DD)']);
  }
  if (typeof d.nationality !== 'string' || !/^[A-Z]{2}$/.test(d.nationality)) {
    problems.push(['nationality', "must be an ISO 3166-1 alpha-2 code or 'XX'"]);
  }
  if (!catalogue.municipalities.includes(d.municipality)) {
    problems.push(['municipality', `unknown municipality: ${String(d.municipality)}`]);
  }
  if (!Array.isArray(d.languages) || !d.languages.every((l) => typeof l === 'string' && /^[a-z]{2,3}$/.test(l))) {
    problems.push(['languages', 'must be ISO 639 language codes']);
  }
  if (typeof d.residenceStatus !== 'string' || d.residenceStatus.trim() === '') {
    problems.push(['residenceStatus', 'is required']);
  }
  if (problems.length > 0) {
    throw new ValidationError(
      problems.map(([field, message]) => `${field} ${message}`).join('; '),
      problems.map(([field]) => field),
    );
  }
}
