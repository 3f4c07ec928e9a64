import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import type { PersonFileCommand } from '../person-file.commands.js';
import type { ReferralFeedbackGiven, ReferralMade } from '../person-file.events.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../shared/errors.js';
import {
  CASE_ID,
  CASEWORKER,
  PERSON_ID,
  T2,
  TRANSFER_ID,
  TRANSFER_LAW,
  caseOpenedForPerson,
  consentGranted,
  dataTransferred,
  personRegistered,
  personRestricted,
  transferAwaitingApproval,
  transferRefused,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
const REFERRAL_ID = '00000000-0000-4000-8000-000000000007';

const makeReferral = (o: Partial<Extract<PersonFileCommand, { type: 'MakeReferral' }>['data']> = {}) =>
  ({
    type: 'MakeReferral',
    data: {
      personId: PERSON_ID,
      referralId: REFERRAL_ID,
      caseId: CASE_ID,
      agency: 'JOBCENTER_IP',
      transferId: TRANSFER_ID,
      summary: 'Vermittlung an das Integration Point',
      referredBy: CASEWORKER,
      at: T2,
      ...o,
    },
  }) as const;

const referralMade: ReferralMade = {
  type: 'ReferralMade',
  data: {
    referralId: REFERRAL_ID,
    caseId: CASE_ID,
    personId: PERSON_ID,
    agency: 'JOBCENTER_IP',
    transferId: TRANSFER_ID,
    referredBy: CASEWORKER,
    personal: { summary: 'Vermittlung an das Integration Point' },
  },
};

const feedback = (agency = 'JOBCENTER_IP') =>
  ({
    type: 'GiveReferralFeedback',
    data: {
      personId: PERSON_ID,
      referralId: REFERRAL_ID,
      agency,
      outcome: 'started',
      note: 'Maßnahme begonnen',
      givenBy: 'jc-01',
      at: T2,
    },
  }) as const;

const feedbackGiven: ReferralFeedbackGiven = {
  type: 'ReferralFeedbackGiven',
  data: {
    referralId: REFERRAL_ID,
    personId: PERSON_ID,
    agency: 'JOBCENTER_IP',
    outcome: 'started',
    givenBy: 'jc-01',
    personal: { note: 'Maßnahme begonnen' },
  },
};

const withCase = [personRegistered(), caseOpenedForPerson(CASE_ID), consentGranted()];

describe('referrals are transfers (Weitervermittlung, issue 14)', () => {
  describe('when a transfer to the agency was delivered', () => {
    const delivered = [...withCase, dataTransferred()];

    it('records the referral citing it, on the person stream', () =>
      given(delivered).when(makeReferral()).then([referralMade]));

    it('refuses a referral to another agency than the transfer went to', () =>
      given(delivered)
        .when(makeReferral({ agency: 'AGENTUR_FUER_ARBEIT' }))
        .thenThrows(RuleViolationError, 'referral-transfer-other-agency'));

    it('refuses a transfer made for another case', () =>
      given([...withCase, caseOpenedForPerson('case-2'), dataTransferred({ caseId: 'case-2' })])
        .when(makeReferral())
        .thenThrows(RuleViolationError, 'referral-transfer-other-case'));

    it('refuses a case of another person', () =>
      given(delivered)
        .when(makeReferral({ caseId: 'case-x' }))
        .thenThrows(RuleViolationError, 'case-of-another-person'));

    it('refuses the same referral id twice', () =>
      given([...delivered, referralMade])
        .when(makeReferral())
        .thenThrows(ConflictError, REFERRAL_ID));

    it('refuses while the person is restricted', () =>
      given([...delivered, personRestricted()])
        .when(makeReferral())
        .thenThrows(RuleViolationError, 'person-restricted'));
  });

  describe('when no delivered transfer exists', () => {
    it.each([
      ['no transfer at all', []],
      ['a refused transfer', [transferRefused()]],
      ['a transfer still awaiting approval', [transferAwaitingApproval()]],
    ])('refuses the referral: %s', (_what, events) =>
      given([...withCase, ...events])
        .when(makeReferral())
        .thenThrows(RuleViolationError, 'referral-without-delivered-transfer'),
    );
  });

  describe('feedback by the agency referred to', () => {
    const referred = [...withCase, dataTransferred(), referralMade];

    it('records the outcome, the note as personal data', () => given(referred).when(feedback()).then([feedbackGiven]));

    it('forbids another agency', () =>
      given(referred).when(feedback('SCHULAMT')).thenThrows(ForbiddenError, 'other-agency'));

    it('answers not found for an unknown referral', () =>
      given(withCase).when(feedback()).thenThrows(NotFoundError, REFERRAL_ID));
  });
});
