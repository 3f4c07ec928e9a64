import { SENDER_REGIMES, type CatalogueV2, type CodedEntry } from '../catalogue/catalogue.js';
import {
  bool,
  CODE_PATTERN,
  entryName,
  fail,
  int,
  list,
  object,
  oneOf,
  optionalText,
  text,
  texts,
  uniqueCodes,
  type Json,
} from '../catalogue/config-checks.js';
import {
  ANY,
  type ConsentRule,
  type ImplicitProvenance,
  type LegalBasisMatrix,
  type LegalBasisRow,
  type Norm,
  type RequestRule,
  type Scope,
} from './legal-basis.js';

/**
 * Validates a legal-basis matrix against the catalogue in force. Pure; a malformed matrix throws a
 * ConfigError of one line naming the row (`KIM_LEGAL_BASES_FILE: row 3 "sgb10-71-2": …`), so the service
 * does not start with a matrix it cannot apply.
 */
const ROW_CODE = /^[a-z0-9][a-z0-9-]*$/;

export function parseLegalBasisMatrix(value: unknown, catalogue: CatalogueV2, source: string): LegalBasisMatrix {
  const o = object(value, source);
  if (o.version !== 1) fail(source, `"version" must be 1, got ${JSON.stringify(o.version)}`);
  const known = knownCodes(catalogue);
  const seen = new Map<string, number>();
  const rows = list(o, 'rows', source, { nonEmpty: true }).map((raw, i) => {
    const where = `${source}: row ${i + 1}${rowCode(raw)}`;
    const row = parseRow(object(raw, where), where, known);
    if (seen.has(row.code)) fail(where, `the code is already row ${seen.get(row.code)}'s`);
    seen.set(row.code, i + 1);
    checkMeaning(row, catalogue, where);
    return row;
  });
  const consentRows = rows.filter((r) => r.kind === 'consent');
  if (consentRows.length !== 1 || consentRows[0]!.code !== 'consent') {
    fail(source, 'exactly one row must be of kind "consent", with the code "consent"');
  }
  const settings = object(o.settings ?? {}, `${source}: settings`);
  return {
    version: 1,
    rows,
    settings: {
      implicitProvenance: list(settings, 'implicitProvenance', `${source}: settings`, { fallback: [] }).map((e, i) =>
        parseImplicit(
          object(e, `${source}: settings.implicitProvenance[${i}]`),
          `${source}: settings.implicitProvenance[${i}]`,
          known,
        ),
      ),
      justificationCounts: oneOf(
        settings,
        'justificationCounts',
        `${source}: settings`,
        ['letters-and-digits', 'characters'] as const,
        'letters-and-digits',
      ),
    },
  };
}

const rowCode = (raw: unknown): string => {
  const code = typeof raw === 'object' && raw !== null ? (raw as Json).code : undefined;
  return typeof code === 'string' ? ` "${code}"` : '';
};

interface Known {
  agencies: ReadonlySet<string>;
  usableAgencies: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  purposes: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  tags: ReadonlySet<string>;
}

const knownCodes = (c: CatalogueV2): Known => ({
  agencies: new Set(c.agencies.map((a) => a.code)),
  usableAgencies: new Set(c.agencies.filter((a) => !a.legacy).map((a) => a.code)),
  categories: new Set(c.dataCategories.map((d) => d.code)),
  purposes: new Set(c.purposes.map((p) => p.code)),
  roles: new Set(c.roles.map((r) => r.code)),
  tags: new Set(c.provenanceTags.map((t) => t.code)),
});

function parseRow(o: Json, where: string, known: Known): LegalBasisRow {
  const code = text(o, 'code', where);
  if (!ROW_CODE.test(code)) fail(where, '"code" must be lower-case letters, digits and "-"');
  const kind = oneOf(o, 'kind', where, ['consent', 'statutory'] as const);
  const scope = (key: string, set: ReadonlySet<string>): Scope => {
    if (o[key] === ANY) {
      if (kind !== 'consent') fail(where, `"${key}" may be "any" only in the consent row; a statutory row names them`);
      return ANY;
    }
    if (set === known.usableAgencies && Array.isArray(o[key])) {
      const legacy = (o[key] as unknown[]).find((c) => typeof c === 'string' && known.agencies.has(c) && !set.has(c));
      if (legacy) fail(where, `"${key}" names "${String(legacy)}", a legacy collective code no longer usable`);
    }
    return texts(o, key, where, { nonEmpty: true, known: set });
  };
  const titleEn = optionalText(o, 'titleEn', where);
  const approval = object(o.secondPersonApproval ?? {}, where);
  const justification = object(o.justification ?? {}, where);
  const row: LegalBasisRow = {
    code,
    kind,
    norm: parseNorm(o.norm, `${where}: norm`),
    relatedNorms: list(o, 'relatedNorms', where, { fallback: [] }).map((n, i) =>
      parseNorm(n, `${where}: relatedNorms[${i}]`),
    ),
    title: text(o, 'title', where),
    ...(titleEn ? { titleEn } : {}),
    regimes: texts(o, 'regimes', where, { nonEmpty: true, known: new Set(SENDER_REGIMES) }) as LegalBasisRow['regimes'],
    senders: scope('senders', known.usableAgencies),
    recipients: scope('recipients', known.usableAgencies),
    dataCategories: scope('dataCategories', known.categories),
    purposes: scope('purposes', known.purposes),
    foreignersOnly: bool(o, 'foreignersOnly', where),
    euCitizens: oneOf(o, 'euCitizens', where, ['covered', 'excluded'] as const, 'excluded'),
    request: parseRequest(o.request, where, known),
    specialCategoriesAllowed: bool(o, 'specialCategoriesAllowed', where),
    blockingProvenance: texts(o, 'blockingProvenance', where, { fallback: [], known: known.tags }),
    secondPersonApproval: {
      required: bool(approval, 'required', `${where}: secondPersonApproval`, false),
      approverRoles: texts(approval, 'approverRoles', `${where}: secondPersonApproval`, {
        fallback: [],
        known: known.roles,
      }),
    },
    dpoFlag: bool(o, 'dpoFlag', where),
    justification: {
      required: bool(justification, 'required', `${where}: justification`, false),
      minLength: int(justification, 'minLength', `${where}: justification`, 0, 1000, 0),
    },
    attestations: parseAttestations(o, where),
  };
  if (row.secondPersonApproval.required && row.secondPersonApproval.approverRoles.length === 0) {
    fail(where, '"secondPersonApproval.approverRoles" must name a role when approval is required');
  }
  if (row.justification.required && row.justification.minLength < 1) {
    fail(where, '"justification.minLength" must be at least 1 when a justification is required');
  }
  if (kind === 'consent') row.consent = parseConsentRule(o.consent, `${where}: consent`, known);
  else if (o.consent !== undefined) fail(where, '"consent" settings belong to the consent row only');
  return row;
}

function parseNorm(value: unknown, where: string): Norm {
  const o = object(value, where);
  const norm: Norm = {
    unit: oneOf(o, 'unit', where, ['§', 'Art.'] as const),
    number: text(o, 'number', where),
    law: text(o, 'law', where),
  };
  for (const part of ['absatz', 'satz', 'nummer', 'buchstabe'] as const) {
    const value = optionalText(o, part, where);
    if (value !== undefined) norm[part] = value;
  }
  return norm;
}

function parseRequest(value: unknown, where: string, known: Known): RequestRule {
  const o = object(value ?? { required: false }, `${where}: request`);
  const at = `${where}: request`;
  const maxAgeDays = o.maxAgeDays === null || o.maxAgeDays === undefined ? null : int(o, 'maxAgeDays', at, 1, 3660);
  return {
    required: bool(o, 'required', at),
    authorities:
      (o.authorities ?? 'recipient') === 'recipient'
        ? 'recipient'
        : texts(o, 'authorities', at, { nonEmpty: true, known: known.usableAgencies }),
    maxAgeDays,
  };
}

function parseAttestations(o: Json, where: string): CodedEntry[] {
  const entries = list(o, 'attestations', where, { fallback: [] }).map((e, i) => {
    const at = entryName(where, 'attestations', i, e);
    const a = object(e, at);
    const code = text(a, 'code', at);
    if (!CODE_PATTERN.test(code)) fail(at, '"code" may hold letters, digits, "-", "_", ".", "§" and spaces only');
    const labelEn = optionalText(a, 'labelEn', at);
    return { code, label: text(a, 'label', at), ...(labelEn ? { labelEn } : {}) };
  });
  uniqueCodes(entries, where, 'attestations');
  return entries;
}

function parseConsentRule(value: unknown, where: string, known: Known): ConsentRule {
  const o = object(value ?? {}, where);
  return {
    requireInformed: bool(o, 'requireInformed', where, true),
    capAtMaximumValidity: bool(o, 'capAtMaximumValidity', where, true),
    entrusterTags: texts(o, 'entrusterTags', where, { fallback: ['entrusted-youth-office'], known: known.tags }),
    entrusterConsentMustNameTag: bool(o, 'entrusterConsentMustNameTag', where, true),
  };
}

function parseImplicit(o: Json, where: string, known: Known): ImplicitProvenance {
  const category = text(o, 'category', where);
  if (!known.categories.has(category)) fail(where, `"category" names unknown code "${category}"`);
  const tag = text(o, 'tag', where);
  if (!known.tags.has(tag)) fail(where, `"tag" names unknown provenance tag "${tag}"`);
  const sender = optionalText(o, 'sender', where);
  if (sender !== undefined && !known.agencies.has(sender)) fail(where, `"sender" names unknown agency "${sender}"`);
  const entrustedBy = optionalText(o, 'entrustedBy', where);
  return { category, tag, ...(sender ? { sender } : {}), ...(entrustedBy ? { entrustedBy } : {}) };
}

/**
 * The county may change rows, not the meaning of the default codes (product.md §3). These guards keep a
 * matrix file from quietly widening a norm beyond what it says (legal.md v2).
 */
function checkMeaning(row: LegalBasisRow, catalogue: CatalogueV2, where: string): void {
  const agency = (code: string) => catalogue.agencies.find((a) => a.code === code)!;
  const recipients = row.recipients === ANY ? [] : row.recipients;
  if (row.kind === 'statutory') {
    const privateBody = recipients.find((r) => !agency(r).publicBody);
    if (privateBody) fail(where, `"${privateBody}" is a private body: consent is its only basis`);
  }
  const onlyKind = (kinds: string[], norm: string) => {
    const other = recipients.find((r) => !kinds.includes(agency(r).kind));
    if (other) fail(where, `${norm} does not reach "${other}"`);
  };
  const category = (code: string) => catalogue.dataCategories.find((c) => c.code === code)!;
  switch (row.code) {
    case 'consent':
      if (row.kind !== 'consent') fail(where, 'the code "consent" is the consent row');
      break;
    case 'sgb10-69': {
      const other = recipients.find((r) => !agency(r).socialCodeBody);
      if (other) fail(where, `§ 69 Abs. 1 Nr. 1 SGB X reaches only bodies of § 35 SGB I, not "${other}"`);
      break;
    }
    case 'sgb10-71-2': {
      onlyKind(['immigration-authority'], '§ 71 Abs. 2 SGB X');
      if (!row.foreignersOnly) fail(where, '§ 71 Abs. 2 SGB X concerns foreigners only: "foreignersOnly" must be true');
      if (!row.request.required) fail(where, '§ 71 Abs. 2 SGB X needs a request: "request.required" must be true');
      const notes = (
        row.dataCategories === ANY ? catalogue.dataCategories.map((c) => c.code) : row.dataCategories
      ).find((c) => category(c).special || category(c).possiblySpecial);
      if (notes) fail(where, `§ 71 Abs. 2 SGB X with § 88 AufenthG never carries "${notes}"`);
      if (!row.blockingProvenance.includes('from-203-professional')) {
        fail(where, '§ 88 AufenthG: "blockingProvenance" must hold "from-203-professional"');
      }
      if (!row.secondPersonApproval.required) fail(where, '"secondPersonApproval.required" must be true');
      break;
    }
    case 'kkg-4':
      onlyKind(['youth-office'], '§ 4 KKG');
      break;
    case 'stag-32':
      onlyKind(['naturalisation-authority'], '§ 32 StAG');
      if (!row.request.required) fail(where, '§ 32 StAG answers a request: "request.required" must be true');
      break;
    case 'vital-interests':
      if (!row.dpoFlag) fail(where, 'emergency transfers are shown to the DPO: "dpoFlag" must be true');
      break;
    default:
      break;
  }
}
