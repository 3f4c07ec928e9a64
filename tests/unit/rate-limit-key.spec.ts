import { bucketKind, clientAddress, rateLimitBucket } from '../../src/http/rate-limit-key.js';

describe('rate limit bucket', () => {
  describe('when the token was verified', () => {
    it('counts a user against one bucket from any address', () =>
      expect(rateLimitBucket({ sub: 'cw-01' }, '10.0.0.1')).toEqual(rateLimitBucket({ sub: 'cw-01' }, '10.0.0.2')));

    it('gives each user a bucket of their own', () =>
      expect(rateLimitBucket({ sub: 'cw-01' }, '10.0.0.1').key).not.toBe(
        rateLimitBucket({ sub: 'cw-02' }, '10.0.0.1').key,
      ));

    it('is a user bucket', () => expect(bucketKind(rateLimitBucket({ sub: 'cw-01' }, '10.0.0.1').key)).toBe('user'));
  });

  describe('when there is no verified token', () => {
    it('counts against the client address, apart from any user', () => {
      const bucket = rateLimitBucket(undefined, '10.0.0.1');
      expect(bucket.kind).toBe('address');
      expect(bucketKind(bucket.key)).toBe('address');
      expect(bucket.key).not.toBe(rateLimitBucket(undefined, '10.0.0.2').key);
      expect(bucket.key).not.toBe(rateLimitBucket({ sub: '10.0.0.1' }, '10.0.0.1').key);
    });

    it('counts IPv6 clients per /64, so rotating addresses of one network buys nothing', () => {
      expect(rateLimitBucket(undefined, '2001:db8:1:2::1').key).toBe(
        rateLimitBucket(undefined, '2001:db8:1:2:ffff::9').key,
      );
      expect(rateLimitBucket(undefined, '2001:db8:1:2::1').key).not.toBe(
        rateLimitBucket(undefined, '2001:db8:1:3::1').key,
      );
      expect(clientAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    });
  });

  it('keeps neither user ids nor addresses in the key', () => {
    expect(rateLimitBucket({ sub: 'cw-01' }, '10.0.0.1').key).not.toContain('cw-01');
    expect(rateLimitBucket(undefined, '10.0.0.1').key).not.toContain('10.0.0.1');
  });
});
