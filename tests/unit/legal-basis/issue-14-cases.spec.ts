import { aPerson, aTransfer, given, JUSTIFIED, KKG_ATTESTATIONS } from '../../support/legal-basis.js';

/**
 * The cases of issue #14: for a person with no consent at all, the v1 policy let these through (or, for the
 * child-protection notice, refused it). Under the legal-basis matrix they must come out the other way.
 */
const noConsent = aPerson({ consents: [] });

describe('issue #14: transfers the v1 policy wrongly allowed', () => {
  describe('case notes to the Jobcenter "under AufenthG § 87", without consent', () => {
    it('refuses the old free code: it is no row of the matrix', () =>
      given(noConsent)
        .when(aTransfer({ legalBasis: 'AufenthG §87', dataCategories: ['case-notes'], justification: JUSTIFIED }))
        .thenRefused(['basis-unknown:AufenthG §87']));

    it('refuses § 71 Abs. 2 SGB X: the Jobcenter is not the Ausländerbehörde, case notes never go, no request', () =>
      given(noConsent)
        .when(
          aTransfer({
            legalBasis: 'sgb10-71-2',
            dataCategories: ['case-notes'],
            purpose: 'residence-law-procedure',
            justification: JUSTIFIED,
          }),
        )
        .thenRefused([
          'recipient-not-allowed-by-basis:JOBCENTER_IP',
          'category-not-allowed-by-basis:case-notes',
          'special-category-not-allowed:case-notes',
          'request-missing',
          'attestation-missing:request-within-authority-tasks',
          'provenance-blocks-basis:from-203-professional',
        ]));

    it('refuses § 69 SGB X too: case notes are possibly special and come from a § 203 StGB professional', () =>
      given(noConsent)
        .when(aTransfer({ legalBasis: 'sgb10-69', dataCategories: ['case-notes'], justification: JUSTIFIED }))
        .thenRefused([
          'category-not-allowed-by-basis:case-notes',
          'special-category-not-allowed:case-notes',
          'provenance-blocks-basis:from-203-professional',
        ]));

    it('refuses consent as the basis: there is none for the Jobcenter', () =>
      given(noConsent)
        .when(aTransfer({ dataCategories: ['case-notes'] }))
        .thenRefused(['no-consent-for-recipient']));
  });

  describe('identity and case notes to the Einbürgerungsbehörde without a request', () => {
    it('refuses § 32 StAG: no request on file, and case notes are no naturalisation data', () =>
      given(noConsent)
        .when(
          aTransfer({
            legalBasis: 'stag-32',
            toAgency: 'EINBUERGERUNGSBEHOERDE',
            dataCategories: ['identity', 'case-notes'],
            purpose: 'naturalisation',
            justification: JUSTIFIED,
            attestations: ['request-within-authority-tasks'],
          }),
        )
        .thenRefused([
          'category-not-allowed-by-basis:case-notes',
          'special-category-not-allowed:case-notes',
          'request-missing',
          'provenance-blocks-basis:from-203-professional',
        ]));

    it('refuses the old free code', () =>
      given(noConsent)
        .when(
          aTransfer({
            legalBasis: 'AufenthG §87',
            toAgency: 'EINBUERGERUNGSBEHOERDE',
            dataCategories: ['identity', 'case-notes'],
            purpose: 'naturalisation',
            justification: JUSTIFIED,
          }),
        )
        .thenRefused(['basis-unknown:AufenthG §87']));
  });

  describe('education and family data to the Schulamt "under SGB X § 71"', () => {
    it('refuses § 71 Abs. 2 SGB X: only the Ausländerbehörde, only identity and residence data', () =>
      given(noConsent)
        .when(
          aTransfer({
            legalBasis: 'sgb10-71-2',
            toAgency: 'SCHULAMT',
            dataCategories: ['education', 'family-youth-welfare'],
            purpose: 'schooling',
            justification: JUSTIFIED,
          }),
        )
        .thenRefused([
          'recipient-not-allowed-by-basis:SCHULAMT',
          'category-not-allowed-by-basis:education',
          'category-not-allowed-by-basis:family-youth-welfare',
          'purpose-not-allowed-by-basis:schooling',
          'request-missing',
          'attestation-missing:request-within-authority-tasks',
        ]));

    it('refuses § 69 SGB X: the Schulamt is no body of § 35 SGB I', () =>
      given(noConsent)
        .when(
          aTransfer({
            legalBasis: 'sgb10-69',
            toAgency: 'SCHULAMT',
            dataCategories: ['education', 'family-youth-welfare'],
            purpose: 'schooling',
            justification: JUSTIFIED,
          }),
        )
        .thenRefused(['recipient-not-allowed-by-basis:SCHULAMT', 'purpose-not-allowed-by-basis:schooling']));
  });

  describe('case notes, education and language data to the Ausländerbehörde, no request, a German, "." as justification', () => {
    it('refuses § 71 Abs. 2 SGB X for every reason at once', () =>
      given(aPerson({ nationalities: ['DE'] }))
        .when(
          aTransfer({
            legalBasis: 'sgb10-71-2',
            toAgency: 'AUSLAENDERBEHOERDE',
            dataCategories: ['case-notes', 'education', 'language-skills'],
            purpose: 'residence-law-procedure',
            justification: '.',
          }),
        )
        .thenRefused([
          'category-not-allowed-by-basis:case-notes',
          'category-not-allowed-by-basis:education',
          'category-not-allowed-by-basis:language-skills',
          'special-category-not-allowed:case-notes',
          'person-is-german',
          'request-missing',
          'justification-too-short:0/20',
          'attestation-missing:request-within-authority-tasks',
          'provenance-blocks-basis:from-203-professional',
        ]));
  });
});

describe('issue #14: the child-protection notice the v1 policy wrongly refused', () => {
  describe('a notice to the Jugendamt that mentions injuries (health data), without consent', () => {
    const notice = aTransfer({
      legalBasis: 'kkg-4',
      toAgency: 'JUGENDAMT',
      dataCategories: ['identity', 'family-youth-welfare', 'health'],
      purpose: 'child-protection',
      justification: 'Sichtbare Verletzungen beim Kind, Gespräch mit den Eltern ohne Ergebnis',
      attestations: KKG_ATTESTATIONS,
    });

    it('passes under § 4 KKG, flagged for the DPO, without waiting for a second person', () => {
      const outcome = given(noConsent).when(notice);
      outcome.thenAllowedUnder('kkg-4');
      expect(outcome.verdict).toMatchObject({
        basis: { norm: '§ 4 Abs. 3 KKG i. V. m. § 8a SGB VIII' },
        flaggedForDpo: true,
        approval: { required: false },
        consentIds: [],
      });
    });

    it('passes with the case notes that describe it, for any nationality', () =>
      given(aPerson({ nationalities: ['DE'] }))
        .when({ ...notice, dataCategories: [...notice.dataCategories, 'case-notes'] })
        .thenAllowedUnder('kkg-4'));
  });
});
