import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import type { LegalBasisMatrix } from '../../../src/legal-basis/legal-basis.js';
import { CONSENT_ID, OTHER_CONSENT_ID } from '../../support/builders.js';
import { aConsent, aPerson, aTransfer, conditionOf, given, T0, T1 } from '../../support/legal-basis.js';

/** Row `consent`: Art. 6 Abs. 1 lit. a, Art. 7, Art. 9 Abs. 2 lit. a DSGVO; § 67b SGB X. */
const consenting = (...consents: ReturnType<typeof aConsent>[]) => aPerson({ consents });
const withConsentRule = (rule: Partial<NonNullable<LegalBasisMatrix['rows'][number]['consent']>>) => ({
  matrix: {
    ...DEFAULT_LEGAL_BASES,
    rows: DEFAULT_LEGAL_BASES.rows.map((r) =>
      r.code === 'consent' ? { ...r, consent: { ...r.consent!, ...rule } } : r,
    ),
  },
});

describe('row consent (Einwilligung)', () => {
  describe('when one active, informed consent covers the recipient, every category and the purpose', () => {
    it('allows the transfer and cites that consent, not flagged, no second person', () => {
      const outcome = given(consenting(aConsent())).when(aTransfer());
      outcome.thenAllowedUnder('consent');
      expect(outcome.verdict).toMatchObject({
        basis: { norm: 'Art. 6 Abs. 1 lit. a DSGVO i. V. m. Art. 7 DSGVO i. V. m. Art. 9 Abs. 2 lit. a DSGVO' },
        consentIds: [CONSENT_ID],
        flaggedForDpo: false,
        approval: { required: false },
      });
    });

    it('allows a subset of the consented categories', () =>
      given(consenting(aConsent()))
        .when(aTransfer({ dataCategories: ['employment'] }))
        .thenAllowedUnder('consent'));

    it('allows it at the very instant the consent was given', () =>
      given(consenting(aConsent()), { at: T0 }).when(aTransfer()).thenAllowedUnder('consent'));

    it('allows health data the consent names explicitly (Art. 9 Abs. 2 lit. a DSGVO)', () =>
      given(consenting(aConsent({ dataCategories: ['health'] })))
        .when(aTransfer({ dataCategories: ['health'] }))
        .thenAllowedUnder('consent'));

    it('allows a named welfare association, for which consent is the only basis', () =>
      given(consenting(aConsent({ recipients: ['WV_CARITAS'], purposes: ['counselling'] })))
        .when(aTransfer({ toAgency: 'WV_CARITAS', purpose: 'counselling' }))
        .thenAllowedUnder('consent'));

    it('lists the consent it relied on in each consent condition', () =>
      expect(conditionOf(given(consenting(aConsent())).when(aTransfer()).verdict, 'consent-covers-categories')).toEqual(
        [
          {
            condition: 'consent-covers-categories',
            held: true,
            reason: 'consent-covers-categories',
            consentId: CONSENT_ID,
          },
        ],
      ));
  });

  describe('when no consent names the recipient controller', () => {
    it('refuses: no-consent-for-recipient', () =>
      given(consenting(aConsent()))
        .when(aTransfer({ toAgency: 'AGENTUR_FUER_ARBEIT' }))
        .thenRefused(['no-consent-for-recipient']));

    it('refuses a city social office under a consent naming the old collective code, and says so', () =>
      given(consenting(aConsent({ recipients: ['SOZIALAMT'], purposes: ['social-benefits'] })))
        .when(aTransfer({ toAgency: 'SOZIALAMT_VELBERT', purpose: 'social-benefits' }))
        .thenRefused(['no-consent-for-recipient:legacy-recipient:SOZIALAMT']));

    it('refuses the old collective code as a recipient, even under a consent that names it', () =>
      given(consenting(aConsent({ recipients: ['WOHLFAHRTSVERBAND'] })))
        .when(aTransfer({ toAgency: 'WOHLFAHRTSVERBAND' }))
        .thenRefused(['recipient-legacy-code:WOHLFAHRTSVERBAND']));
  });

  describe('when the consent lacks part of the request', () => {
    it('names each missing category', () =>
      given(consenting(aConsent()))
        .when(aTransfer({ dataCategories: ['identity', 'education', 'language-skills'] }))
        .thenRefused(['consent-missing-category:education', 'consent-missing-category:language-skills']));

    it('names the missing purpose', () =>
      given(consenting(aConsent()))
        .when(aTransfer({ purpose: 'housing' }))
        .thenRefused(['consent-missing-purpose:housing']));

    it('does not add two partial consents into one release', () =>
      given(
        consenting(
          aConsent({ dataCategories: ['identity'] }),
          aConsent({ consentId: OTHER_CONSENT_ID, dataCategories: ['employment'] }),
        ),
      )
        .when(aTransfer())
        .thenRefused(['consent-missing-category:employment']));

    it('relies on the consent that covers it when another does not', () => {
      const outcome = given(
        consenting(aConsent({ purposes: ['housing'] }), aConsent({ consentId: OTHER_CONSENT_ID })),
      ).when(aTransfer());
      outcome.thenAllowedUnder('consent');
      expect(outcome.verdict.consentIds).toEqual([OTHER_CONSENT_ID]);
    });
  });

  describe('when the only consent is not in force', () => {
    it('refuses after the withdrawal (Art. 7 Abs. 3 DSGVO)', () =>
      given(consenting(aConsent({ withdrawnAt: T1 })))
        .when(aTransfer())
        .thenRefused(['consent-withdrawn']));

    it('refuses a request stamped before a withdrawal that was recorded first: the withdrawal acts at once', () =>
      given(consenting(aConsent({ withdrawnAt: T1 })), { at: T0 })
        .when(aTransfer())
        .thenRefused(['consent-withdrawn']));

    it('refuses after validUntil', () =>
      given(consenting(aConsent({ validUntil: '2026-01-31' })))
        .when(aTransfer())
        .thenRefused(['consent-expired']));

    it('refuses before the consent was given', () =>
      given(consenting(aConsent({ validFrom: T1 })), { at: T0 })
        .when(aTransfer())
        .thenRefused(['consent-not-yet-valid']));

    it('refuses once its case has closed', () =>
      given(consenting(aConsent({ caseBinding: { caseId: 'case-1', endsWhenCaseCloses: true, caseClosedAt: T0 } })))
        .when(aTransfer())
        .thenRefused(['consent-ended-with-case']));

    it('allows it after the case closed when the consent says it outlasts the case', () =>
      given(consenting(aConsent({ caseBinding: { caseId: 'case-1', endsWhenCaseCloses: false, caseClosedAt: T0 } })))
        .when(aTransfer())
        .thenAllowedUnder('consent'));

    it('refuses an old consent past the maximum validity of 24 months, whatever its validUntil', () =>
      given(consenting(aConsent({ validFrom: '2023-12-01T09:00:00.000Z', validUntil: '2030-12-31' })))
        .when(aTransfer())
        .thenRefused(['consent-beyond-maximum-validity']));

    it('allows it when the county switches the cap off', () =>
      given(
        consenting(aConsent({ validFrom: '2023-12-01T09:00:00.000Z', validUntil: '2030-12-31' })),
        withConsentRule({ capAtMaximumValidity: false }),
      )
        .when(aTransfer())
        .thenAllowedUnder('consent'));
  });

  describe('when the consent does not document how the person was informed (v1 consents)', () => {
    it('refuses: consent-not-informed', () =>
      given(consenting(aConsent({ informed: null })))
        .when(aTransfer())
        .thenRefused(['consent-not-informed']));

    it('allows it when the county does not require the informed block', () =>
      given(consenting(aConsent({ informed: null })), withConsentRule({ requireInformed: false }))
        .when(aTransfer())
        .thenAllowedUnder('consent'));
  });

  describe('when a mutual consent names the partner agency', () => {
    const back = aTransfer({ fromAgency: 'JOBCENTER_IP', toAgency: 'KI' });

    it('lets the partner report back to the integration centre', () =>
      given(consenting(aConsent({ mutual: true })))
        .when(back)
        .thenAllowedUnder('consent'));

    it('does not when the consent is one-way', () =>
      given(consenting(aConsent({ mutual: false })))
        .when(back)
        .thenRefused(['no-consent-for-recipient']));
  });

  describe('when the data were entrusted to the youth office (§ 65 SGB VIII)', () => {
    const entrusted = (entrustedBy: string) =>
      aTransfer({
        toAgency: 'SCHULAMT',
        dataCategories: ['family-youth-welfare'],
        purpose: 'schooling',
        provenance: [{ tag: 'entrusted-youth-office', entrustedBy }],
      });
    const release = (o: Parameters<typeof aConsent>[0] = {}) =>
      aConsent({
        recipients: ['SCHULAMT'],
        dataCategories: ['family-youth-welfare'],
        purposes: ['schooling'],
        releases: ['entrusted-youth-office'],
        ...o,
      });

    it('allows them with the consent of the person who entrusted them, releasing that tag', () =>
      given(consenting(release())).when(entrusted('person')).thenAllowedUnder('consent'));

    it('refuses them under a consent that does not name the release', () =>
      given(consenting(release({ releases: [] })))
        .when(entrusted('person'))
        .thenRefused(['entruster-consent-missing:entrusted-youth-office:person']));

    it('refuses them without the consent of the third party who entrusted them', () =>
      given(consenting(release()))
        .when(entrusted('third-party:grandmother'))
        .thenRefused(['entruster-consent-missing:entrusted-youth-office:third-party:grandmother']));

    it("relies on both the person's consent and the third party's", () => {
      const thirdParty = release({ consentId: OTHER_CONSENT_ID, declaredBy: 'third-party:grandmother' });
      const outcome = given(consenting(release({ releases: [] }), thirdParty)).when(
        entrusted('third-party:grandmother'),
      );
      outcome.thenAllowedUnder('consent');
      expect(outcome.verdict.consentIds).toEqual([CONSENT_ID, OTHER_CONSENT_ID]);
    });

    it('treats family data the youth office sends as entrusted by the person', () =>
      given(consenting(release({ releases: [] })))
        .when(
          aTransfer({
            fromAgency: 'JUGENDAMT',
            toAgency: 'SCHULAMT',
            dataCategories: ['family-youth-welfare'],
            purpose: 'schooling',
          }),
        )
        .thenRefused(['entruster-consent-missing:entrusted-youth-office:person']));

    it('refuses them when nobody knows who entrusted them', () =>
      given(consenting(release()))
        .when(
          aTransfer({
            toAgency: 'SCHULAMT',
            dataCategories: ['family-youth-welfare'],
            purpose: 'schooling',
            provenance: [{ tag: 'entrusted-youth-office' }],
          }),
        )
        .thenRefused(['entruster-consent-missing:entrusted-youth-office:unknown-entruster']));
  });
});
