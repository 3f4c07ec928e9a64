import { rateLimitKey } from '../../src/http/rate-limit-key.js';

const token = (claims: object) =>
  `Bearer ${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('rate limit bucket', () => {
  describe('when one user sends two different tokens', () => {
    it('counts both against the same bucket', () =>
      expect(rateLimitKey(token({ iss: 'idp', sub: 'cw-01', iat: 1 }), '10.0.0.1')).toBe(
        rateLimitKey(token({ iss: 'idp', sub: 'cw-01', iat: 2 }), '10.0.0.2'),
      ));
  });

  describe('when two users send tokens', () => {
    it('gives each a bucket of their own', () =>
      expect(rateLimitKey(token({ iss: 'idp', sub: 'cw-01' }), '10.0.0.1')).not.toBe(
        rateLimitKey(token({ iss: 'idp', sub: 'cw-02' }), '10.0.0.1'),
      ));
  });

  describe('when no readable token is sent', () => {
    it('falls back to the client address', () => {
      expect(rateLimitKey(undefined, '10.0.0.1')).toBe(rateLimitKey('Bearer not-a-jwt', '10.0.0.1'));
      expect(rateLimitKey(undefined, '10.0.0.1')).not.toBe(rateLimitKey(undefined, '10.0.0.2'));
    });
  });

  it('keeps no user id in the key', () =>
    expect(rateLimitKey(token({ sub: 'cw-01' }), '10.0.0.1')).not.toContain('cw-01'));
});
