import type { PersonalEnvelope } from './personal-data.cipher.js';

/**
 * Plaintexts this process has already decrypted, by their envelope: a caseworker opening the same case
 * again (or a decider folding the same stream) should not pay AES-GCM for each of its entries every time
 * (issue 19: 20 decryptions were a sixth of a case read). The cipher consults it only after it holds the
 * person's key — so an erased person, whose key is gone or refused, is never served from here — and drops
 * a person's entries when their key is shredded or their erasure is seen.
 *
 * The whole envelope (kid, iv, tag and ciphertext) is the key: an envelope altered in a read model is a
 * different key, is decrypted, and fails as before. Bounded by the characters of keys and plaintexts, least
 * recently used first out.
 */
export class OpenedPlaintexts {
  private readonly entries = new Map<string, { personId: string; text: string; chars: number }>();
  private readonly byPerson = new Map<string, Set<string>>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(personId: string, envelope: PersonalEnvelope): string | undefined {
    const key = keyOf(personId, envelope);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.text;
  }

  set(personId: string, envelope: PersonalEnvelope, text: string): void {
    const key = keyOf(personId, envelope);
    const chars = key.length + text.length;
    if (chars > this.maxChars) return;
    this.remove(key);
    this.entries.set(key, { personId, text, chars });
    this.chars += chars;
    let keys = this.byPerson.get(personId);
    if (!keys) this.byPerson.set(personId, (keys = new Set()));
    keys.add(key);
    for (const oldest of this.entries.keys()) {
      if (this.chars <= this.maxChars) break;
      this.remove(oldest);
    }
  }

  /** Every plaintext of the person (their key was shredded, or their erasure seen). */
  forget(personId: string): void {
    for (const key of this.byPerson.get(personId) ?? []) this.remove(key);
  }

  clear(): void {
    this.entries.clear();
    this.byPerson.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.chars;
    const keys = this.byPerson.get(entry.personId)!;
    keys.delete(key);
    if (keys.size === 0) this.byPerson.delete(entry.personId);
  }
}

const keyOf = (personId: string, e: PersonalEnvelope) => `${personId}|${e.kid}|${e.iv}|${e.tag}|${e.ct}`;
