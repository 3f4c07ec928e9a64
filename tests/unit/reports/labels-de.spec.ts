import { DEFAULT_CATALOGUE, type Catalogue } from '../../../src/config/catalogue.js';
import { germanLabel, germanNumber, UNSPECIFIED } from '../../../src/reports/labels-de.js';

describe('German labels', () => {
  it('come from the catalogue for agencies and categories', () => {
    expect(germanLabel(DEFAULT_CATALOGUE, 'agency', 'JOBCENTER_IP')).toBe('Jobcenter (Integration Point, SGB II)');
    expect(germanLabel(DEFAULT_CATALOGUE, 'dataCategory', 'health')).toBe('Gesundheit (Art. 9 DSGVO)');
  });

  it('follow codes the catalogue adds later, in whatever list carries them', () => {
    const v2 = {
      ...DEFAULT_CATALOGUE,
      agencies: [
        ...DEFAULT_CATALOGUE.agencies,
        { code: 'SOZIALAMT_HAAN', label: 'Sozialamt der Stadt Haan', publicBody: true },
      ],
      purposes: [{ code: 'housing', label: 'Wohnraumversorgung' }],
      legalBases: [{ code: 'stag-32', labelDe: '§ 32 StAG (Ersuchen der Einbürgerungsbehörde)' }],
    } as Catalogue;
    expect(germanLabel(v2, 'agency', 'SOZIALAMT_HAAN')).toBe('Sozialamt der Stadt Haan');
    expect(germanLabel(v2, 'purpose', 'housing')).toBe('Wohnraumversorgung');
    expect(germanLabel(v2, 'legalBasis', 'stag-32')).toBe('§ 32 StAG (Ersuchen der Einbürgerungsbehörde)');
  });

  it('show legacy and unknown codes as not specified, never as the code', () => {
    expect(germanLabel(DEFAULT_CATALOGUE, 'agency', 'SOZIALAMT')).toBe('Sozialamt, nicht näher bezeichnet');
    expect(germanLabel(DEFAULT_CATALOGUE, 'agency', 'WOHLFAHRTSVERBAND')).toBe(
      'Wohlfahrtsverband, nicht näher bezeichnet',
    );
    expect(germanLabel(DEFAULT_CATALOGUE, 'agency', 'SOMETHING_NEW')).toBe(UNSPECIFIED);
    expect(germanLabel(DEFAULT_CATALOGUE, 'refusalReason', 'brand-new-reason')).toBe(UNSPECIFIED);
  });

  it('cover the refusal reasons the transfer policy gives', () => {
    for (const code of ['consent-expired', 'consent-withdrawn', 'consent-not-yet-valid', 'no-consent-for-recipient'])
      expect(germanLabel(DEFAULT_CATALOGUE, 'refusalReason', code)).not.toBe(UNSPECIFIED);
  });

  it('format numbers the German way', () => {
    expect(germanNumber(1234567)).toBe('1.234.567');
    expect(germanNumber(12.25, 1)).toBe('12,3');
  });
});
