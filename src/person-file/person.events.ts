import type { DomainEvent } from '../shared/decider.js';

/**
 * Stream `person-<personId>`: the person's data-protection file. Registration, consents, transfers and
 * restriction share one stream on purpose: a transfer is decided against the exact consents of one
 * stream revision, so a withdrawal racing a transfer can never be overtaken (product rule 2, 3).
 *
 * Fields under `personal` are personal data: the event codec encrypts them with the person's key before
 * they are stored and they vanish with it on erasure (crypto-shredding, rule 7). Everything outside
 * `personal` must be pseudonymous: ids, codes, dates of the process, the statistical residue.
 */
export interface PersonalDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string; // YYYY-MM-DD
  nationality: string; // ISO 3166-1 alpha-2, or 'XX' stateless / unknown
  languages: string[];
  residenceStatus: string;
}

/** Not personal data on its own; kept so published committee figures survive an erasure (issue 5). */
export interface StatisticalResidue {
  municipality: string;
  birthYearBand: string; // e.g. '1990-1994'
  nationality: string;
}

export type PersonRegistered = DomainEvent<
  'PersonRegistered',
  { personId: string; registeredBy: string; residue: StatisticalResidue; personal: PersonalDetails }
>;

/** Art. 18 DSGVO / § 84 SGB X: transfers refused, reads only by the DPO. */
export type PersonRestricted = DomainEvent<'PersonRestricted', { personId: string; reason: string }>;
export type PersonRestrictionLifted = DomainEvent<'PersonRestrictionLifted', { personId: string; reason: string }>;

/**
 * Art. 17 DSGVO. Written before the key is destroyed; afterwards only pseudonymous facts remain.
 * `recipientsToNotify` are the agencies that received data earlier (Art. 19 DSGVO).
 */
export type PersonErased = DomainEvent<
  'PersonErased',
  { personId: string; reason: string; recipientsToNotify: string[] }
>;

export type PersonEvent = PersonRegistered | PersonRestricted | PersonRestrictionLifted | PersonErased;
