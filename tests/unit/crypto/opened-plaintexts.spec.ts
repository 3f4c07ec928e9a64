import { OpenedPlaintexts } from '../../../src/crypto/opened-plaintexts.js';
import type { PersonalEnvelope } from '../../../src/crypto/personal-data.cipher.js';

const AYLIN = 'p-aylin';
const OLEKSANDR = 'p-oleksandr';
const envelope = (n: number): PersonalEnvelope => ({
  alg: 'A256GCM',
  kid: 'k1',
  iv: `iv${n}`,
  tag: `tag${n}`,
  ct: `ct${n}`,
});
/** Characters an entry counts: its key (person and envelope) and its plaintext. */
const charsOf = (personId: string, n: number, text: string) =>
  `${personId}|k1|iv${n}|tag${n}|ct${n}`.length + text.length;

describe('plaintexts opened before', () => {
  it('are found by the whole envelope and the person, nothing less', () => {
    const opened = new OpenedPlaintexts(10_000);
    opened.set(AYLIN, envelope(1), '{"note":"Termin"}');
    expect(opened.get(AYLIN, envelope(1))).toBe('{"note":"Termin"}');
    expect(opened.get(OLEKSANDR, envelope(1))).toBeUndefined();
    expect(opened.get(AYLIN, { ...envelope(1), ct: 'ct1-altered' })).toBeUndefined();
    expect(opened.get(AYLIN, { ...envelope(1), tag: 'tag-altered' })).toBeUndefined();
  });

  it('stay within their budget of characters, the least recently used leaving first', () => {
    const text = 'x'.repeat(50);
    const opened = new OpenedPlaintexts(3 * charsOf(AYLIN, 1, text));
    opened.set(AYLIN, envelope(1), text);
    opened.set(AYLIN, envelope(2), text);
    opened.set(AYLIN, envelope(3), text);
    opened.get(AYLIN, envelope(1)); // used again: now the newest
    opened.set(AYLIN, envelope(4), text);
    expect(opened.size).toBe(3);
    expect(opened.get(AYLIN, envelope(2))).toBeUndefined();
    expect(opened.get(AYLIN, envelope(1))).toBe(text);
    expect(opened.get(AYLIN, envelope(4))).toBe(text);
  });

  it('keep nothing larger than the whole budget', () => {
    const opened = new OpenedPlaintexts(20);
    opened.set(AYLIN, envelope(1), 'x'.repeat(100));
    expect(opened.size).toBe(0);
  });

  it("forget one person's plaintexts and keep the others'", () => {
    const opened = new OpenedPlaintexts(10_000);
    opened.set(AYLIN, envelope(1), 'a1');
    opened.set(AYLIN, envelope(2), 'a2');
    opened.set(OLEKSANDR, envelope(3), 'o3');
    opened.forget(AYLIN);
    expect(opened.get(AYLIN, envelope(1))).toBeUndefined();
    expect(opened.get(AYLIN, envelope(2))).toBeUndefined();
    expect(opened.get(OLEKSANDR, envelope(3))).toBe('o3');
    expect(opened.size).toBe(1);
  });
});
