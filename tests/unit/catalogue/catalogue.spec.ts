import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSpecialCategory, isUsableAgency, labelOf, toLegacyCatalogue } from '../../../src/catalogue/catalogue.js';
import { parseCatalogue } from '../../../src/catalogue/catalogue.parser.js';
import { loadCatalogue } from '../../../src/catalogue/catalogue.loader.js';
import { DEFAULT_CATALOGUE_V2 } from '../../../src/catalogue/default-catalogue.js';
import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import { CONDITIONS, FAILURE_REASONS } from '../../../src/legal-basis/reasons.js';
import { ConfigError } from '../../../src/shared/config-error.js';

/** Catalogue version 2 (product.md §1): specific controllers, German labels, configuration not code. */
const catalogue = DEFAULT_CATALOGUE_V2;
const codes = (list: { code: string }[]) => list.map((e) => e.code);
type Raw = Record<string, unknown> & { agencies: Record<string, unknown>[] };
const raw = (): Raw => JSON.parse(JSON.stringify(DEFAULT_CATALOGUE_V2)) as Raw;

describe('catalogue v2', () => {
  describe("Kreis Mettmann's defaults", () => {
    it('are a valid catalogue', () => expect(parseCatalogue(raw(), 'defaults')).toEqual(catalogue));

    it('name the specific recipient controllers of product.md §1, and the two legacy codes', () =>
      expect(codes(catalogue.agencies)).toEqual([
        'KI',
        'JOBCENTER_IP',
        'AGENTUR_FUER_ARBEIT',
        'AUSLAENDERBEHOERDE',
        'EINBUERGERUNGSBEHOERDE',
        'SCHULAMT',
        'JUGENDAMT',
        'SOZIALAMT_ERKRATH',
        'SOZIALAMT_HAAN',
        'SOZIALAMT_HEILIGENHAUS',
        'SOZIALAMT_HILDEN',
        'SOZIALAMT_LANGENFELD',
        'SOZIALAMT_METTMANN',
        'SOZIALAMT_MONHEIM_AM_RHEIN',
        'SOZIALAMT_RATINGEN',
        'SOZIALAMT_VELBERT',
        'SOZIALAMT_WUELFRATH',
        'WV_AWO',
        'WV_CARITAS',
        'WV_DIAKONIE',
        'WV_DRK',
        'WV_PARITAET',
        'SOZIALAMT',
        'WOHLFAHRTSVERBAND',
      ]));

    it('give each of the ten municipalities its own social office, a body of § 35 SGB I', () => {
      const offices = catalogue.agencies.filter((a) => a.kind === 'social-office' && !a.legacy);
      expect(offices.map((o) => o.municipality)).toEqual(codes(catalogue.municipalities));
      expect(offices.every((o) => o.publicBody && o.socialCodeBody)).toBe(true);
      expect(labelOf(catalogue, 'agencies', 'SOZIALAMT_WUELFRATH')).toBe('Sozialamt der Stadt Wülfrath');
    });

    it('mark the bodies of § 35 SGB I and the private welfare associations', () => {
      const of = (pred: (a: (typeof catalogue.agencies)[number]) => boolean) =>
        codes(catalogue.agencies.filter((a) => !a.legacy && pred(a)));
      expect(of((a) => a.socialCodeBody && a.kind !== 'social-office')).toEqual([
        'JOBCENTER_IP',
        'AGENTUR_FUER_ARBEIT',
        'JUGENDAMT',
      ]);
      expect(of((a) => !a.publicBody)).toEqual(['WV_AWO', 'WV_CARITAS', 'WV_DIAKONIE', 'WV_DRK', 'WV_PARITAET']);
    });

    it('keep the legacy codes readable as "nicht näher bezeichnet", but not usable', () => {
      expect(labelOf(catalogue, 'agencies', 'SOZIALAMT')).toBe('Sozialamt (nicht näher bezeichnet)');
      expect(labelOf(catalogue, 'agencies', 'WOHLFAHRTSVERBAND')).toBe('Wohlfahrtsverband (nicht näher bezeichnet)');
      expect(isUsableAgency(catalogue, 'SOZIALAMT')).toBe(false);
      expect(isUsableAgency(catalogue, 'SOZIALAMT_HILDEN')).toBe(true);
    });

    it('treat health as special and case notes as possibly special (Art. 9 DSGVO)', () =>
      expect(codes(catalogue.dataCategories).filter((c) => isSpecialCategory(catalogue, c))).toEqual([
        'health',
        'case-notes',
      ]));

    it('list the default purposes of product.md with German labels', () =>
      expect(catalogue.purposes.map((p) => [p.code, p.label])).toEqual([
        ['labour-market-integration', 'Arbeitsmarktintegration'],
        ['residence-law-procedure', 'Aufenthaltsrechtliches Verfahren'],
        ['naturalisation', 'Einbürgerung'],
        ['child-protection', 'Kinderschutz'],
        ['social-benefits', 'Sozialleistungen'],
        ['schooling', 'Schule und Bildung'],
        ['language-course', 'Sprach- und Integrationskurs'],
        ['housing', 'Wohnen'],
        ['health-care', 'Gesundheitsversorgung'],
        ['counselling', 'Beratung'],
      ]));

    it('list the nine fields of action (Handlungsfelder) in German', () =>
      expect(catalogue.fieldsOfAction.map((f) => f.label)).toEqual([
        'Aufenthalt',
        'Sprache',
        'Arbeit und Anerkennung',
        'Bildung und Schule',
        'Kita (Kindertagesbetreuung)',
        'Wohnen',
        'Gesundheit',
        'Finanzen',
        'Familie',
      ]));

    it('label every role, including the privacy officer of v2', () =>
      expect(catalogue.roles.map((r) => [r.code, r.label])).toContainEqual([
        'privacy_officer',
        'Datenschutzkoordination',
      ]));

    it('label every condition and every reason of a verdict in German and English', () => {
      const all = [...Object.keys(CONDITIONS), ...Object.keys(FAILURE_REASONS)];
      expect(codes(catalogue.reasons)).toEqual(all);
      expect(catalogue.reasons.every((r) => r.label.trim() !== '' && (r.labelEn ?? '').trim() !== '')).toBe(true);
    });

    it('name the bases of the KI’s own processing: the participation consent and the Art. 6(1)(e) task', () =>
      expect(catalogue.participationBases.map((b) => [b.code, b.kind, b.norm])).toEqual([
        ['participation-consent', 'consent', 'Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO i. V. m. § 67b SGB X'],
        ['public-task-kim', 'public-task', 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 Abs. 1 DSG NRW, § 9 TIntG NRW'],
      ]));

    it('bound consents to 24 months, with SGB X governing the KI as sender', () =>
      expect([catalogue.maxConsentValidityMonths, catalogue.senderRegime, catalogue.caseloadLimit]).toEqual([
        24,
        'sgb',
        80,
      ]));
  });

  describe('the shape older readers use (labels, municipalities, caseload)', () => {
    const legacy = toLegacyCatalogue(
      catalogue,
      DEFAULT_LEGAL_BASES.rows.filter((r) => r.kind === 'statutory').map((r) => r.code),
    );

    it('derives agencies, municipalities, categories, statutory bases and the caseload limit', () => {
      expect(legacy.agencies).toContainEqual({
        code: 'SOZIALAMT_VELBERT',
        label: 'Sozialamt der Stadt Velbert',
        publicBody: true,
      });
      expect(legacy.agencies).toContainEqual({
        code: 'SOZIALAMT',
        label: 'Sozialamt (nicht näher bezeichnet)',
        publicBody: true,
      });
      expect(legacy.municipalities).toContain('Monheim am Rhein');
      expect(legacy.dataCategories).toContainEqual({
        code: 'case-notes',
        label: 'Fallvermerke (möglicherweise Art. 9 DSGVO)',
        special: true,
      });
      expect(legacy.statutoryBases).toEqual(['sgb10-69', 'sgb10-71-2', 'kkg-4', 'stag-32', 'vital-interests']);
      expect(legacy.caseloadLimit).toBe(80);
    });
  });

  describe('loading (KIM_CATALOGUE_FILE and single-value overrides)', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kim-catalogue-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (content: unknown) => {
      const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify(content));
      return path;
    };

    it('uses the defaults without a file', () => expect(loadCatalogue({})).toEqual(catalogue));

    it('takes Kreis Mettmann’s participation bases when a county file of before issue 14 item 5 names none', () => {
      const county = raw();
      delete county.participationBases;
      expect(loadCatalogue({ KIM_CATALOGUE_FILE: file(county) }).participationBases).toEqual(
        catalogue.participationBases,
      );
    });

    it('takes the sender regime, the consent maximum and the caseload limit from the environment', () =>
      expect(
        loadCatalogue({ KIM_SENDER_REGIME: 'dsg-nrw', KIM_CONSENT_MAX_MONTHS: '12', KIM_CASELOAD_LIMIT: '60' }),
      ).toMatchObject({ senderRegime: 'dsg-nrw', maxConsentValidityMonths: 12, caseloadLimit: 60 }));

    it('loads a county file and merges its reason labels over the built-in ones', () => {
      const county = raw();
      county.reasons = [{ code: 'person-restricted', label: 'Gesperrt (Art. 18 DSGVO)' }];
      const loaded = loadCatalogue({ KIM_CATALOGUE_FILE: file(county) });
      expect(loaded.reasons.find((r) => r.code === 'person-restricted')).toEqual({
        code: 'person-restricted',
        label: 'Gesperrt (Art. 18 DSGVO)',
        labelEn: 'processing restricted (Art. 18 GDPR)',
      });
      expect(loaded.reasons).toHaveLength(catalogue.reasons.length);
    });

    const broken: [string, (c: Raw) => void, string][] = [
      ['a v1 catalogue', (c) => (c.version = undefined), '"version" must be 2 (catalogue version 2), got undefined'],
      [
        'an office of an unknown municipality',
        (c) => (c.agencies[7]!.municipality = 'Düsseldorf'),
        'agencies[7] "SOZIALAMT_ERKRATH": "municipality" names unknown municipality "Düsseldorf"',
      ],
      [
        'an agency without label',
        (c) => delete c.agencies[3]!.label,
        'agencies[3] "AUSLAENDERBEHOERDE": "label" must be a non-empty text',
      ],
      [
        'an unknown agency kind',
        (c) => (c.agencies[3]!.kind = 'police'),
        'agencies[3] "AUSLAENDERBEHOERDE": "kind" must be one of',
      ],
      [
        'a welfare association as public body',
        (c) => (c.agencies[17]!.publicBody = true),
        'agencies[17] "WV_AWO": a welfare association is no public body',
      ],
      [
        'a private body of § 35 SGB I',
        (c) => Object.assign(c.agencies[5]!, { publicBody: false, socialCodeBody: true }),
        'agencies[5] "SCHULAMT": a body of § 35 SGB I is a public body',
      ],
      [
        'two integration centres',
        (c) => (c.agencies[5]!.kind = 'integration-centre'),
        '"agencies" must hold exactly one integration-centre (the sender), found 2',
      ],
      ['an agency code twice', (c) => (c.agencies[6]!.code = 'SCHULAMT'), '"agencies" has the code "SCHULAMT" twice'],
      ['no purposes', (c) => (c.purposes = []), '"purposes" must not be empty'],
      [
        'an unknown reason',
        (c) => (c.reasons = [{ code: 'because', label: 'Weil' }]),
        '"reasons" names unknown reason code "because"',
      ],
      [
        'Germany among the EU nationalities',
        (c) => (c.euNationalities = ['FR', 'DE']),
        '"euNationalities" must hold ISO 3166 alpha-2 codes other than DE, got "DE"',
      ],
      ['an unknown regime', (c) => (c.senderRegime = 'bund'), '"senderRegime" must be one of sgb, dsg-nrw, got "bund"'],
      [
        'a participation basis of an unknown kind (issue 14 item 5)',
        (c) => ((c.participationBases as Record<string, unknown>[])[1]!.kind = 'legitimate-interest'),
        'participationBases[1] "public-task-kim": "kind" must be one of consent, public-task, got "legitimate-interest"',
      ],
      [
        'a participation basis without its norm',
        (c) => delete (c.participationBases as Record<string, unknown>[])[0]!.norm,
        'participationBases[0] "participation-consent": "norm" must be a non-empty text',
      ],
      ['no participation basis at all', (c) => (c.participationBases = []), '"participationBases" must not be empty'],
      [
        'an unbounded consent',
        (c) => (c.maxConsentValidityMonths = 0),
        '"maxConsentValidityMonths" must be an integer from 1 to 120, got 0',
      ],
    ];

    it.each(broken)('stops the start on %s, in one line naming the entry', (_what, change, message) => {
      const county = raw();
      change(county);
      const load = () => loadCatalogue({ KIM_CATALOGUE_FILE: file(county) });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`KIM_CATALOGUE_FILE: ${message}`);
    });

    it.each([
      [{ KIM_SENDER_REGIME: 'bund' }, 'KIM_SENDER_REGIME: must be one of sgb, dsg-nrw, got "bund"'],
      [{ KIM_CONSENT_MAX_MONTHS: '0' }, 'KIM_CONSENT_MAX_MONTHS: must be an integer from 1 to 120, got "0"'],
      [{ KIM_CASELOAD_LIMIT: 'many' }, 'KIM_CASELOAD_LIMIT: must be an integer from 1 to 1000, got "many"'],
    ])('stops the start on %j', (env, message) => expect(() => loadCatalogue(env)).toThrow(message));
  });
});
