/**
 * The hash chain over stored events (product rule 8), as pure functions so the store that writes it and
 * the verifier that checks it cannot drift apart.
 *
 * hash(n) = sha256(hash(n-1) || position || stream || revision || type || id || data || metadata || recordedAt)
 *
 * Each field is fed in an unambiguous encoding — integers as 8-byte big-endian, byte strings with a 4-byte
 * big-endian length prefix — so that moving bytes from one field into its neighbour changes the hash.
 * The byte strings are exactly the stored TEXT bytes (UTF-8), including the encrypted `personal` field:
 * crypto-shredding deletes a key elsewhere, the ciphertext stays, so the chain still verifies afterwards.
 */
import { createHash } from 'node:crypto';

/** The hash "before" the first event. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

export interface ChainedFields {
  position: bigint | number;
  stream: Uint8Array;
  revision: bigint | number;
  type: Uint8Array;
  id: Uint8Array;
  data: Uint8Array;
  metadata: Uint8Array;
  recordedAt: Uint8Array;
}

/** The chain head: the newest position and its hash, written outside the database after each commit. */
export interface ChainHead {
  position: number;
  hash: string;
}

const int64 = (value: bigint | number): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(value));
  return buffer;
};

const length = (bytes: Uint8Array): Buffer => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(bytes.byteLength);
  return buffer;
};

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export function chainHash(previousHash: Uint8Array, fields: ChainedFields): Buffer {
  const hash = createHash('sha256').update(previousHash).update(int64(fields.position));
  const bytes = (value: Uint8Array) => hash.update(length(value)).update(value);
  bytes(fields.stream);
  hash.update(int64(fields.revision));
  for (const value of [fields.type, fields.id, fields.data, fields.metadata, fields.recordedAt]) bytes(value);
  return hash.digest();
}
