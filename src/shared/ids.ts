import { createHash, randomUUID } from 'node:crypto';

export interface IdGenerator {
  next(): string;
}

export const randomIds: IdGenerator = { next: () => randomUUID() };

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
