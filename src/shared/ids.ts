import { createHash, randomUUID } from 'node:crypto';

export interface IdGenerator {
  next(): string;
}

export const randomIds: IdGenerator = { next: () => randomUUID() };

export const sequentialIds = (prefix = '00000000-0000-4000-8000-'): IdGenerator => {
  let n = 0;
  return { next: () => `${prefix}${String(++n).padStart(12, '0')}` };
};

const KIM_NAMESPACE = 'f1d8a5c0-6a4e-4b1e-9c55-2b7f4f3e9a10';

/**
 * Name-based UUID (RFC 9562 version 5). Ids of new aggregates and events are derived from the command
 * id, so a retried command lands on the same stream with the same event ids and is recognised.
 */
export function deterministicId(...parts: string[]): string {
  const hash = createHash('sha1')
    .update(Buffer.from(KIM_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(parts.join('\u0000'))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
