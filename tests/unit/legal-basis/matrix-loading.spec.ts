import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOGUE_V2 } from '../../../src/catalogue/default-catalogue.js';
import { DEFAULT_LEGAL_BASES } from '../../../src/legal-basis/default-legal-bases.js';
import { citationOf, type LegalBasisMatrix } from '../../../src/legal-basis/legal-basis.js';
import { loadLegalBasisMatrix } from '../../../src/legal-basis/legal-basis.loader.js';
import { parseLegalBasisMatrix } from '../../../src/legal-basis/legal-basis.parser.js';
import { ConfigError } from '../../../src/shared/config-error.js';

/** The matrix is configuration: KIM_LEGAL_BASES_FILE, checked at start; a bad row stops the start in one line. */
type RawMatrix = { version: unknown; rows: Record<string, unknown>[]; settings?: unknown };
const raw = (): RawMatrix => JSON.parse(JSON.stringify(DEFAULT_LEGAL_BASES)) as RawMatrix;
const row = (m: RawMatrix, code: string) => m.rows.find((r) => r.code === code)!;
const parse = (m: unknown) => parseLegalBasisMatrix(m, DEFAULT_CATALOGUE_V2, 'KIM_LEGAL_BASES_FILE');

function failsWith(m: unknown, message: string): void {
  let thrown: unknown;
  try {
    parse(m);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect((thrown as Error).message).toBe(message);
  expect((thrown as Error).message).not.toContain('\n');
}

describe('legal-basis matrix (configuration)', () => {
  describe('when no file is named', () => {
    it("loads Kreis Mettmann's six default rows, checked against the catalogue", () => {
      const matrix = loadLegalBasisMatrix(DEFAULT_CATALOGUE_V2, {});
      expect(matrix.rows.map((r) => [r.code, citationOf(r)])).toEqual([
        ['consent', 'Art. 6 Abs. 1 lit. a DSGVO i. V. m. Art. 7 DSGVO i. V. m. Art. 9 Abs. 2 lit. a DSGVO'],
        ['sgb10-69', '§ 69 Abs. 1 Nr. 1 SGB X'],
        ['sgb10-71-2', '§ 71 Abs. 2 SGB X i. V. m. § 87 Abs. 1 AufenthG'],
        ['kkg-4', '§ 4 Abs. 3 KKG i. V. m. § 8a SGB VIII'],
        ['stag-32', '§ 32 Abs. 1 StAG'],
        ['vital-interests', 'Art. 6 Abs. 1 lit. d DSGVO i. V. m. Art. 9 Abs. 2 lit. c DSGVO'],
      ]);
      expect(matrix).toEqual(DEFAULT_LEGAL_BASES);
    });

    it('reaches with § 69 SGB X exactly the bodies of § 35 SGB I', () =>
      expect(DEFAULT_LEGAL_BASES.rows.find((r) => r.code === 'sgb10-69')!.recipients).toEqual([
        'JOBCENTER_IP',
        'AGENTUR_FUER_ARBEIT',
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
      ]));

    it('stops the start when a county catalogue drops an agency a default row names', () =>
      expect(() =>
        loadLegalBasisMatrix(
          {
            ...DEFAULT_CATALOGUE_V2,
            agencies: DEFAULT_CATALOGUE_V2.agencies.filter((a) => a.code !== 'EINBUERGERUNGSBEHOERDE'),
          },
          {},
        ),
      ).toThrow(
        'KIM_LEGAL_BASES_FILE (default matrix): row 5 "stag-32": "recipients" names unknown code "EINBUERGERUNGSBEHOERDE"',
      ));
  });

  describe('when a file is named', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kim-legal-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    it('loads a county matrix that narrows a row', () => {
      const m = raw();
      row(m, 'sgb10-69').recipients = ['JOBCENTER_IP'];
      const matrix = loadLegalBasisMatrix(DEFAULT_CATALOGUE_V2, {
        KIM_LEGAL_BASES_FILE: file('narrow.json', JSON.stringify(m)),
      });
      expect(matrix.rows[1]!.recipients).toEqual(['JOBCENTER_IP']);
    });

    it('stops the start on a file that is not JSON, in one line', () =>
      expect(() =>
        loadLegalBasisMatrix(DEFAULT_CATALOGUE_V2, { KIM_LEGAL_BASES_FILE: file('broken.json', '{ "rows": [') }),
      ).toThrow(/^KIM_LEGAL_BASES_FILE: ".*broken\.json" is not valid JSON \(/));

    it('stops the start on a missing file', () =>
      expect(() =>
        loadLegalBasisMatrix(DEFAULT_CATALOGUE_V2, { KIM_LEGAL_BASES_FILE: join(dir, 'nope.json') }),
      ).toThrow(/^KIM_LEGAL_BASES_FILE: cannot read ".*nope\.json" \(ENOENT\)$/));
  });

  describe('when a row is malformed, the one line names the row', () => {
    const cases: [string, (m: RawMatrix) => void, string][] = [
      ['a row without code', (m) => delete m.rows[1]!.code, 'row 2: "code" must be a non-empty text'],
      [
        'an upper-case code',
        (m) => (row(m, 'kkg-4').code = 'KKG 4'),
        'row 4 "KKG 4": "code" must be lower-case letters, digits and "-"',
      ],
      ['a code twice', (m) => (row(m, 'stag-32').code = 'kkg-4'), 'row 5 "kkg-4": the code is already row 4\'s'],
      [
        'an unknown recipient',
        (m) => (row(m, 'sgb10-71-2').recipients = ['ABH']),
        'row 3 "sgb10-71-2": "recipients" names unknown code "ABH"',
      ],
      [
        'a legacy collective code',
        (m) => (row(m, 'sgb10-69').recipients = ['SOZIALAMT']),
        'row 2 "sgb10-69": "recipients" names "SOZIALAMT", a legacy collective code no longer usable',
      ],
      [
        'an unknown category',
        (m) => (row(m, 'kkg-4').dataCategories = ['dna']),
        'row 4 "kkg-4": "dataCategories" names unknown code "dna"',
      ],
      [
        'an unknown regime',
        (m) => (row(m, 'stag-32').regimes = ['bund']),
        'row 5 "stag-32": "regimes" names unknown code "bund"',
      ],
      ['no regime', (m) => (row(m, 'stag-32').regimes = []), 'row 5 "stag-32": "regimes" must not be empty'],
      [
        'an unknown provenance tag',
        (m) => (row(m, 'sgb10-69').blockingProvenance = ['gossip']),
        'row 2 "sgb10-69": "blockingProvenance" names unknown code "gossip"',
      ],
      [
        'a norm without law',
        (m) => delete (row(m, 'kkg-4').norm as Record<string, unknown>).law,
        'row 4 "kkg-4": norm: "law" must be a non-empty text',
      ],
      ['a missing title', (m) => (row(m, 'kkg-4').title = ' '), 'row 4 "kkg-4": "title" must be a non-empty text'],
      [
        'a non-boolean DPO flag',
        (m) => (row(m, 'kkg-4').dpoFlag = 'yes'),
        'row 4 "kkg-4": "dpoFlag" must be true or false',
      ],
      [
        'a required justification of length 0',
        (m) => (row(m, 'kkg-4').justification = { required: true, minLength: 0 }),
        'row 4 "kkg-4": "justification.minLength" must be at least 1 when a justification is required',
      ],
      [
        'approval without an approver role',
        (m) => (row(m, 'stag-32').secondPersonApproval = { required: true, approverRoles: [] }),
        'row 5 "stag-32": "secondPersonApproval.approverRoles" must name a role when approval is required',
      ],
      [
        'an unknown approver role',
        (m) => (row(m, 'stag-32').secondPersonApproval = { required: true, approverRoles: ['mayor'] }),
        'row 5 "stag-32": secondPersonApproval: "approverRoles" names unknown code "mayor"',
      ],
      [
        'a statutory row reaching any recipient',
        (m) => (row(m, 'kkg-4').recipients = 'any'),
        'row 4 "kkg-4": "recipients" may be "any" only in the consent row; a statutory row names them',
      ],
      [
        'a statutory row reaching a welfare association',
        (m) => (row(m, 'vital-interests').recipients = ['JUGENDAMT', 'WV_DRK']),
        'row 6 "vital-interests": "WV_DRK" is a private body: consent is its only basis',
      ],
      [
        '§ 69 SGB X widened to the Schulamt',
        (m) => (row(m, 'sgb10-69').recipients = ['JOBCENTER_IP', 'SCHULAMT']),
        'row 2 "sgb10-69": § 69 Abs. 1 Nr. 1 SGB X reaches only bodies of § 35 SGB I, not "SCHULAMT"',
      ],
      [
        '§ 71 Abs. 2 SGB X widened to case notes',
        (m) => (row(m, 'sgb10-71-2').dataCategories = ['identity', 'case-notes']),
        'row 3 "sgb10-71-2": § 71 Abs. 2 SGB X with § 88 AufenthG never carries "case-notes"',
      ],
      [
        '§ 71 Abs. 2 SGB X for Germans too',
        (m) => (row(m, 'sgb10-71-2').foreignersOnly = false),
        'row 3 "sgb10-71-2": § 71 Abs. 2 SGB X concerns foreigners only: "foreignersOnly" must be true',
      ],
      [
        '§ 71 Abs. 2 SGB X without request',
        (m) => (row(m, 'sgb10-71-2').request = { required: false }),
        'row 3 "sgb10-71-2": § 71 Abs. 2 SGB X needs a request: "request.required" must be true',
      ],
      [
        '§ 71 Abs. 2 SGB X without the § 203 block',
        (m) => (row(m, 'sgb10-71-2').blockingProvenance = ['entrusted-youth-office']),
        'row 3 "sgb10-71-2": § 88 AufenthG: "blockingProvenance" must hold "from-203-professional"',
      ],
      [
        '§ 71 Abs. 2 SGB X without a second person',
        (m) => (row(m, 'sgb10-71-2').secondPersonApproval = { required: false, approverRoles: ['team_lead'] }),
        'row 3 "sgb10-71-2": "secondPersonApproval.required" must be true',
      ],
      [
        '§ 4 KKG to the Schulamt',
        (m) => (row(m, 'kkg-4').recipients = ['SCHULAMT']),
        'row 4 "kkg-4": § 4 KKG does not reach "SCHULAMT"',
      ],
      [
        '§ 32 StAG without request',
        (m) => (row(m, 'stag-32').request = { required: false }),
        'row 5 "stag-32": § 32 StAG answers a request: "request.required" must be true',
      ],
      [
        'emergencies hidden from the DPO',
        (m) => (row(m, 'vital-interests').dpoFlag = false),
        'row 6 "vital-interests": emergency transfers are shown to the DPO: "dpoFlag" must be true',
      ],
      [
        'consent settings on a statutory row',
        (m) => (row(m, 'kkg-4').consent = {}),
        'row 4 "kkg-4": "consent" settings belong to the consent row only',
      ],
      [
        'no consent row',
        (m) => m.rows.splice(0, 1),
        'exactly one row must be of kind "consent", with the code "consent"',
      ],
      ['no rows', (m) => (m.rows = []), '"rows" must not be empty'],
      ['another version', (m) => (m.version = 2), '"version" must be 1, got 2'],
      [
        'an implicit provenance on an unknown category',
        (m) => (m.settings = { implicitProvenance: [{ category: 'notes', tag: 'from-203-professional' }] }),
        'settings.implicitProvenance[0]: "category" names unknown code "notes"',
      ],
    ];

    it.each(cases)('%s', (_what, change, message) => {
      const m = raw();
      change(m);
      failsWith(m, `KIM_LEGAL_BASES_FILE: ${message}`);
    });

    it('accepts a county that widens § 71 Abs. 2 SGB X to Union citizens', () => {
      const m = raw();
      row(m, 'sgb10-71-2').euCitizens = 'covered';
      expect((parse(m) as LegalBasisMatrix).rows[2]!.euCitizens).toBe('covered');
    });

    it('reads the stricter EU reading when a row leaves it out', () => {
      const m = raw();
      delete row(m, 'sgb10-71-2').euCitizens;
      expect(parse(m).rows[2]!.euCitizens).toBe('excluded');
    });
  });
});
