/**
 * Personal data on their way out, still encrypted. Read models keep the ciphertext envelope of the event
 * (`personal`); a query wraps it with the person it belongs to, and only the PersonalDataGate opens it —
 * after need to know and restriction are checked and the read is logged. A query has no way to decrypt.
 */
export class Sealed {
  constructor(
    readonly personId: string,
    readonly envelope: unknown,
  ) {}
}

export const sealed = (personId: string, envelope: unknown): Sealed | undefined =>
  envelope === undefined || envelope === null ? undefined : new Sealed(personId, envelope);

/** What an answer looks like once the gate has opened every Sealed value in it. */
export type Opened<T> = T extends Sealed
  ? Record<string, unknown>
  : T extends (infer U)[]
    ? Opened<U>[]
    : T extends object
      ? { [K in keyof T]: Opened<T[K]> }
      : T;

/** Every Sealed value in an answer, depth first. */
export function collectSealed(value: unknown, into: Sealed[] = []): Sealed[] {
  if (value instanceof Sealed) into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectSealed(v, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => collectSealed(v, into));
  return into;
}

/**
 * The answer with each Sealed value replaced by what `open` made of it; the input is left untouched. Parts
 * without a Sealed value are shared with the input, not copied: copying every field of a case page was a
 * tenth of its read (issue 19), and an answer is serialised, never changed, once the gate returns it.
 */
export function replaceSealed(value: unknown, opened: Map<Sealed, unknown>): unknown {
  if (value instanceof Sealed) return opened.get(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const replaced = replaceSealed(value[i], opened);
      if (replaced !== value[i]) (copy ??= value.slice())[i] = replaced;
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(fields)) {
      const replaced = replaceSealed(fields[key], opened);
      if (replaced !== fields[key]) (copy ??= { ...fields })[key] = replaced;
    }
    return copy ?? value;
  }
  return value;
}
