import { ConfigError } from '../shared/config-error.js';

/**
 * Small checks for configuration files. Each throws a ConfigError of one line: where (the variable and
 * the entry, e.g. `KIM_LEGAL_BASES_FILE: row 3 "sgb10-71-2"`) and what is wrong with it.
 */
export type Json = Record<string, unknown>;

export function fail(where: string, message: string): never {
  throw new ConfigError(`${where}: ${message}`);
}

export function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be a JSON object');
  return value as Json;
}

export function text(o: Json, key: string, where: string, fallback?: string): string {
  const value = o[key] ?? fallback;
  if (typeof value !== 'string' || value.trim() === '') fail(where, `"${key}" must be a non-empty text`);
  return value;
}

export function optionalText(o: Json, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : text(o, key, where);
}

export function bool(o: Json, key: string, where: string, fallback?: boolean): boolean {
  const value = o[key] ?? fallback;
  if (typeof value !== 'boolean') fail(where, `"${key}" must be true or false`);
  return value;
}

export function int(o: Json, key: string, where: string, min: number, max: number, fallback?: number): number {
  const value = o[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(where, `"${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(o: Json, key: string, where: string, allowed: readonly T[], fallback?: T): T {
  const value = o[key] ?? fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where, `"${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function list(o: Json, key: string, where: string, { nonEmpty = false, fallback }: ListOptions = {}): unknown[] {
  const value = o[key] ?? fallback;
  if (!Array.isArray(value)) fail(where, `"${key}" must be a list`);
  if (nonEmpty && value.length === 0) fail(where, `"${key}" must not be empty`);
  return value;
}

interface ListOptions {
  nonEmpty?: boolean;
  fallback?: unknown[];
}

/** A list of texts, each of which must be one of `known` when given (and named when it is not). */
export function texts(
  o: Json,
  key: string,
  where: string,
  options: ListOptions & { known?: ReadonlySet<string> } = {},
) {
  const values = list(o, key, where, options);
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(where, `"${key}"[${i}] must be a non-empty text`);
    if (options.known && !options.known.has(v)) fail(where, `"${key}" names unknown code "${v}"`);
  });
  const duplicate = values.find((v, i) => values.indexOf(v) !== i);
  if (duplicate !== undefined) fail(where, `"${key}" names "${String(duplicate)}" twice`);
  return values as string[];
}

export const CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}_.§ -]*$/u;

/** Entries of a coded list get a name for messages: `agencies[3] "SOZIALAMT_HAAN"`. */
export function entryName(prefix: string, key: string, index: number, entry: unknown): string {
  const code = typeof entry === 'object' && entry !== null ? (entry as Json).code : undefined;
  return `${prefix}: ${key}[${index}]${typeof code === 'string' ? ` "${code}"` : ''}`;
}

export function uniqueCodes(entries: readonly { code: string }[], where: string, key: string): void {
  const seen = new Set<string>();
  for (const { code } of entries) {
    if (seen.has(code)) fail(where, `"${key}" has the code "${code}" twice`);
    seen.add(code);
  }
}
