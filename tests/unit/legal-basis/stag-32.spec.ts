import { aPerson, aTransfer, EBH_REQUEST, given, TEAM_LEAD_APPROVAL } from '../../support/legal-basis.js';

/** Row `stag-32`: § 32 Abs. 1 StAG — to the Einbürgerungsbehörde on its request, what naturalisation needs. */
const toEbh = (o: Parameters<typeof aTransfer>[0] = {}) =>
  aTransfer({
    legalBasis: 'stag-32',
    toAgency: 'EINBUERGERUNGSBEHOERDE',
    dataCategories: ['identity', 'language-skills'],
    purpose: 'naturalisation',
    justification: 'Ersuchen im Einbürgerungsverfahren: Nachweis Sprachkurs B1',
    request: EBH_REQUEST,
    attestations: ['request-within-authority-tasks'],
    ...o,
  });

describe('row stag-32 (§ 32 Abs. 1 StAG)', () => {
  describe('when the Einbürgerungsbehörde asked for identity and language data', () => {
    it('awaits a team lead (the stricter reading), then passes', () => {
      given(aPerson()).when(toEbh()).thenAwaitsApproval('stag-32');
      given(aPerson()).when(toEbh(), TEAM_LEAD_APPROVAL).thenAllowedUnder('stag-32');
    });

    it('passes for a Union citizen, who can be naturalised too', () =>
      given(aPerson({ nationalities: ['IT'] }))
        .when(toEbh(), TEAM_LEAD_APPROVAL)
        .thenAllowedUnder('stag-32'));

    it('applies under DSG NRW as well', () =>
      given(aPerson(), { regime: 'dsg-nrw' }).when(toEbh(), TEAM_LEAD_APPROVAL).thenAllowedUnder('stag-32'));
  });

  describe('when no request is on file', () => {
    it('refuses: request-missing', () =>
      given(aPerson())
        .when(toEbh({ request: undefined }))
        .thenRefused(['request-missing']));

    it("refuses the Ausländerbehörde's request as the Einbürgerungsbehörde's", () =>
      given(aPerson())
        .when(toEbh({ request: { ...EBH_REQUEST, authority: 'AUSLAENDERBEHOERDE' } }))
        .thenRefused(['request-authority-mismatch:AUSLAENDERBEHOERDE']));
  });

  describe('when the person is German already', () => {
    it('refuses: a German is not naturalised', () =>
      given(aPerson({ nationalities: ['DE'] }))
        .when(toEbh())
        .thenRefused(['person-is-german']));
  });

  describe('when case notes or health data are asked for', () => {
    it('refuses case notes', () =>
      given(aPerson())
        .when(toEbh({ dataCategories: ['identity', 'case-notes'] }))
        .thenRefused([
          'category-not-allowed-by-basis:case-notes',
          'special-category-not-allowed:case-notes',
          'provenance-blocks-basis:from-203-professional',
        ]));
  });

  describe('when data came to the KI from the Jobcenter (§ 78 SGB X)', () => {
    it('refuses: they serve only the purpose they were sent for', () =>
      given(aPerson())
        .when(toEbh({ dataCategories: ['employment'], provenance: [{ tag: 'received-social-data' }] }))
        .thenRefused(['provenance-blocks-basis:received-social-data']));
  });
});
