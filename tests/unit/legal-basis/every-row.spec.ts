import { aConsent, aPerson, aTransfer, conditionOf, given, JUSTIFIED } from '../../support/legal-basis.js';

/** Conditions every row shares: the person file, the codes, the specific recipient, the sender. */
describe('conditions of every row', () => {
  describe('when the person is erased', () => {
    it('refuses even with a covering consent', () =>
      given(aPerson({ erased: true, consents: [aConsent()] }))
        .when(aTransfer())
        .thenRefused(['person-erased']));
  });

  describe('when the person is restricted (Art. 18 DSGVO)', () => {
    it('refuses even with a covering consent', () =>
      given(aPerson({ restricted: true, consents: [aConsent()] }))
        .when(aTransfer())
        .thenRefused(['person-restricted']));
  });

  describe('when the cited code is no row of the matrix', () => {
    it('refuses it and names the code; norm and title stay empty', () => {
      const outcome = given(aPerson()).when(aTransfer({ legalBasis: 'BGB §242', justification: JUSTIFIED }));
      outcome.thenRefused(['basis-unknown:BGB §242']);
      expect(outcome.verdict.basis).toEqual({ code: 'BGB §242', norm: null, title: null });
      expect(outcome.verdict.flaggedForDpo).toBe(false);
    });
  });

  describe('when the codes are not in the catalogue (the policy called directly)', () => {
    it('names each unknown code', () =>
      given(aPerson())
        .when(aTransfer({ toAgency: 'NSA', dataCategories: ['dna'], purpose: 'surveillance' }))
        .thenRefused([
          'recipient-unknown:NSA',
          'category-unknown:dna',
          'purpose-unknown:surveillance',
          'no-consent-for-recipient',
        ]));

    it('refuses an empty list of categories', () =>
      given(aPerson({ consents: [aConsent()] }))
        .when(aTransfer({ dataCategories: [] }))
        .thenRefused(['category-unknown']));
  });

  describe('when an agency would send to itself', () => {
    it('refuses: sender-is-recipient', () =>
      given(aPerson({ consents: [aConsent()] }))
        .when(aTransfer({ fromAgency: 'JOBCENTER_IP' }))
        .thenRefused(['sender-is-recipient']));
  });

  it('reports every condition it checked, held or failed, each with a reason', () => {
    const { verdict } = given(aPerson({ consents: [aConsent()] })).when(aTransfer());
    expect(verdict.conditions.map((c) => [c.condition, c.held])).toEqual([
      ['person-not-erased', true],
      ['person-not-restricted', true],
      ['basis-known', true],
      ['sender-is-not-recipient', true],
      ['recipient-known', true],
      ['recipient-specific', true],
      ['categories-known', true],
      ['purpose-known', true],
      ['basis-applies-in-regime', true],
      ['consent-names-recipient', true],
      ['consent-active', true],
      ['consent-informed', true],
      ['consent-covers-categories', true],
      ['consent-covers-purpose', true],
    ]);
    expect(conditionOf(verdict, 'basis-known')).toEqual([
      { condition: 'basis-known', held: true, reason: 'basis-known' },
    ]);
  });
});
