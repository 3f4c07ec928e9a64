import type { Document } from '../read-store/read-store.port.js';

/**
 * A deep copy of a document, as `structuredClone` makes it, five times faster for what documents are made
 * of — plain objects, arrays, strings, numbers, booleans, null — (measured: 0.45 µs against 2.3 µs for an
 * audit-trail entry; a rebuild copies every document it writes). Anything else (a Date, a Map, a class
 * instance, a function) is left to `structuredClone`, so it is copied, or refused, exactly as before.
 * Unlike it, a value referenced twice is copied twice and a cycle overflows the stack: neither survives
 * the JSON a store keeps anyway.
 */
export function copyDocument<D extends Document>(doc: D): D {
  return copyValue(doc) as D;
}

function copyValue(value: unknown): unknown {
  if (value === null) return value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return value;
    case 'object':
      if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) return copyArray(value);
      if (Object.getPrototypeOf(value) === Object.prototype) return copyObject(value as Record<string, unknown>);
      return structuredClone(value);
    default:
      return structuredClone(value); // functions and symbols: refused, as structuredClone refuses them
  }
}

function copyArray(array: readonly unknown[]): unknown[] {
  const copy = new Array<unknown>(array.length);
  for (let i = 0; i < array.length; i++) copy[i] = copyValue(array[i]);
  return copy;
}

function copyObject(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) copy[key] = copyValue(object[key]);
  return copy;
}
