import { agencyOf, type CatalogueV2 } from '../catalogue/catalogue.js';
import { isIsoDate, localDate } from '../shared/calendar.js';
import { isDeclarant, LANGUAGE_CODE, maximumValidUntil, type Declarant, type InformedBlock } from './consent-facts.js';

/**
 * Consent rules, version 2 (Einwilligung: § 67b SGB X, Art. 7 DSGVO; product rule 3): specific recipient
 * controllers, catalogue purposes, a documented `informed` block, a validity no longer than the configured
 * maximum, an end with the case unless stated otherwise, and provenance tags on consents and notes. Pure
 * functions: the person-file decider calls them with the catalogue in force and the command's instant.
 */

/** One problem per field, in German and English (product rule 11). */
export interface FieldProblem {
  field: string;
  de: string;
  en: string;
}

export interface ConsentDraft {
  recipients: unknown;
  dataCategories: unknown;
  purposes: unknown;
  validUntil: unknown;
  mutual: unknown;
  evidence: unknown;
  informed: unknown;
  declaredBy: unknown;
  representativeName?: unknown;
  caseId?: unknown;
  endsWhenCaseCloses?: unknown;
  releases?: unknown;
  provenance?: unknown;
}

/** The consent as it is recorded, once its draft has no problems. */
export interface ConsentTerms {
  recipients: string[];
  dataCategories: string[];
  purposes: string[];
  validUntil: string;
  mutual: boolean;
  informed: InformedBlock;
  declaredBy: Declarant;
  caseBinding: { caseId: string; endsWhenCaseCloses: boolean } | null;
  releases: string[];
  /** Tag and entruster only: a consent's marks concern no particular category. */
  provenance: { tag: string; entrustedBy?: string }[];
}

const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const problem = (field: string, de: string, en: string): FieldProblem => ({ field, de, en });

export function informedProblems(informed: unknown, field = 'informed'): FieldProblem[] {
  if (typeof informed !== 'object' || informed === null) {
    return [problem(field, 'Aufklärung (Sprache, Formular, Dolmetschung) fehlt', 'information block is required')];
  }
  const i = informed as Record<string, unknown>;
  return [
    ...(typeof i.language === 'string' && LANGUAGE_CODE.test(i.language)
      ? []
      : [
          problem(
            `${field}.language`,
            'Sprache als ISO-639-Code angeben (z. B. tr)',
            'language must be an ISO 639 code',
          ),
        ]),
    ...(nonBlank(i.formVersion)
      ? []
      : [problem(`${field}.formVersion`, 'Formularversion fehlt', 'form version is required')]),
    ...(typeof i.interpreter === 'boolean'
      ? []
      : [problem(`${field}.interpreter`, 'Dolmetschung: ja oder nein', 'interpreter must be true or false')]),
  ];
}

/** Why a code is not allowed: German and English. */
type Why = readonly [de: string, en: string];

function codes(value: unknown, field: string, known: (code: string) => Why | null): FieldProblem[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(nonBlank)) {
    return [problem(field, 'mindestens einen Eintrag angeben', 'must name at least one entry')];
  }
  const problems = value.flatMap((code: string) => {
    const why = known(code);
    return why ? [problem(field, `${code}: ${why[0]}`, `${why[1]}: ${code}`)] : [];
  });
  if (new Set(value).size !== value.length) problems.push(problem(field, 'Eintrag doppelt', 'an entry is repeated'));
  return problems;
}

/** Provenance tags on notes, consents and transfers: known tags, and an entruster where the tag needs one. */
export function provenanceProblems(marks: unknown, catalogue: CatalogueV2, field = 'provenance'): FieldProblem[] {
  if (marks === undefined) return [];
  if (!Array.isArray(marks)) return [problem(field, 'muss eine Liste sein', 'must be a list')];
  const categories = new Set(catalogue.dataCategories.map((c) => c.code));
  return marks.flatMap((m: unknown, i) => {
    const at = `${field}[${i}]`;
    const mark = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    const tag = catalogue.provenanceTags.find((t) => t.code === mark.tag);
    if (!tag) return [problem(`${at}.tag`, 'unbekannte Herkunftsangabe', 'unknown provenance tag')];
    const problems: FieldProblem[] = [];
    if (tag.needsEntruster && !isDeclarant(mark.entrustedBy)) {
      problems.push(
        problem(`${at}.entrustedBy`, 'anvertrauende Person angeben (§ 65 SGB VIII)', 'name who entrusted the data'),
      );
    }
    if (mark.categories !== undefined) {
      const bad = !Array.isArray(mark.categories) || mark.categories.some((c) => !categories.has(c as string));
      if (bad) problems.push(problem(`${at}.categories`, 'unbekannte Datenkategorie', 'unknown data category'));
    }
    return problems;
  });
}

/**
 * Every problem of a consent draft given at `at`, field by field. An empty list means it may be recorded
 * (capacity to consent, § 36 SGB I, and the uniqueness of the id stay with the person-file decider).
 */
export function consentDraftProblems(draft: ConsentDraft, catalogue: CatalogueV2, at: string): FieldProblem[] {
  const usable = (code: string): Why | null => {
    const agency = agencyOf(catalogue, code);
    if (!agency) return ['unbekannte Stelle', 'unknown agency'];
    if (agency.legacy) {
      return [
        'nicht näher bezeichnete Stelle: bitte die konkrete Stelle wählen',
        'collective code names no specific controller',
      ];
    }
    if (agency.kind === 'integration-centre') return ['das KI ist selbst Absender', 'the KI is the sender itself'];
    return null;
  };
  const inList = (list: { code: string }[], why: Why) => (code: string) =>
    list.some((e) => e.code === code) ? null : why;
  const today = localDate(at);
  const latest = maximumValidUntil(at, catalogue.maxConsentValidityMonths);
  const problems = [
    ...codes(draft.recipients, 'recipients', usable),
    ...codes(
      draft.dataCategories,
      'dataCategories',
      inList(catalogue.dataCategories, ['unbekannte Datenkategorie', 'unknown data category']),
    ),
    ...codes(
      draft.purposes,
      'purposes',
      inList(catalogue.purposes, ['Zweck nicht im Katalog', 'purpose not in the catalogue']),
    ),
    ...informedProblems(draft.informed),
    ...provenanceProblems(draft.provenance, catalogue),
    ...(draft.releases === undefined || (Array.isArray(draft.releases) && draft.releases.length === 0)
      ? []
      : codes(
          draft.releases,
          'releases',
          inList(catalogue.provenanceTags, ['unbekannte Herkunftsangabe', 'unknown provenance tag']),
        )),
  ];
  if (!isIsoDate(draft.validUntil)) {
    problems.push(problem('validUntil', 'Datum im Format JJJJ-MM-TT angeben', 'must be a date (YYYY-MM-DD)'));
  } else if (draft.validUntil <= today) {
    problems.push(
      problem('validUntil', 'muss nach dem Tag der Einwilligung liegen', 'must lie after the day of consent'),
    );
  } else if (draft.validUntil > latest) {
    problems.push(
      problem(
        'validUntil',
        `höchstens ${catalogue.maxConsentValidityMonths} Monate, also bis ${latest}`,
        `at most ${catalogue.maxConsentValidityMonths} months, i.e. until ${latest}`,
      ),
    );
  }
  if (typeof draft.mutual !== 'boolean') problems.push(problem('mutual', 'ja oder nein', 'must be true or false'));
  problems.push(...evidenceProblems(draft.evidence), ...declarantProblems(draft));
  if (draft.caseId !== undefined && !nonBlank(draft.caseId)) {
    problems.push(problem('caseId', 'Fall-ID angeben', 'case id must be a non-empty text'));
  }
  if (draft.endsWhenCaseCloses !== undefined) {
    if (typeof draft.endsWhenCaseCloses !== 'boolean') {
      problems.push(problem('endsWhenCaseCloses', 'ja oder nein', 'must be true or false'));
    } else if (draft.caseId === undefined) {
      problems.push(problem('endsWhenCaseCloses', 'nur mit Fall-ID', 'only with a case id'));
    }
  }
  return problems;
}

function evidenceProblems(evidence: unknown): FieldProblem[] {
  const e = (typeof evidence === 'object' && evidence !== null ? evidence : {}) as Record<string, unknown>;
  return [
    ...(e.kind === 'signed-form' || e.kind === 'electronic-declaration'
      ? []
      : [
          problem(
            'evidence.kind',
            'unterschriebenes Formular oder elektronische Erklärung (§ 67b Abs. 2 SGB X)',
            "must be 'signed-form' or 'electronic-declaration'",
          ),
        ]),
    ...(nonBlank(e.reference) ? [] : [problem('evidence.reference', 'Nachweis-Nummer fehlt', 'reference is required')]),
  ];
}

function declarantProblems(draft: ConsentDraft): FieldProblem[] {
  if (!isDeclarant(draft.declaredBy)) {
    return [
      problem(
        'declaredBy',
        "'person', 'legal-representative' oder 'third-party:<Kennung>'",
        "must be 'person', 'legal-representative' or 'third-party:<id>'",
      ),
    ];
  }
  if (draft.declaredBy !== 'person' && !nonBlank(draft.representativeName)) {
    return [problem('representativeName', 'Name der erklärenden Person fehlt', 'name of the declarant is required')];
  }
  return [];
}

/** The terms to record from a draft without problems: a consent given in a case ends with it by default. */
export function consentTerms(draft: ConsentDraft): ConsentTerms {
  const i = draft.informed as InformedBlock;
  return {
    recipients: draft.recipients as string[],
    dataCategories: draft.dataCategories as string[],
    purposes: draft.purposes as string[],
    validUntil: draft.validUntil as string,
    mutual: draft.mutual as boolean,
    informed: { language: i.language, formVersion: i.formVersion, interpreter: i.interpreter },
    declaredBy: draft.declaredBy as Declarant,
    caseBinding:
      typeof draft.caseId === 'string'
        ? { caseId: draft.caseId, endsWhenCaseCloses: (draft.endsWhenCaseCloses as boolean | undefined) ?? true }
        : null,
    releases: (draft.releases as string[] | undefined) ?? [],
    provenance: ((draft.provenance as { tag: string; entrustedBy?: string }[] | undefined) ?? []).map((m) => ({
      tag: m.tag,
      ...(m.entrustedBy ? { entrustedBy: m.entrustedBy } : {}),
    })),
  };
}
