import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import {
  caseOpenedForPerson,
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
  TRANSFER_LAW,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
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
          grantConsent({
            evidence: { kind: 'electronic-declaration', reference: 'EL-7' },
            informed: { language: 'ar', formVersion: 'KI-EW-2026-01', interpreter: true },
          }),
        )
        .then([
          consentGranted({
            evidenceKind: 'electronic-declaration',
            interpreterPresent: true,
            informed: { language: 'ar', formVersion: 'KI-EW-2026-01', interpreter: true },
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
        .thenThrows(
          ValidationError,
          'recipients unknown agency: NSA; dataCategories unknown data category: dna; dataCategories unknown data category: religion',
        ));
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

  describe('informed and bounded (consent v2, § 67b Abs. 2 SGB X)', () => {
    it('refuses a consent without the informed block', () =>
      given([adult])
        .when(grantConsent({ informed: undefined as never }))
        .thenThrows(ValidationError, 'informed'));

    it('refuses an informed block without form version', () =>
      given([adult])
        .when(grantConsent({ informed: { language: 'tr', formVersion: ' ', interpreter: false } }))
        .thenThrows(ValidationError, 'informed.formVersion'));

    it('refuses a validity beyond the maximum of 24 months', () =>
      given([adult])
        .when(grantConsent({ validUntil: '2028-01-16' }))
        .thenThrows(ValidationError, 'validUntil'));

    it('accepts the last day of the 24 months', () =>
      given([adult])
        .when(grantConsent({ validUntil: '2028-01-15' }))
        .thenMatches((events) => expect(events[0]).toMatchObject({ data: { validUntil: '2028-01-15' } })));

    it('refuses a purpose outside the catalogue', () =>
      given([adult])
        .when(grantConsent({ purposes: ['integration'] }))
        .thenThrows(ValidationError, 'purposes purpose not in the catalogue: integration'));

    it('refuses an old collective code: a consent must name a specific controller', () =>
      given([adult])
        .when(grantConsent({ recipients: ['SOZIALAMT'] }))
        .thenThrows(ValidationError, 'recipients collective code names no specific controller: SOZIALAMT'));

    it('binds a consent given in a case to that case: it ends when the case closes unless stated otherwise', () =>
      given([adult, caseOpenedForPerson('case-1')])
        .when(grantConsent({ caseId: 'case-1' }))
        .thenMatches((events, state) => {
          expect(events[0]).toMatchObject({ data: { caseBinding: { caseId: 'case-1', endsWhenCaseCloses: true } } });
          expect(state.consents[0]!.caseBinding).toEqual({ caseId: 'case-1', endsWhenCaseCloses: true });
        }));

    it('keeps it beyond the case when stated', () =>
      given([adult, caseOpenedForPerson('case-1')])
        .when(grantConsent({ caseId: 'case-1', endsWhenCaseCloses: false }))
        .thenMatches((events) =>
          expect(events[0]).toMatchObject({ data: { caseBinding: { caseId: 'case-1', endsWhenCaseCloses: false } } }),
        ));

    it('refuses a case of another person', () =>
      given([adult])
        .when(grantConsent({ caseId: 'case-x' }))
        .thenThrows(ValidationError, 'caseId'));
  });
});
