import { KEY_BYTES, open, seal } from './aes-gcm.js';

/** Nonces come from a pooled CSPRNG draw (issue 19): never twice, never shared with a later seal. */
describe('AES-256-GCM sealing', () => {
  const key = Buffer.alloc(KEY_BYTES, 3);

  it('opens what it sealed, with the same additional data only', () => {
    const sealed = seal(key, Buffer.from('Beratung zu Sprachkurs'), 'person-1');
    expect(open(key, sealed, 'person-1').toString()).toBe('Beratung zu Sprachkurs');
    expect(() => open(key, sealed, 'person-2')).toThrow();
  });

  it('gives every seal its own 96-bit nonce, across several draws of the pool', () => {
    const ivs = Array.from({ length: 2000 }, () => seal(key, Buffer.from('x'), 'a').iv);
    expect(ivs.every((iv) => iv.length === 12)).toBe(true);
    expect(new Set(ivs.map((iv) => iv.toString('hex'))).size).toBe(ivs.length);
  });

  it('hands out a nonce that later seals cannot change', () => {
    const first = seal(key, Buffer.from('x'), 'a');
    const copy = Buffer.from(first.iv);
    for (let i = 0; i < 600; i++) seal(key, Buffer.from('y'), 'a');
    expect(first.iv.equals(copy)).toBe(true);
  });
});
