import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { birthYearBand, personFileDecider } from './person-file.decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors.js';
import {
  PERSON_ID,
  T0,
  dataTransferred,
  erasePerson,
  grantConsent,
  liftRestriction,
  personErased,
  personRegistered,
  personRestricted,
  registerPerson,
  restrictPerson,
  transferRefused,
  TRANSFER_LAW,
} from '../../tests/support/builders.js';
import { specification } from '../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));

describe('person file', () => {
  describe('when nobody is registered under the id', () => {
    it('registers the person with the statistical residue outside the personal data', () =>
      given([])
        .when(registerPerson())
        .then([
          personRegistered({
            personal: {
              ...personRegistered().data.personal,
              participation: { evidenceReference: 'KI-TN-2026-0001' },
            },
          }),
        ]));

    it('refuses a municipality outside the county', () =>
      given([])
        .when(registerPerson({ municipality: 'Düsseldorf' }))
        .thenThrows(ValidationError, 'unknown municipality: Düsseldorf'));
  });

  describe('when a registration breaks several rules of the configuration and the calendar', () => {
    it('answers one validation error naming all of them', () => {
      const decider = personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW);
      let error: ValidationError | undefined;
      try {
        decider.decide(registerPerson({ dateOfBirth: '1991-02-30', municipality: 'Köln' }), decider.initialState());
      } catch (e) {
        error = e as ValidationError;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error!.fields).toEqual(['dateOfBirth', 'municipality']);
    });

    it('refuses a date of birth after the day of registration', () =>
      given([])
        .when(registerPerson({ dateOfBirth: '2026-01-16', at: T0 }))
        .thenThrows(ValidationError, 'dateOfBirth'));

    it('refuses a registration without a valid instant', () =>
      given([])
        .when(registerPerson({ at: '15.01.2026' }))
        .thenThrows(ValidationError, 'at'));
  });

  describe('when the person is already registered', () => {
    it('refuses a second registration as a conflict', () =>
      given([personRegistered()]).when(registerPerson()).thenThrows(ConflictError, 'already registered'));

    it('restricts processing (Art. 18 DSGVO)', () =>
      given([personRegistered()]).when(restrictPerson()).then([personRestricted()]));

    it('refuses to lift a restriction that does not exist', () =>
      given([personRegistered()]).when(liftRestriction()).thenThrows(ConflictError, 'not restricted'));

    it('erases with nobody to notify when nothing was transferred', () =>
      given([personRegistered()])
        .when(erasePerson())
        .then([personErased({ recipientsToNotify: [] })]));
  });

  describe('when the person is restricted', () => {
    it('lifts the restriction', () =>
      given([personRegistered(), personRestricted()])
        .when(liftRestriction())
        .then([{ type: 'PersonRestrictionLifted', data: { personId: PERSON_ID, reason: 'accuracy confirmed' } }]));

    it('refuses to restrict twice', () =>
      given([personRegistered(), personRestricted()])
        .when(restrictPerson())
        .thenThrows(ConflictError, 'already restricted'));
  });

  describe('when data went to agencies before', () => {
    const history = [
      personRegistered(),
      dataTransferred({ transferId: 't-1', toAgency: 'JOBCENTER_IP' }),
      dataTransferred({ transferId: 't-2', toAgency: 'AUSLAENDERBEHOERDE', legalBasis: 'SGB X §71' }),
      dataTransferred({ transferId: 't-3', toAgency: 'JOBCENTER_IP' }),
      transferRefused({ transferId: 't-4', toAgency: 'WOHLFAHRTSVERBAND' }),
    ];

    it('erases and names each agency that received data once, but not those that were refused (Art. 19)', () =>
      given(history)
        .when(erasePerson())
        .then([personErased({ recipientsToNotify: ['AUSLAENDERBEHOERDE', 'JOBCENTER_IP'] })]));
  });

  describe('when nobody is registered under the id', () => {
    it.each([
      ['restrict', restrictPerson()],
      ['erase', erasePerson()],
      ['grant consent', grantConsent()],
    ])('answers not found to %s', (_name, command) => given([]).when(command).thenThrows(NotFoundError, PERSON_ID));
  });

  describe('when the person was erased', () => {
    it.each([
      ['register', registerPerson()],
      ['restrict', restrictPerson()],
      ['erase again', erasePerson()],
      ['grant consent', grantConsent()],
    ])('refuses to %s', (_name, command) =>
      given([personRegistered(), personErased()])
        .when(command)
        .thenThrows(
          command.type === 'RegisterPerson' ? ConflictError : RuleViolationError,
          command.type === 'RegisterPerson' ? 'already registered' : 'person-erased',
        ),
    );
  });

  describe('the birth year band', () => {
    it.each([
      ['1990-01-01', '1990-1994'],
      ['1994-12-31', '1990-1994'],
      ['1995-01-01', '1995-1999'],
      ['2011-06-30', '2010-2014'],
    ])('puts %s into %s', (dateOfBirth, band) => expect(birthYearBand(dateOfBirth)).toBe(band));
  });
});
