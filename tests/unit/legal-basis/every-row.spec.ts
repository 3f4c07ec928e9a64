import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import type { LegalBasisMatrix, LegalBasisRow } from '../../../src/legal-basis/legal-basis.js';
import { aConsent, aPerson, aTransfer, conditionOf, given, JUSTIFIED } from '../../support/legal-basis.js';

const changed = (
  code: string,
  change: Partial<LegalBasisRow>,
  settings: Partial<LegalBasisMatrix['settings']> = {},
) => ({
  matrix: {
    ...DEFAULT_LEGAL_BASES,
    rows: DEFAULT_LEGAL_BASES.rows.map((r) => (r.code === code ? { ...r, ...change } : r)),
    settings: { ...DEFAULT_LEGAL_BASES.settings, ...settings },
  },
});
const employment = aTransfer({ legalBasis: 'sgb10-69', justification: JUSTIFIED });

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
        .thenRefused(['no-data-category']));
  });

  describe('when an agency would send to itself', () => {
    it('refuses: sender-is-recipient', () =>
      given(aPerson({ consents: [aConsent()] }))
        .when(aTransfer({ fromAgency: 'JOBCENTER_IP' }))
        .thenRefused(['sender-is-recipient']));
  });

  describe('when a county row lists health but does not allow special categories', () => {
    it('refuses health data on that ground alone (Art. 9 DSGVO, § 67b Abs. 1 S. 3 SGB X)', () =>
      given(aPerson(), changed('sgb10-69', { dataCategories: ['identity', 'employment', 'health'] }))
        .when({ ...employment, dataCategories: ['identity', 'health'] })
        .thenRefused(['special-category-not-allowed:health']));
  });

  describe('when the county counts every character of a justification', () => {
    it('accepts punctuation it would not count by default', () =>
      given(aPerson(), changed('sgb10-69', {}, { justificationCounts: 'characters' }))
        .when({ ...employment, justification: '- - - - - - - - - - -' })
        .thenAllowedUnder('sgb10-69'));
  });

  describe('when the county has no implicit provenance for case notes', () => {
    it('lets the row decide on case notes by their category alone', () =>
      given(aPerson(), changed('kkg-4', { blockingProvenance: ['from-203-professional'] }, { implicitProvenance: [] }))
        .when(
          aTransfer({
            legalBasis: 'kkg-4',
            toAgency: 'JUGENDAMT',
            dataCategories: ['case-notes'],
            purpose: 'child-protection',
            justification: JUSTIFIED,
            attestations: [
              'weighty-signs-of-endangerment',
              'averting-failed-or-excluded',
              'persons-informed-unless-endangering',
            ],
          }),
        )
        .thenAllowedUnder('kkg-4'));
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
