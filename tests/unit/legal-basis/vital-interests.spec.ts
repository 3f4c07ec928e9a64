import { aPerson, aTransfer, given } from '../../support/legal-basis.js';

/** Row `vital-interests`: Art. 6 Abs. 1 lit. d, Art. 9 Abs. 2 lit. c DSGVO — emergencies, shown to the DPO. */
const emergency = (o: Parameters<typeof aTransfer>[0] = {}) =>
  aTransfer({
    legalBasis: 'vital-interests',
    toAgency: 'SOZIALAMT_HILDEN',
    dataCategories: ['identity', 'health'],
    purpose: 'health-care',
    justification: 'Person bewusstlos in der Notunterkunft aufgefunden, Medikation unbekannt',
    attestations: ['vital-interest-at-stake', 'consent-not-obtainable'],
    ...o,
  });

describe('row vital-interests (Art. 6 Abs. 1 lit. d, Art. 9 Abs. 2 lit. c DSGVO)', () => {
  describe('when life is at stake and the person cannot consent', () => {
    it('allows health data without a second person, flagged for the DPO', () => {
      const outcome = given(aPerson()).when(emergency());
      outcome.thenAllowedUnder('vital-interests');
      expect(outcome.verdict).toMatchObject({
        basis: { norm: 'Art. 6 Abs. 1 lit. d DSGVO i. V. m. Art. 9 Abs. 2 lit. c DSGVO' },
        flaggedForDpo: true,
        approval: { required: false },
      });
    });

    it('lets even confided data go (§ 34 StGB, § 65 Abs. 1 Nr. 5 SGB VIII)', () =>
      given(aPerson())
        .when(emergency({ provenance: [{ tag: 'entrusted-youth-office', entrustedBy: 'person' }] }))
        .thenAllowedUnder('vital-interests'));
  });

  describe('when the caseworker does not state that consent cannot be obtained', () => {
    it('refuses: attestation-missing', () =>
      given(aPerson())
        .when(emergency({ attestations: ['vital-interest-at-stake'] }))
        .thenRefused(['attestation-missing:consent-not-obtainable']));
  });

  describe('when the emergency is to reach an authority the row does not name', () => {
    it.each([['AUSLAENDERBEHOERDE'], ['EINBUERGERUNGSBEHOERDE'], ['WV_DRK']])('refuses %s', (toAgency) =>
      given(aPerson()).when(emergency({ toAgency })).thenRefusedFor(`recipient-not-allowed-by-basis:${toAgency}`),
    );
  });

  describe('when the person is restricted (Art. 18 DSGVO)', () => {
    it('refuses even an emergency transfer (the stricter reading)', () =>
      given(aPerson({ restricted: true }))
        .when(emergency())
        .thenRefused(['person-restricted']));
  });
});
