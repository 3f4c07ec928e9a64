import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import type { ConsentRecord } from '../consents/consent.rules.js';
import { decideTransferBasis, type TransferPolicyFile, type TransferPolicyRequest } from './transfer-policy.js';
import { CONSENT_ID, OTHER_CONSENT_ID, T0, T1 } from '../../../tests/support/builders.js';

const consent = (o: Partial<ConsentRecord> = {}): ConsentRecord => ({
  consentId: CONSENT_ID,
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validFrom: T0,
  validUntil: '2027-12-31',
  mutual: false,
  declaredBy: 'person',
  ...o,
});

const file = (consents: ConsentRecord[] = [consent()], o: Partial<TransferPolicyFile> = {}): TransferPolicyFile => ({
  restricted: false,
  erased: false,
  consents,
  ...o,
});

const request = (o: Partial<TransferPolicyRequest> = {}): TransferPolicyRequest => ({
  fromAgency: 'KI',
  toAgency: 'JOBCENTER_IP',
  dataCategories: ['identity', 'employment'],
  purpose: 'labour-market-integration',
  legalBasis: 'consent',
  ...o,
});

const statutory = (o: Partial<TransferPolicyRequest> = {}) =>
  request({
    toAgency: 'AUSLAENDERBEHOERDE',
    legalBasis: 'SGB X §71',
    justification: 'Anfrage vom 2026-01-30, Az. 12',
    ...o,
  });

const verdict = (r: TransferPolicyRequest, f: TransferPolicyFile = file(), at = T1) =>
  decideTransferBasis(r, f, at, DEFAULT_CATALOGUE);

describe('transfer policy', () => {
  describe('when one active consent covers recipient, every category and the purpose', () => {
    it('allows the transfer and cites that consent', () =>
      expect(verdict(request())).toEqual({
        allowed: true,
        reasons: ['consent-covers-transfer'],
        consentIds: [CONSENT_ID],
        flaggedForDpo: false,
      }));

    it('allows a subset of the consented categories', () =>
      expect(verdict(request({ dataCategories: ['employment'] })).allowed).toBe(true));

    it('allows it at the very instant the consent was given', () =>
      expect(verdict(request(), file(), T0).allowed).toBe(true));
  });

  describe('when no consent names the recipient', () => {
    it('refuses: no-consent-for-recipient', () =>
      expect(verdict(request({ toAgency: 'SCHULAMT' }))).toEqual({
        allowed: false,
        reasons: ['no-consent-for-recipient'],
        consentIds: [],
        flaggedForDpo: false,
      }));
  });

  describe('when the consent lacks part of the request', () => {
    it('names each missing category', () =>
      expect(verdict(request({ dataCategories: ['identity', 'education', 'language-skills'] })).reasons).toEqual([
        'consent-missing-category:education',
        'consent-missing-category:language-skills',
      ]));

    it('names the missing purpose', () =>
      expect(verdict(request({ purpose: 'debt-collection' })).reasons).toEqual(['consent-missing-purpose']));

    it('does not add two partial consents into one release', () => {
      const split = file([
        consent({ dataCategories: ['identity'] }),
        consent({ consentId: OTHER_CONSENT_ID, dataCategories: ['employment'] }),
      ]);
      expect(verdict(request(), split)).toMatchObject({
        allowed: false,
        reasons: ['consent-missing-category:employment'],
      });
    });

    it('relies on the consent that does cover it when another one does not', () => {
      const two = file([consent({ purposes: ['other'] }), consent({ consentId: OTHER_CONSENT_ID })]);
      expect(verdict(request(), two)).toMatchObject({ allowed: true, consentIds: [OTHER_CONSENT_ID] });
    });
  });

  describe('when the only consent is no longer or not yet active', () => {
    it('refuses after the withdrawal: consent-withdrawn', () =>
      expect(verdict(request(), file([consent({ withdrawnAt: T1 })])).reasons).toEqual(['consent-withdrawn']));

    it('refuses a request stamped before a withdrawal that was recorded first: the withdrawal acts at once', () =>
      expect(verdict(request(), file([consent({ withdrawnAt: T1 })]), T0).reasons).toEqual(['consent-withdrawn']));

    it('refuses after validUntil: consent-expired', () =>
      expect(verdict(request(), file([consent({ validUntil: '2026-01-31' })])).reasons).toEqual(['consent-expired']));

    it('refuses a transfer dated before the consent: consent-not-yet-valid', () =>
      expect(verdict(request(), file([consent({ validFrom: T1 })]), T0).reasons).toEqual(['consent-not-yet-valid']));
  });

  describe('when the request concerns health data (Art. 9 DSGVO)', () => {
    it('allows it under a consent that names health', () =>
      expect(
        verdict(request({ dataCategories: ['health'] }), file([consent({ dataCategories: ['health'] })])).allowed,
      ).toBe(true));

    it('refuses it under a consent that does not', () =>
      expect(verdict(request({ dataCategories: ['health'] })).reasons).toEqual(['consent-missing-category:health']));

    it('refuses it under any statutory basis', () =>
      expect(verdict(statutory({ dataCategories: ['identity', 'health'] })).reasons).toEqual([
        'special-category-requires-explicit-consent',
      ]));
  });

  describe('when a statutory basis is cited', () => {
    it('allows it with a justification and flags it for the DPO', () =>
      expect(verdict(statutory(), file([]))).toEqual({
        allowed: true,
        reasons: ['statutory-basis-with-justification'],
        consentIds: [],
        flaggedForDpo: true,
      }));

    it.each([[undefined], [''], ['   ']])(
      'refuses without a written justification (%p): justification-required',
      (justification) => expect(verdict(statutory({ justification })).reasons).toEqual(['justification-required']),
    );

    it('refuses a welfare association, which only consent can reach', () =>
      expect(verdict(statutory({ toAgency: 'WOHLFAHRTSVERBAND' })).reasons).toEqual([
        'welfare-association-requires-consent',
      ]));

    it('collects every reason, not just the first', () =>
      expect(
        verdict(
          statutory({
            justification: '',
            toAgency: 'WOHLFAHRTSVERBAND',
            dataCategories: ['health'],
          }),
        ).reasons,
      ).toEqual([
        'justification-required',
        'special-category-requires-explicit-consent',
        'welfare-association-requires-consent',
      ]));
  });

  describe('when a welfare association is named in a consent', () => {
    it('allows the transfer under that consent', () =>
      expect(
        verdict(request({ toAgency: 'WOHLFAHRTSVERBAND' }), file([consent({ recipients: ['WOHLFAHRTSVERBAND'] })]))
          .allowed,
      ).toBe(true));
  });

  describe('when data were entrusted to the youth office (§ 65 SGB VIII)', () => {
    const fromYouthOffice = (o: Partial<TransferPolicyRequest> = {}) =>
      request({ fromAgency: 'JUGENDAMT', dataCategories: ['family-youth-welfare'], ...o });
    const youthConsent = (o: Partial<ConsentRecord> = {}) =>
      consent({ dataCategories: ['family-youth-welfare'], ...o });

    it('allows them out with the consent of the person who entrusted them', () =>
      expect(verdict(fromYouthOffice(), file([youthConsent()])).allowed).toBe(true));

    it('refuses them under a consent declared by someone else', () =>
      expect(verdict(fromYouthOffice(), file([youthConsent({ declaredBy: 'legal-representative' })])).reasons).toEqual([
        'youth-office-entrusted-data-requires-entruster-consent',
      ]));

    it('follows the entruster named in the request', () =>
      expect(
        verdict(
          fromYouthOffice({ entrustedBy: 'legal-representative' }),
          file([youthConsent({ declaredBy: 'legal-representative' })]),
        ).allowed,
      ).toBe(true));

    it('refuses them under a statutory basis', () =>
      expect(verdict(statutory({ fromAgency: 'JUGENDAMT', dataCategories: ['family-youth-welfare'] })).reasons).toEqual(
        ['youth-office-entrusted-data-requires-entruster-consent'],
      ));

    it('treats data flagged as entrusted the same, whoever sends them', () =>
      expect(verdict(statutory({ entrustedToYouthOffice: true })).reasons).toEqual([
        'youth-office-entrusted-data-requires-entruster-consent',
      ]));

    it('adds the entruster requirement when there is no consent at all', () =>
      expect(verdict(fromYouthOffice(), file([])).reasons).toEqual([
        'no-consent-for-recipient',
        'youth-office-entrusted-data-requires-entruster-consent',
      ]));

    it('lets family data sent by the integration centre itself leave under statute', () =>
      expect(verdict(statutory({ dataCategories: ['family-youth-welfare'] })).allowed).toBe(true));
  });

  describe('when the person file forbids any transfer', () => {
    it('refuses a restricted person even with consent (Art. 18 DSGVO)', () =>
      expect(verdict(request(), file([consent()], { restricted: true })).reasons).toEqual(['person-restricted']));

    it('refuses an erased person', () =>
      expect(verdict(request(), file([consent()], { erased: true })).reasons).toEqual(['person-erased']));

    it('refuses a transfer from an agency to itself', () =>
      expect(verdict(request({ fromAgency: 'JOBCENTER_IP' }), file([consent()])).reasons).toEqual([
        'sender-is-recipient',
      ]));
  });

  describe('when a mutual consent names the partner agency', () => {
    const back = request({ fromAgency: 'JOBCENTER_IP', toAgency: 'KI' });

    it('lets the partner report back to the integration centre', () =>
      expect(verdict(back, file([consent({ mutual: true })])).allowed).toBe(true));

    it('does not when the consent is one-way', () =>
      expect(verdict(back, file([consent({ mutual: false })])).reasons).toEqual(['no-consent-for-recipient']));
  });
});
