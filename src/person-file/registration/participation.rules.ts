import type { CatalogueParticipationBasis, CatalogueV2 } from '../../catalogue/catalogue.js';
import { informedProblems, type FieldProblem } from '../../legal-basis/consent-v2.rules.js';
import { isInformed } from '../../legal-basis/consent-facts.js';
import { ageOn } from '../../shared/calendar.js';
import type { ParticipationInput } from '../person-file.commands.js';
import type { ParticipationBasis } from '../person-file.events.js';

/**
 * The basis of the KI's own processing, recorded at registration (issue 14 item 5; legal.md: Art. 6, 9
 * DSGVO, § 3 DSG NRW — "the KI's own processing (registration, notes) too, not only transfers"). Either a
 * participation consent (Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO, § 67b SGB X: informed, provable,
 * declared by someone able to) or a documented public task (Art. 6 Abs. 1 lit. e DSGVO with the national
 * norm the catalogue names): who documented it (the registering caseworker) and why. Pure.
 */

/** § 36 SGB I by analogy (legal.md): Einsichtsfähigkeit as a rule from 15. */
const AGE_OF_CONSENT = 15;

const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const problem = (field: string, de: string, en: string): FieldProblem => ({ field, de, en });
const F = 'participation';

/** Letters and digits, as the legal-basis matrix counts a justification. */
const significant = (text: string) => (text.match(/[\p{L}\p{N}]/gu) ?? []).length;

export function participationBasisOf(catalogue: CatalogueV2, code: unknown): CatalogueParticipationBasis | undefined {
  return catalogue.participationBases.find((b) => b.code === code);
}

/** Every problem of the participation block, field by field; empty when it may be recorded. */
export function participationProblems(
  input: ParticipationInput | undefined,
  catalogue: CatalogueV2,
  dateOfBirth: string,
  today: string,
): FieldProblem[] {
  if (typeof input !== 'object' || input === null) {
    return [
      problem(
        F,
        'Grundlage der Verarbeitung durch das KI fehlt: Teilnahme-Einwilligung oder dokumentierte Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)',
        'the basis of the KI’s own processing is required: a participation consent or a documented Art. 6(1)(e) task',
      ),
    ];
  }
  const basis = participationBasisOf(catalogue, input.basis);
  if (!basis) {
    const known = catalogue.participationBases.map((b) => b.code).join(', ');
    return [problem(`${F}.basis`, `unbekannte Grundlage (erlaubt: ${known})`, `unknown basis (allowed: ${known})`)];
  }
  return basis.kind === 'consent'
    ? consentProblems(input, dateOfBirth, today)
    : publicTaskProblems(input, basis.justificationMinLength);
}

function consentProblems(input: ParticipationInput, dateOfBirth: string, today: string): FieldProblem[] {
  const problems = informedProblems(input.informed, `${F}.informed`);
  const e = (typeof input.evidence === 'object' && input.evidence !== null ? input.evidence : {}) as Record<
    string,
    unknown
  >;
  if (e.kind !== 'signed-form' && e.kind !== 'electronic-declaration') {
    problems.push(
      problem(
        `${F}.evidence.kind`,
        'unterschriebenes Formular oder elektronische Erklärung (§ 67b Abs. 2 SGB X)',
        "must be 'signed-form' or 'electronic-declaration'",
      ),
    );
  }
  if (!nonBlank(e.reference)) {
    problems.push(problem(`${F}.evidence.reference`, 'Nachweis-Nummer fehlt', 'reference is required'));
  }
  const declaredBy = input.declaredBy ?? 'person';
  if (declaredBy !== 'person' && declaredBy !== 'legal-representative') {
    problems.push(
      problem(`${F}.declaredBy`, "'person' oder 'legal-representative'", "must be 'person' or 'legal-representative'"),
    );
  } else if (declaredBy === 'legal-representative' && !nonBlank(input.representativeName)) {
    problems.push(
      problem(`${F}.representativeName`, 'Name der erklärenden Person fehlt', 'name of the declarant is required'),
    );
  } else if (declaredBy === 'person' && ageOn(dateOfBirth, today) < AGE_OF_CONSENT) {
    problems.push(
      problem(
        `${F}.declaredBy`,
        'unter 15 Jahren erklärt die gesetzliche Vertretung (§ 36 SGB I entsprechend)',
        'below 15 the legal representative declares (§ 36 SGB I by analogy)',
      ),
    );
  }
  if (input.justification !== undefined) {
    problems.push(
      problem(
        `${F}.justification`,
        'nur bei einer dokumentierten Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)',
        'only for a documented public task',
      ),
    );
  }
  return problems;
}

function publicTaskProblems(input: ParticipationInput, minLength: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!nonBlank(input.justification) || significant(input.justification) < minLength) {
    problems.push(
      problem(
        `${F}.justification`,
        `Begründung mit mindestens ${minLength} Buchstaben oder Ziffern dokumentieren`,
        `document the reason in at least ${minLength} letters or digits`,
      ),
    );
  }
  for (const field of ['informed', 'evidence', 'declaredBy', 'representativeName'] as const) {
    if (input[field] !== undefined) {
      problems.push(
        problem(`${F}.${field}`, 'nur bei einer Teilnahme-Einwilligung', 'only for a participation consent'),
      );
    }
  }
  return problems;
}

/** What PersonRegistered records of a participation block without problems; the personal parts go encrypted. */
export function participationRecord(
  input: ParticipationInput,
  catalogue: CatalogueV2,
  recordedBy: string,
): {
  basis: ParticipationBasis;
  personal: { evidenceReference?: string; representativeName?: string; justification?: string };
} {
  const basis = participationBasisOf(catalogue, input.basis)!;
  if (basis.kind === 'public-task') {
    return {
      basis: { kind: 'public-task', code: basis.code, norm: basis.norm, documentedBy: recordedBy },
      personal: { justification: input.justification! },
    };
  }
  const informed = input.informed!;
  if (!isInformed(informed)) throw new Error('participation consent recorded without its information block');
  const declaredBy = input.declaredBy ?? 'person';
  return {
    basis: {
      kind: 'consent',
      code: basis.code,
      norm: basis.norm,
      informed: { language: informed.language, formVersion: informed.formVersion, interpreter: informed.interpreter },
      evidenceKind: input.evidence!.kind,
      declaredBy,
      recordedBy,
    },
    personal: {
      evidenceReference: input.evidence!.reference,
      ...(declaredBy === 'legal-representative' ? { representativeName: input.representativeName! } : {}),
    },
  };
}

/** German and English labels of a recorded basis (Art. 15 report, GET /persons/{id}). */
export function participationLabel(basis: ParticipationBasis, catalogue: CatalogueV2): { de: string; en: string } {
  if (basis.kind === 'not-recorded') {
    return {
      de: 'vor Erfassung der Verarbeitungsgrundlage registriert',
      en: 'registered before the participation basis was recorded',
    };
  }
  const entry = participationBasisOf(catalogue, basis.code);
  return { de: entry?.label ?? `${basis.code} (${basis.norm})`, en: entry?.labelEn ?? entry?.label ?? basis.code };
}
