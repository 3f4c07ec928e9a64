import { aPerson, aTransfer, given, KKG_ATTESTATIONS } from '../../support/legal-basis.js';

/**
 * Row `kkg-4`: § 4 Abs. 3 KKG with § 8a SGB VIII — a notice to the Jugendamt on weighty signs that a child
 * is endangered; health data allowed (§ 67b Abs. 1 S. 3 SGB X), justification required, shown to the DPO.
 */
const notice = (o: Parameters<typeof aTransfer>[0] = {}) =>
  aTransfer({
    legalBasis: 'kkg-4',
    toAgency: 'JUGENDAMT',
    dataCategories: ['identity', 'family-youth-welfare', 'health'],
    purpose: 'child-protection',
    justification: 'Hämatome am Arm des Kindes, Mutter lehnt Hilfe ab',
    attestations: KKG_ATTESTATIONS,
    ...o,
  });

describe('row kkg-4 (§ 4 Abs. 3 KKG, § 8a SGB VIII)', () => {
  describe('when the caseworker sees weighty signs and averting them with the family failed', () => {
    it('allows the notice with health data, in both sender regimes', () => {
      given(aPerson()).when(notice()).thenAllowedUnder('kkg-4');
      given(aPerson(), { regime: 'dsg-nrw' }).when(notice()).thenAllowedUnder('kkg-4');
    });

    it('allows notes written by a § 203 StGB professional: § 4 KKG is their power', () =>
      given(aPerson())
        .when(notice({ dataCategories: ['case-notes'], provenance: [{ tag: 'from-203-professional' }] }))
        .thenAllowedUnder('kkg-4'));
  });

  describe('when a statement of § 4 KKG is missing', () => {
    it.each(KKG_ATTESTATIONS)('refuses without %s', (missing) =>
      given(aPerson())
        .when(notice({ attestations: KKG_ATTESTATIONS.filter((a) => a !== missing) }))
        .thenRefused([`attestation-missing:${missing}`]),
    );
  });

  describe('when the notice goes elsewhere or serves another purpose', () => {
    it('refuses the Schulamt', () =>
      given(aPerson())
        .when(notice({ toAgency: 'SCHULAMT' }))
        .thenRefused(['recipient-not-allowed-by-basis:SCHULAMT']));

    it('refuses the Ausländerbehörde', () =>
      given(aPerson())
        .when(notice({ toAgency: 'AUSLAENDERBEHOERDE' }))
        .thenRefused(['recipient-not-allowed-by-basis:AUSLAENDERBEHOERDE']));

    it('refuses another purpose', () =>
      given(aPerson())
        .when(notice({ purpose: 'social-benefits' }))
        .thenRefused(['purpose-not-allowed-by-basis:social-benefits']));

    it('refuses residence data, which child protection does not need', () =>
      given(aPerson())
        .when(notice({ dataCategories: ['residence-status'] }))
        .thenRefused(['category-not-allowed-by-basis:residence-status']));
  });

  describe('when the justification is too short', () => {
    it('refuses: justification-too-short', () =>
      given(aPerson())
        .when(notice({ justification: 'Kind verletzt' }))
        .thenRefused(['justification-too-short:12/20']));
  });

  describe('when the data were confided to the youth office by someone (§ 65 SGB VIII)', () => {
    it('refuses them: only their entruster releases them (the stricter reading)', () =>
      given(aPerson())
        .when(notice({ provenance: [{ tag: 'entrusted-youth-office', entrustedBy: 'third-party:neighbour' }] }))
        .thenRefused(['provenance-blocks-basis:entrusted-youth-office']));
  });
});
