import { WeightedLru } from './weighted-lru.js';

describe('a weighted LRU', () => {
  it('keeps the summed weight within its budget, the least recently used leaving first', () => {
    const lru = new WeightedLru<string, string>(100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    lru.get('a'); // used again: now the newest
    lru.set('c', 'C', 40);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.weight).toBe(80);
  });

  it('keeps nothing heavier than the whole budget, and drops what that key held before', () => {
    const lru = new WeightedLru<string, string>(100);
    lru.set('a', 'small', 10);
    lru.set('a', 'huge', 101);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.weight).toBe(0);
  });

  it('counts a replaced value once', () => {
    const lru = new WeightedLru<string, string>(100);
    lru.set('a', 'first', 60);
    lru.set('a', 'second', 70);
    expect(lru.size).toBe(1);
    expect(lru.weight).toBe(70);
    expect(lru.get('a')).toBe('second');
  });

  it('tells of every entry that leaves: evicted, replaced, deleted or cleared', () => {
    const removed: string[] = [];
    const lru = new WeightedLru<string, string>(100, (key, value) => removed.push(`${key}=${value}`));
    lru.set('a', 'A', 60);
    lru.set('b', 'B', 60); // evicts a
    lru.set('b', 'B2', 10); // replaces b
    lru.set('c', 'C', 10);
    lru.delete('c');
    lru.clear();
    expect(removed).toEqual(['a=A', 'b=B', 'c=C', 'b=B2']);
    expect(lru.size).toBe(0);
  });

  it('refuses a budget that is not positive', () => {
    expect(() => new WeightedLru(0)).toThrow(/positive budget/);
  });
});
