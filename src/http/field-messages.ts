import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError, type FieldProblem } from '../shared/errors.js';

/**
 * Product rule 11: a 400 names every refused field, each with an English and a German message. German
 * messages come from the check that failed; a check without its own text gets a clear general one.
 */
const GERMAN: Record<string, (field: string) => string> = {
  isString: (f) => `„${f}“ muss ein Text sein.`,
  isUuid: (f) => `„${f}“ muss eine UUID sein.`,
  isDefined: (f) => `„${f}“ fehlt.`,
  isNotEmpty: (f) => `„${f}“ darf nicht leer sein.`,
  isIn: (f) => `„${f}“ hat keinen der erlaubten Werte.`,
  isBoolean: (f) => `„${f}“ muss true oder false sein.`,
  isNumber: (f) => `„${f}“ muss eine Zahl sein.`,
  isInt: (f) => `„${f}“ muss eine ganze Zahl sein.`,
  min: (f) => `„${f}“ ist zu klein.`,
  max: (f) => `„${f}“ ist zu groß.`,
  isArray: (f) => `„${f}“ muss eine Liste sein.`,
  arrayMinSize: (f) => `„${f}“ muss mindestens einen Eintrag enthalten.`,
  arrayMaxSize: (f) => `„${f}“ enthält zu viele Einträge.`,
  isLength: (f) => `„${f}“ ist zu kurz oder zu lang.`,
  maxLength: (f) => `„${f}“ ist zu lang.`,
  isIso8601: (f) => `„${f}“ muss ein Datum wie 2026-12-31 sein.`,
  matches: (f) => `„${f}“ hat nicht das erwartete Format.`,
  containsPersonName: (f) =>
    `„${f}“ enthält den Namen einer erfassten Person. Befunde beschreiben Strukturen, nie Personen: bitte ohne Namen formulieren.`,
  isEmail: (f) => `„${f}“ muss eine E-Mail-Adresse sein.`,
  isPersonName: (f) => `„${f}“ muss 1 bis 200 Zeichen lang sein, ohne Steuer- oder Textrichtungszeichen.`,
  whitelistValidation: (f) => `Das Feld „${f}“ ist hier nicht vorgesehen.`,
  nestedValidation: (f) => `„${f}“ muss ein Objekt sein.`,
  unknownValue: (f) => `„${f}“ ist ungültig.`,
  notInFuture: (f) => `„${f}“ muss ein Datum wie 2026-12-31 sein und darf nicht in der Zukunft liegen.`,
  notBeforeOpening: (f) => `„${f}“ darf nicht vor der Eröffnung des Falls liegen.`,
  dateInFuture: (f) => `„${f}“ muss ein Datum wie 2026-12-31 sein, heute oder später.`,
  unknownCode: (f) => `„${f}“ ist kein Wert aus dem Katalog.`,
  required: (f) => `„${f}“ fehlt.`,
  contentMismatch: (f) => `Der Inhalt in „${f}“ passt nicht zum angegebenen Dateityp.`,
  tooLarge: (f) => `„${f}“ ist leer oder größer als erlaubt (höchstens 5 MB).`,
  isBase64: (f) => `„${f}“ muss Base64-kodiert sein.`,
};

export const germanMessage = (problem: FieldProblem): string =>
  problem.de ??
  (problem.check ? GERMAN[problem.check] : undefined)?.(problem.field) ??
  `Der Wert im Feld „${problem.field}“ ist ungültig.`;

/** One problem per refused field (nested fields as `evidence.kind`), from class-validator's tree. */
export function fromClassValidator(errors: readonly ClassValidatorError[]): ValidationError {
  const problems: FieldProblem[] = [];
  const walk = (error: ClassValidatorError, prefix: string) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      // The first failed check names the problem; the others usually repeat it in other words.
      const [check, message] = constraints[0]!;
      problems.push({
        field,
        message,
        check: check === 'isUUID' ? 'isUuid' : check === 'isISO8601' ? 'isIso8601' : check,
      });
    }
    (error.children ?? []).forEach((child) => walk(child, field));
  };
  errors.forEach((e) => walk(e, ''));
  if (problems.length === 0) problems.push({ field: 'body', message: 'invalid request', check: 'unknownValue' });
  return new ValidationError(
    problems.map((p) => p.message).join('; '),
    problems.map((p) => p.field),
    problems,
  );
}
