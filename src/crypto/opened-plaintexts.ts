import { WeightedLru } from '../shared/weighted-lru.js';
import type { PersonalEnvelope } from './personal-data.cipher.js';

/**
 * Plaintexts this process has already decrypted, by their envelope: a caseworker opening the same case
 * again (or a decider folding the same stream) should not pay AES-GCM for each of its entries every time
 * (issue 19: 20 decryptions were a sixth of a case read). The cipher consults it only after it holds the
 * person's key — so an erased person, whose key is gone or refused, is never served from here — and drops
 * a person's entries when their key is shredded or their erasure is seen.
 *
 * The whole envelope (kid, iv, tag and ciphertext) must match: an envelope altered in a read model is not
 * found, is decrypted, and fails as before. The map is keyed without the ciphertext, which is compared on a
 * hit instead: hashing a key that holds a note's whole ciphertext cost more than the lookup saved (issue 19,
 * 1.4 µs per timeline entry). Bounded by the characters of envelopes and plaintexts, least recently used
 * first out.
 */
export class OpenedPlaintexts {
  private readonly byPerson = new Map<string, Set<string>>();
  private readonly entries: WeightedLru<string, { personId: string; ct: string; text: string }>;

  constructor(maxChars: number) {
    this.entries = new WeightedLru(maxChars, (key, { personId }) => {
      const keys = this.byPerson.get(personId)!;
      keys.delete(key);
      if (keys.size === 0) this.byPerson.delete(personId);
    });
  }

  get(personId: string, envelope: PersonalEnvelope): string | undefined {
    const entry = this.entries.get(keyOf(personId, envelope));
    return entry !== undefined && entry.ct === envelope.ct ? entry.text : undefined;
  }

  set(personId: string, envelope: PersonalEnvelope, text: string): void {
    const key = keyOf(personId, envelope);
    this.entries.set(key, { personId, ct: envelope.ct, text }, key.length + 1 + envelope.ct.length + text.length);
    if (this.entries.get(key) === undefined) return; // heavier than the whole budget: not kept
    let keys = this.byPerson.get(personId);
    if (!keys) this.byPerson.set(personId, (keys = new Set()));
    keys.add(key);
  }

  /** Every plaintext of the person (their key was shredded, or their erasure seen). */
  forget(personId: string): void {
    for (const key of [...(this.byPerson.get(personId) ?? [])]) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The iv is unique per encryption (aes-gcm.ts), so person, key id, iv and tag name one envelope. */
const keyOf = (personId: string, e: PersonalEnvelope) => `${personId}|${e.kid}|${e.iv}|${e.tag}`;
