import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import {
  CONSENT_ID,
  OTHER_CONSENT_ID,
  T0,
  T1,
  consentGranted,
  consentRefused,
  consentWithdrawn,
  grantConsent,
  personRegistered,
  refuseConsent,
  withdrawConsent,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE));
const adult = personRegistered();
const registeredBornOn = (dateOfBirth: string) =>
  personRegistered({ personal: { ...adult.data.personal, dateOfBirth } });

describe('consent (Einwilligung)', () => {
  describe('when a registered adult declares a specific consent', () => {
    it('records it, valid from the moment it is given', () =>
      given([adult])
        .when(grantConsent())
        .then([consentGranted({ validFrom: T0 })]));

    it('records an electronic declaration with an interpreter present', () =>
      given([adult])
        .when(
          grantConsent({ evidence: { kind: 'electronic-declaration', reference: 'EL-7' }, interpreterPresent: true }),
        )
        .then([
          consentGranted({
            evidenceKind: 'electronic-declaration',
            interpreterPresent: true,
            personal: { evidenceReference: 'EL-7' },
          }),
        ]));
  });

  describe('when the consent is not specific (no blanket release)', () => {
    it.each([['recipients'], ['dataCategories'], ['purposes']] as const)('refuses an empty list of %s', (field) =>
      given([adult])
        .when(grantConsent({ [field]: [] }))
        .thenThrows(ValidationError, field),
    );

    it('names unknown agencies and categories', () =>
      given([adult])
        .when(grantConsent({ recipients: ['JOBCENTER_IP', 'NSA'], dataCategories: ['identity', 'dna', 'religion'] }))
        .thenThrows(ValidationError, 'unknown agency: NSA; unknown data category: dna, religion'));
  });

  describe('when validity or evidence are wrong', () => {
    it('refuses a validUntil on the day it is given', () =>
      given([adult])
        .when(grantConsent({ validUntil: T0.slice(0, 10) }))
        .thenThrows(ValidationError, 'validUntil'));

    it('refuses a validUntil that is no calendar date', () =>
      given([adult])
        .when(grantConsent({ validUntil: '2027-02-29' }))
        .thenThrows(ValidationError, 'validUntil'));
  });

  describe('when a legal representative declares', () => {
    it('requires the representative to be named', () =>
      given([adult])
        .when(grantConsent({ declaredBy: 'legal-representative' }))
        .thenThrows(ValidationError, 'representativeName'));

    it('keeps the representative name among the personal data', () =>
      given([registeredBornOn('2014-03-01')])
        .when(grantConsent({ declaredBy: 'legal-representative', representativeName: 'Fatma Yılmaz' }))
        .then([
          consentGranted({
            declaredBy: 'legal-representative',
            personal: { evidenceReference: 'KI-2026-0042', representativeName: 'Fatma Yılmaz' },
          }),
        ]));
  });

  describe('when the person is under 15 (§ 36 SGB I)', () => {
    it('refuses their own declaration', () =>
      given([registeredBornOn('2011-01-16')]) // 14 on 2026-01-15
        .when(grantConsent({ at: T0 }))
        .thenThrows(RuleViolationError, 'consent-requires-legal-representative'));

    it('accepts their own declaration from the 15th birthday on', () =>
      given([registeredBornOn('2011-01-15')])
        .when(grantConsent({ at: T0 }))
        .then([consentGranted()]));

    it('counts the birthday by the German calendar, not by UTC', () =>
      // 23:30 UTC on 15 January is already 16 January in Germany: the 15th birthday has begun.
      given([registeredBornOn('2011-01-16')])
        .when(grantConsent({ at: '2026-01-15T23:30:00.000Z' }))
        .then([consentGranted({ validFrom: '2026-01-15T23:30:00.000Z' })]));
  });

  describe('when the person refuses', () => {
    it('records the refusal with the scope that was asked for', () =>
      given([adult]).when(refuseConsent()).then([consentRefused()]));

    it('records a refusal by a child too: a no releases nothing', () =>
      given([registeredBornOn('2016-05-05')])
        .when(refuseConsent())
        .then([consentRefused()]));

    it('checks the scope of a refusal like that of a consent', () =>
      given([adult])
        .when(refuseConsent({ dataCategories: ['gossip'] }))
        .thenThrows(ValidationError, 'unknown data category: gossip'));
  });

  describe('when a consent with the same id exists', () => {
    it('refuses a second grant', () =>
      given([adult, consentGranted()]).when(grantConsent()).thenThrows(ConflictError, CONSENT_ID));

    it('refuses a grant reusing the id of a refusal', () =>
      given([adult, consentRefused()]).when(grantConsent()).thenThrows(ConflictError, CONSENT_ID));
  });

  describe('when a consent is active', () => {
    it('withdraws it at the moment of the withdrawal (Art. 7(3) DSGVO)', () =>
      given([adult, consentGranted()])
        .when(withdrawConsent(CONSENT_ID, T1))
        .then([consentWithdrawn({ withdrawnAt: T1 })]));

    it('answers not found for an unknown consent', () =>
      given([adult, consentGranted()])
        .when(withdrawConsent(OTHER_CONSENT_ID))
        .thenThrows(NotFoundError, OTHER_CONSENT_ID));
  });

  describe('when the consent was already withdrawn', () => {
    it('refuses a second withdrawal as a conflict', () =>
      given([adult, consentGranted(), consentWithdrawn()])
        .when(withdrawConsent())
        .thenThrows(ConflictError, 'already withdrawn'));
  });

  describe('when the consent was refused', () => {
    it('has nothing to withdraw', () =>
      given([adult, consentRefused()]).when(withdrawConsent()).thenThrows(ConflictError, 'was refused'));
  });
});
