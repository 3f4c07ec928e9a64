import { LruCache } from '../../../src/crypto/lru-cache.js';

describe('LRU cache', () => {
  describe('when more entries are set than it holds', () => {
    it('drops the least recently used one', () => {
      const cache = new LruCache<string, number>(2);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.get('a');
      cache.set('c', 3);
      expect(cache.get('b')).toBeUndefined();
      expect(cache.get('a')).toBe(1);
      expect(cache.get('c')).toBe(3);
      expect(cache.size).toBe(2);
    });
  });

  describe('when an entry is deleted', () => {
    it('no longer returns it', () => {
      const cache = new LruCache<string, number>(2);
      cache.set('a', 1);
      cache.delete('a');
      expect(cache.get('a')).toBeUndefined();
    });
  });
});

describe('LRU cache with an age limit', () => {
  describe('when an entry is older than the limit', () => {
    it('is no longer returned, while a younger one is', () => {
      let now = 0;
      const cache = new LruCache<string, number>(10, 1000, () => now);
      cache.set('old', 1);
      now = 600;
      cache.set('young', 2);
      now = 1000;
      expect(cache.get('old')).toBeUndefined();
      expect(cache.get('young')).toBe(2);
    });
  });
});
