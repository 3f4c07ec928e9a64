import { aPerson, aTransfer, given } from '../../support/legal-basis.js';

/** Row `sgb10-69`: § 69 Abs. 1 Nr. 1 SGB X — only to bodies of § 35 SGB I, only where SGB X governs the KI. */
const statutory = (o: Parameters<typeof aTransfer>[0] = {}) =>
  aTransfer({
    legalBasis: 'sgb10-69',
    justification: 'Abstimmung der Eingliederungsleistungen nach SGB II mit dem Jobcenter',
    ...o,
  });

describe('row sgb10-69 (§ 69 Abs. 1 Nr. 1 SGB X)', () => {
  describe('when the KI sends employment data to the Jobcenter for labour-market integration', () => {
    it('allows it without consent, shown to the DPO, for any nationality', () => {
      const outcome = given(aPerson({ nationalities: ['DE'] })).when(statutory());
      outcome.thenAllowedUnder('sgb10-69');
      expect(outcome.verdict).toMatchObject({
        basis: { norm: '§ 69 Abs. 1 Nr. 1 SGB X', title: expect.stringContaining('§ 35 SGB I') },
        flaggedForDpo: true,
        approval: { required: false },
      });
    });
  });

  describe.each([['AGENTUR_FUER_ARBEIT'], ['JUGENDAMT'], ['SOZIALAMT_VELBERT'], ['SOZIALAMT_MONHEIM_AM_RHEIN']])(
    'when the recipient %s is a body of § 35 SGB I',
    (toAgency) => {
      it('allows it', () => given(aPerson()).when(statutory({ toAgency })).thenAllowedUnder('sgb10-69'));
    },
  );

  describe.each([['SCHULAMT'], ['AUSLAENDERBEHOERDE'], ['EINBUERGERUNGSBEHOERDE']])(
    'when the recipient %s is no body of § 35 SGB I',
    (toAgency) => {
      it('refuses: recipient-not-allowed-by-basis', () =>
        given(aPerson())
          .when(statutory({ toAgency }))
          .thenRefused([`recipient-not-allowed-by-basis:${toAgency}`]));
    },
  );

  describe('when the recipient is a welfare association (a private body)', () => {
    it('refuses: only consent reaches it', () =>
      given(aPerson())
        .when(statutory({ toAgency: 'WV_DIAKONIE' }))
        .thenRefused([
          'recipient-not-allowed-by-basis:WV_DIAKONIE',
          'recipient-private-body-consent-only:WV_DIAKONIE',
        ]));
  });

  describe('when the county has chosen DSG NRW as the sender regime', () => {
    it('refuses: SGB X does not govern the KI as sender', () =>
      given(aPerson(), { regime: 'dsg-nrw' }).when(statutory()).thenRefused(['basis-not-in-regime:dsg-nrw']));
  });

  describe('when health data are asked for', () => {
    it('refuses: the default row carries no special categories', () =>
      given(aPerson())
        .when(statutory({ dataCategories: ['health'] }))
        .thenRefused(['category-not-allowed-by-basis:health', 'special-category-not-allowed:health']));
  });

  describe('when the data came from a § 203 StGB professional (§ 76 SGB X)', () => {
    it('refuses: provenance-blocks-basis', () =>
      given(aPerson())
        .when(statutory({ provenance: [{ tag: 'from-203-professional', categories: ['employment'] }] }))
        .thenRefused(['provenance-blocks-basis:from-203-professional']));

    it('ignores a mark on a category that is not sent', () =>
      given(aPerson())
        .when(statutory({ provenance: [{ tag: 'from-203-professional', categories: ['health'] }] }))
        .thenAllowedUnder('sgb10-69'));
  });

  describe('when the purpose is not a social-code task of the recipient', () => {
    it('refuses: purpose-not-allowed-by-basis', () =>
      given(aPerson())
        .when(statutory({ purpose: 'residence-law-procedure' }))
        .thenRefused(['purpose-not-allowed-by-basis:residence-law-procedure']));
  });

  describe('when a partner agency would send under it', () => {
    it('refuses: the row is the KI’s power as sender', () =>
      given(aPerson())
        .when(statutory({ fromAgency: 'SOZIALAMT_HAAN' }))
        .thenRefused(['sender-not-allowed-by-basis:SOZIALAMT_HAAN']));
  });

  describe('when the justification is missing or too short', () => {
    it.each([
      [undefined, 'justification-missing'],
      ['   ', 'justification-missing'],
      ['.', 'justification-too-short:0/20'],
      ['siehe Akte', 'justification-too-short:9/20'],
      ['- - - - - - - - - - - - - - - - - - - - - - -', 'justification-too-short:0/20'],
    ])('refuses %p: %s', (justification, reason) =>
      given(aPerson()).when(statutory({ justification })).thenRefused([reason]),
    );
  });
});
