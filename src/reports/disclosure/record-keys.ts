/**
 * Record keys of the Cell Key Method: every counted unit (a case, a consent, a transfer, an action, a
 * goal, a contact, a referral) gets a fixed pseudo-random number, uniform over 0..2^32-1 (read as a
 * fraction in [0, 1)).
 *
 * The key is HMAC-SHA256 over the unit's id under the county's report secret (see report-secret.ts),
 * never a hash of the id alone: a reader who learnt an id could otherwise recompute the noise and undo
 * it. The id stays in the committee's fact documents after an erasure (they hold no personal data), so a
 * record keeps its key for good and published figures do not move when a person is erased.
 */
export type RecordKind = 'case' | 'consent' | 'transfer' | 'action' | 'goal' | 'contact' | 'referral';

export interface RecordKeys {
  /** The record key as an unsigned 32-bit integer. */
  of(kind: RecordKind, id: string): number;
}

/** The HMAC message is `kim-rk1:<kind>:<id>`: one SHA-256 block for every kind with a UUID. */
export const RECORD_KEY_DOMAIN = 'kim-rk1:';

const BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104, the same bytes as `createHmac`), computed in JavaScript from the two key
 * blocks hashed once: a UUID record then costs two SHA-256 compressions and no native call or buffer
 * (under half the time of `createHmac`; the yearly report keys a few hundred thousand records). Keys
 * are not cached: recomputing is cheaper than a map of that size, and memory stays flat.
 */
export function hmacRecordKeys(secret: Buffer): RecordKeys {
  if (secret.length < 16 || secret.length > BLOCK) throw new Error('report secret must be 16 to 64 bytes');
  const padded = (pad: number) => Uint8Array.from({ length: BLOCK }, (_, i) => (secret[i] ?? 0) ^ pad);
  const innerStart = compressBlock(INITIAL.slice(), padded(0x36), 0);
  const outerStart = compressBlock(INITIAL.slice(), padded(0x5c), 0);
  const state = new Int32Array(8);
  let buffer = new Uint8Array(4 * BLOCK);

  /** SHA-256 over `length` message bytes in `buffer`, after the key block already in `start`. */
  const hashBuffer = (start: Int32Array, length: number) => {
    const end = Math.ceil((length + 9) / BLOCK) * BLOCK;
    buffer.fill(0, length, end);
    buffer[length] = 0x80;
    const bits = (BLOCK + length) * 8;
    buffer[end - 4] = bits >>> 24;
    buffer[end - 3] = (bits >>> 16) & 0xff;
    buffer[end - 2] = (bits >>> 8) & 0xff;
    buffer[end - 1] = bits & 0xff;
    state.set(start);
    for (let offset = 0; offset < end; offset += BLOCK) compressBlock(state, buffer, offset);
  };

  return {
    of(kind, id) {
      const message = `${RECORD_KEY_DOMAIN}${kind}:${id}`;
      if (message.length * 3 + 2 * BLOCK > buffer.length) buffer = new Uint8Array(message.length * 3 + 2 * BLOCK);
      hashBuffer(innerStart, writeUtf8(message, buffer));
      for (let i = 0; i < 8; i++) {
        const v = state[i]!;
        buffer[i * 4] = v >>> 24;
        buffer[i * 4 + 1] = (v >>> 16) & 0xff;
        buffer[i * 4 + 2] = (v >>> 8) & 0xff;
        buffer[i * 4 + 3] = v & 0xff;
      }
      hashBuffer(outerStart, 32);
      // The first four bytes of the HMAC, big-endian: the first word of the outer hash.
      return state[0]! >>> 0;
    },
  };
}

const encoder = new TextEncoder();

/** UTF-8 of `text` into `bytes` (large enough); the number of bytes written. */
function writeUtf8(text: string, bytes: Uint8Array): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encodeInto(text, bytes).written;
    bytes[i] = c;
  }
  return text.length;
}

// prettier-ignore
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
const W = new Int32Array(64);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** The SHA-256 compression function on one 64-byte block at `offset`; updates and returns `state`. */
function compressBlock(state: Int32Array, bytes: Uint8Array, offset: number): Int32Array {
  for (let t = 0; t < 16; t++) {
    const o = offset + t * 4;
    W[t] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
  return state;
}

/**
 * Record keys remembered for one report: a case is counted in a dozen cells (opened, active, by
 * municipality, by nationality, the trend…), its key is computed once. Dropped with the report.
 */
export function memoisedForOneReport(keys: RecordKeys): RecordKeys {
  const seen = new Map<RecordKind, Map<string, number>>();
  return {
    of(kind, id) {
      let byId = seen.get(kind);
      if (!byId) seen.set(kind, (byId = new Map()));
      let key = byId.get(id);
      if (key === undefined) byId.set(id, (key = keys.of(kind, id)));
      return key;
    },
  };
}
