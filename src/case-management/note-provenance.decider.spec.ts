import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { ValidationError } from '../shared/errors.js';
import { caseDecider } from './case.decider.js';
import {
  ACTION_ID,
  CASE_ID,
  CASEWORKER,
  PERSON_ID,
  caseOpened,
  recordCaseAction,
} from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';

/**
 * Issue 14 item 5: provenance tags on notes (Herkunft), e.g. data entrusted to the youth office for personal
 * help (§ 65 SGB VIII) or obtained from a § 203 StGB professional (§ 88 AufenthG, § 76 SGB X). Tags come from
 * the catalogue (`provenanceTags`); those that need an entruster must name one.
 */
const { given } = specification(caseDecider(DEFAULT_CATALOGUE));
const ENTRUSTED = { tag: 'entrusted-youth-office', entrustedBy: 'third-party:asd-mettmann' };

describe('provenance tags on case notes (issue 14 item 5)', () => {
  describe('when a note is recorded with a catalogue tag and its entruster', () => {
    it('records the tag outside the encrypted summary', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: [], provenance: [ENTRUSTED] }))
        .then([
          {
            type: 'CaseActionRecorded',
            data: {
              caseId: CASE_ID,
              personId: PERSON_ID,
              actionId: ACTION_ID,
              actionType: 'counselling',
              actionDate: '2026-01-30',
              agencies: [],
              provenance: [ENTRUSTED],
              recordedBy: CASEWORKER,
              personal: { summary: 'Beratung zur Anerkennung des Berufsabschlusses' },
            },
          },
        ]));

    it('keeps each tag of the case once, for the transfers of its notes', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: [], provenance: [ENTRUSTED, { tag: 'from-203-professional' }] }))
        .thenMatches((_events, after) =>
          expect(after.noteProvenance).toEqual([ENTRUSTED, { tag: 'from-203-professional' }]),
        ));
  });

  describe('when a note carries no tag', () => {
    it('records none (older notes read the same: absent is none)', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: [] }))
        .thenMatches((events, after) => {
          expect(events[0]?.data).not.toHaveProperty('provenance');
          expect(after.noteProvenance).toBeUndefined();
        }));
  });

  describe('when a tag is not in the catalogue or lacks its entruster', () => {
    it('refuses a tag the catalogue does not list', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: [], provenance: [{ tag: 'from-the-neighbour' }] }))
        .thenThrows(ValidationError, 'provenance[0].tag'));

    it('refuses data entrusted to the youth office without naming who entrusted them (§ 65 SGB VIII)', () =>
      given([caseOpened()])
        .when(recordCaseAction({ agencies: [], provenance: [{ tag: 'entrusted-youth-office' }] }))
        .thenThrows(ValidationError, 'provenance[0].entrustedBy'));
  });
});
