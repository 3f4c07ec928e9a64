import { REASON_CODES, REASON_LABELS } from '../legal-basis/reasons.js';
import {
  AGENCY_KINDS,
  PARTICIPATION_BASIS_KINDS,
  SENDER_REGIMES,
  type CatalogueAgency,
  type CatalogueParticipationBasis,
  type CatalogueV2,
  type CodedEntry,
} from './catalogue.js';
import { DEFAULT_CATALOGUE_V2 } from './default-catalogue.js';
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
} from './config-checks.js';

/**
 * Validates a catalogue file (catalogue v2). Pure; a malformed entry throws a ConfigError of one line that
 * names it (`KIM_CATALOGUE_FILE: agencies[7] "SOZIALAMT_ERKRATH": …`).
 */
const NATIONALITY = /^[A-Z]{2}$/;

function coded(entry: unknown, where: string): CodedEntry & { raw: Json } {
  const raw = object(entry, where);
  const code = text(raw, 'code', where);
  if (!CODE_PATTERN.test(code)) fail(where, `"code" may hold letters, digits, "-", "_", ".", "§" and spaces only`);
  const labelEn = optionalText(raw, 'labelEn', where);
  return { code, label: text(raw, 'label', where), ...(labelEn ? { labelEn } : {}), raw };
}

function codedList<T extends CodedEntry>(
  o: Json,
  key: string,
  prefix: string,
  extra: (entry: CodedEntry & { raw: Json }, where: string) => T,
  fallback?: unknown[],
): T[] {
  const entries = list(o, key, prefix, { nonEmpty: true, fallback }).map((e, i) => {
    const where = entryName(prefix, key, i, e);
    return extra(coded(e, where), where);
  });
  uniqueCodes(entries, prefix, key);
  return entries;
}

const plain = ({ code, label, labelEn }: CodedEntry): CodedEntry => ({ code, label, ...(labelEn ? { labelEn } : {}) });

/**
 * Validates a catalogue (a parsed JSON file). `source` names it in messages, e.g. `KIM_CATALOGUE_FILE`.
 * Reason labels are merged over the built-in ones: the codes belong to the code, a county may relabel them.
 */
export function parseCatalogue(value: unknown, source: string): CatalogueV2 {
  const o = object(value, source);
  if (o.version !== 2) fail(source, `"version" must be 2 (catalogue version 2), got ${JSON.stringify(o.version)}`);

  const municipalities = codedList(o, 'municipalities', source, plain);
  const municipalityCodes = new Set(municipalities.map((m) => m.code));
  const agencies = codedList(o, 'agencies', source, (e, where): CatalogueAgency => {
    const agency: CatalogueAgency = {
      ...plain(e),
      kind: oneOf(e.raw, 'kind', where, AGENCY_KINDS),
      publicBody: bool(e.raw, 'publicBody', where),
      socialCodeBody: bool(e.raw, 'socialCodeBody', where),
      legacy: bool(e.raw, 'legacy', where, false),
    };
    const municipality = optionalText(e.raw, 'municipality', where);
    if (municipality !== undefined) {
      if (!municipalityCodes.has(municipality))
        fail(where, `"municipality" names unknown municipality "${municipality}"`);
      agency.municipality = municipality;
    }
    if (agency.socialCodeBody && !agency.publicBody) fail(where, 'a body of § 35 SGB I is a public body');
    if (agency.kind === 'welfare-association' && agency.publicBody)
      fail(where, 'a welfare association is no public body');
    return agency;
  });
  const centres = agencies.filter((a) => a.kind === 'integration-centre' && !a.legacy);
  if (centres.length !== 1)
    fail(source, `"agencies" must hold exactly one integration-centre (the sender), found ${centres.length}`);

  const dataCategories = codedList(o, 'dataCategories', source, (e, where) => ({
    ...plain(e),
    special: bool(e.raw, 'special', where),
    possiblySpecial: bool(e.raw, 'possiblySpecial', where, false),
  }));
  const purposes = codedList(o, 'purposes', source, plain);
  const roles = codedList(o, 'roles', source, plain);
  const fieldsOfAction = codedList(o, 'fieldsOfAction', source, plain);
  const provenanceTags = codedList(o, 'provenanceTags', source, (e, where) => ({
    ...plain(e),
    needsEntruster: bool(e.raw, 'needsEntruster', where, false),
  }));
  // Catalogue files written before issue 14 item 5 name no participation bases: Kreis Mettmann's apply.
  const participationBases = codedList(
    o,
    'participationBases',
    source,
    (e, where): CatalogueParticipationBasis => {
      const kind = oneOf(e.raw, 'kind', where, PARTICIPATION_BASIS_KINDS);
      return {
        ...plain(e),
        kind,
        norm: text(e.raw, 'norm', where),
        justificationMinLength: int(e.raw, 'justificationMinLength', where, 0, 2000, kind === 'public-task' ? 20 : 0),
      };
    },
    DEFAULT_CATALOGUE_V2.participationBases,
  );
  const reasons = mergeReasons(codedList(o, 'reasons', source, plain, []), source);

  const euNationalities = texts(o, 'euNationalities', source);
  const badNationality = euNationalities.find((n) => !NATIONALITY.test(n) || n === 'DE');
  if (badNationality !== undefined) {
    fail(source, `"euNationalities" must hold ISO 3166 alpha-2 codes other than DE, got "${badNationality}"`);
  }

  return {
    version: 2,
    agencies,
    municipalities,
    dataCategories,
    purposes,
    reasons,
    roles,
    fieldsOfAction,
    provenanceTags,
    participationBases,
    euNationalities,
    maxConsentValidityMonths: int(o, 'maxConsentValidityMonths', source, 1, 120),
    senderRegime: oneOf(o, 'senderRegime', source, SENDER_REGIMES),
    caseloadLimit: int(o, 'caseloadLimit', source, 1, 1000),
  };
}

function mergeReasons(configured: CodedEntry[], source: string): CodedEntry[] {
  const unknown = configured.find((r) => !(REASON_CODES as string[]).includes(r.code));
  if (unknown) fail(source, `"reasons" names unknown reason code "${unknown.code}"`);
  return REASON_CODES.map((code) => {
    const own = configured.find((r) => r.code === code);
    return { code, label: REASON_LABELS[code].de, labelEn: REASON_LABELS[code].en, ...own };
  });
}
