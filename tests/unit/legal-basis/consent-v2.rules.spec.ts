import { DEFAULT_CATALOGUE_V2 } from '../../../src/catalogue/default-catalogue.js';
import { consentStanding, maximumValidUntil } from '../../../src/legal-basis/consent-facts.js';
import {
  consentDraftProblems,
  consentTerms,
  provenanceProblems,
  type ConsentDraft,
} from '../../../src/legal-basis/consent-v2.rules.js';
import { endOfPeriodInMonths } from '../../../src/shared/calendar.js';
import { aConsent, T0, T1 } from '../../support/legal-basis.js';

/** Consent rules v2 (§ 67b SGB X, Art. 7 DSGVO; product rule 3). Given at T0 = 15 January 2026. */
const catalogue = DEFAULT_CATALOGUE_V2;
const draft = (o: Partial<ConsentDraft> = {}): ConsentDraft => ({
  recipients: ['JOBCENTER_IP'],
  dataCategories: ['identity', 'employment'],
  purposes: ['labour-market-integration'],
  validUntil: '2027-12-31',
  mutual: true,
  evidence: { kind: 'signed-form', reference: 'KI-2026-0042' },
  informed: { language: 'tr', formVersion: 'einwilligung-v3', interpreter: false },
  declaredBy: 'person',
  ...o,
});
const fields = (d: ConsentDraft) => consentDraftProblems(d, catalogue, T0).map((p) => p.field);

describe('consent rules v2', () => {
  describe('when a consent names specific controllers, catalogue purposes, the information given and a bounded validity', () => {
    it('has no problems', () => expect(consentDraftProblems(draft(), catalogue, T0)).toEqual([]));

    it('is recorded without a case binding when given outside a case', () =>
      expect(consentTerms(draft())).toMatchObject({ caseBinding: null, releases: [] }));

    it('ends with its case unless it says otherwise', () => {
      expect(consentTerms(draft({ caseId: 'case-1' })).caseBinding).toEqual({
        caseId: 'case-1',
        endsWhenCaseCloses: true,
      });
      expect(consentTerms(draft({ caseId: 'case-1', endsWhenCaseCloses: false })).caseBinding).toEqual({
        caseId: 'case-1',
        endsWhenCaseCloses: false,
      });
    });
  });

  describe('when the informed block (§ 67b Abs. 2 S. 3 SGB X) is missing or incomplete', () => {
    it('names the block', () => expect(fields(draft({ informed: undefined }))).toEqual(['informed']));

    it('names each missing part', () =>
      expect(fields(draft({ informed: { language: 'Türkisch', formVersion: ' ', interpreter: 'yes' } }))).toEqual([
        'informed.language',
        'informed.formVersion',
        'informed.interpreter',
      ]));

    it('answers in German and English', () =>
      expect(consentDraftProblems(draft({ informed: null }), catalogue, T0)).toEqual([
        {
          field: 'informed',
          de: 'Aufklärung (Sprache, Formular, Dolmetschung) fehlt',
          en: 'information block is required',
        },
      ]));
  });

  describe('when recipients are not specific controllers', () => {
    it.each([['SOZIALAMT'], ['WOHLFAHRTSVERBAND'], ['KI'], ['NSA']])('refuses %s', (code) =>
      expect(fields(draft({ recipients: [code] }))).toEqual(['recipients']),
    );

    it('tells the caseworker to choose the specific office instead of the old code', () =>
      expect(consentDraftProblems(draft({ recipients: ['SOZIALAMT'] }), catalogue, T0)[0]!.de).toBe(
        'SOZIALAMT: nicht näher bezeichnete Stelle: bitte die konkrete Stelle wählen',
      ));
  });

  describe('when purposes or categories are outside the catalogue, or empty', () => {
    it('refuses a free purpose', () => expect(fields(draft({ purposes: ['debt-collection'] }))).toEqual(['purposes']));
    it('refuses no category', () => expect(fields(draft({ dataCategories: [] }))).toEqual(['dataCategories']));
    it('refuses a repeated purpose', () =>
      expect(fields(draft({ purposes: ['housing', 'housing'] }))).toEqual(['purposes']));
  });

  describe('when the validity exceeds the configured maximum of 24 months', () => {
    it('accepts the last day of the 24 months (§§ 187, 188 BGB)', () => {
      expect(maximumValidUntil(T0, 24)).toBe('2028-01-15');
      expect(fields(draft({ validUntil: '2028-01-15' }))).toEqual([]);
    });

    it('refuses one day more, and says until when it may run', () =>
      expect(consentDraftProblems(draft({ validUntil: '2028-01-16' }), catalogue, T0)).toEqual([
        {
          field: 'validUntil',
          de: 'höchstens 24 Monate, also bis 2028-01-15',
          en: 'at most 24 months, i.e. until 2028-01-15',
        },
      ]));

    it.each([['2026-01-15'], ['2026-02-30'], [undefined]])('refuses %p', (validUntil) =>
      expect(fields(draft({ validUntil }))).toEqual(['validUntil']),
    );

    it('ends a month period on the last day of a shorter month', () =>
      expect(endOfPeriodInMonths('2026-08-31', 6)).toBe('2027-02-28'));
  });

  describe('when someone other than the person declares', () => {
    it('needs the name of a legal representative or third party', () => {
      expect(fields(draft({ declaredBy: 'legal-representative' }))).toEqual(['representativeName']);
      expect(fields(draft({ declaredBy: 'third-party:grandmother' }))).toEqual(['representativeName']);
      expect(fields(draft({ declaredBy: 'third-party:grandmother', representativeName: 'E. Yılmaz' }))).toEqual([]);
    });

    it('refuses an unknown kind of declarant', () =>
      expect(fields(draft({ declaredBy: 'neighbour' }))).toEqual(['declaredBy']));
  });

  describe('when other fields are malformed', () => {
    it('names each one', () =>
      expect(
        fields(
          draft({
            mutual: 'yes',
            evidence: { kind: 'phone-call' },
            endsWhenCaseCloses: true,
            releases: ['gossip'],
          }),
        ),
      ).toEqual(['releases', 'mutual', 'evidence.kind', 'evidence.reference', 'endsWhenCaseCloses']));
  });

  describe('provenance tags on notes and consents', () => {
    it('accepts known tags, with the entruster where § 65 SGB VIII needs one', () =>
      expect(
        provenanceProblems(
          [
            { tag: 'from-203-professional' },
            { tag: 'entrusted-youth-office', entrustedBy: 'third-party:aunt', categories: ['family-youth-welfare'] },
          ],
          catalogue,
        ),
      ).toEqual([]));

    it('names an unknown tag, a missing entruster and an unknown category', () =>
      expect(
        provenanceProblems(
          [{ tag: 'gossip' }, { tag: 'entrusted-youth-office' }, { tag: 'from-203-professional', categories: ['dna'] }],
          catalogue,
          'notes[0].provenance',
        ).map((p) => p.field),
      ).toEqual([
        'notes[0].provenance[0].tag',
        'notes[0].provenance[1].entrustedBy',
        'notes[0].provenance[2].categories',
      ]));
  });

  describe('the standing of a recorded consent', () => {
    const rule = { maxValidityMonths: 24, capAtMaximumValidity: true };
    it.each([
      ['active', aConsent(), T1],
      ['withdrawn', aConsent({ withdrawnAt: T1 }), T0],
      ['ended-with-case', aConsent({ caseBinding: { caseId: 'c', endsWhenCaseCloses: true, caseClosedAt: T1 } }), T1],
      ['active', aConsent({ caseBinding: { caseId: 'c', endsWhenCaseCloses: true, caseClosedAt: null } }), T1],
      ['not-yet-valid', aConsent({ validFrom: T1 }), T0],
      ['expired', aConsent({ validUntil: '2026-01-31' }), T1],
      ['active', aConsent({ validUntil: '2026-02-01' }), '2026-02-01T22:30:00.000Z'], // 23:30 in Germany
      ['expired', aConsent({ validUntil: '2026-02-01' }), '2026-02-01T23:30:00.000Z'], // 00:30 on 2 February
      ['beyond-maximum-validity', aConsent({ validFrom: '2024-01-31T09:00:00.000Z', validUntil: '2030-01-01' }), T1],
    ])('is %s', (standing, consent, at) => expect(consentStanding(consent, at, rule)).toBe(standing));
  });
});
