import { registerDecorator, type ValidationOptions } from 'class-validator';

export const NAME_MAX_LENGTH = 200;

/**
 * Control characters; halves of surrogate pairs (not characters at all: they cannot be written as UTF-8);
 * and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a
 * name display in an order other than the stored one. Marks that spelling needs stay allowed: the
 * zero-width (non-)joiner of Persian or Indic names, and left/right-to-left marks.
 */
const NOT_IN_A_NAME = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Names in any script are valid (umlauts, accents, Arabic, Chinese, long double names): only empty
 * names, the characters above and absurd lengths are refused. Length counts characters, not UTF-16 units.
 * Names are stored exactly as given: no trimming, case folding or transliteration.
 */
export const isPersonName = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.trim() !== '' &&
  [...value].length <= NAME_MAX_LENGTH &&
  !NOT_IN_A_NAME.test(value);

/** class-validator decorator for name fields of request bodies. */
export function IsPersonName(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPersonName',
      target: target.constructor,
      propertyName,
      options: {
        message: `$property must be 1-${NAME_MAX_LENGTH} characters, without control or text-direction characters`,
        ...options,
      },
      validator: { validate: isPersonName },
    });
}
