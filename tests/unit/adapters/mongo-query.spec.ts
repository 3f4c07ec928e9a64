import {
  afterCursor,
  decodeCursor,
  encodeCursor,
  mongoCollectionName,
  pageSize,
  toMongoFilter,
  toMongoSort,
  valueAt,
} from '../../../src/read-store/mongo/mongo-query.js';
import { ValidationError } from '../../../src/shared/errors.js';

const declared = new Set(['municipality', 'age', 'tags', 'actor.sub']);

describe('translating a filter to a MongoDB query', () => {
  it('maps equality, in-lists, ranges and contains onto the stored doc fields', () => {
    expect(
      toMongoFilter(
        'people',
        {
          municipality: 'Velbert',
          'actor.sub': { in: ['cw-01', 'cw-02'] },
          age: { gte: 30, lt: 60 },
          tags: { contains: 'a' },
        },
        declared,
      ),
    ).toEqual({
      'doc.municipality': 'Velbert',
      'doc.actor.sub': { $in: ['cw-01', 'cw-02'] },
      'doc.age': { $gte: 30, $lt: 60 },
      'doc.tags': { $elemMatch: { $eq: 'a' } },
    });
  });

  it('keeps null equality (MongoDB matches null and missing alike) and drops an empty range', () => {
    expect(toMongoFilter('people', { municipality: null, age: {} }, declared)).toEqual({ 'doc.municipality': null });
  });

  it('rejects a field that is not declared, naming it', () => {
    expect(() => toMongoFilter('people', { secret: 'x' }, declared)).toThrow(/secret/);
  });
});

describe('sorting', () => {
  it('sorts by the field and breaks ties by _id in the same direction', () => {
    expect(toMongoSort('age', 'desc')).toEqual({ 'doc.age': -1, _id: -1 });
    expect(toMongoSort(undefined, 'asc')).toEqual({ _id: 1 });
  });
});

describe('the cursor', () => {
  it('round-trips the sort value and id, including null and unicode', () => {
    for (const position of [
      { value: 45, id: 'p3' },
      { value: 'Düsseldorf', id: 'ß-1' },
      { value: null, id: 'p5' },
      { value: false, id: 'x' },
    ]) {
      expect(decodeCursor(encodeCursor(position))).toEqual(position);
    }
  });

  it('is opaque and URL safe', () => {
    expect(encodeCursor({ value: 'a/b+c?', id: '>>>' })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects a cursor that was not made here as a validation error', () => {
    expect(() => decodeCursor('not a cursor')).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('[{"$gt":1},"x"]').toString('base64url'))).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toThrow(ValidationError);
  });
});

describe('the keyset condition after a cursor', () => {
  it('continues after the id when sorted by id', () => {
    expect(afterCursor(undefined, 'asc', { value: null, id: 'p2' })).toEqual({ _id: { $gt: 'p2' } });
    expect(afterCursor(undefined, 'desc', { value: null, id: 'p2' })).toEqual({ _id: { $lt: 'p2' } });
  });

  it('continues after the value, then after the id among equal values', () => {
    expect(afterCursor('age', 'asc', { value: 45, id: 'p2' })).toEqual({
      $or: [{ 'doc.age': { $gt: 45 } }, { 'doc.age': 45, _id: { $gt: 'p2' } }],
    });
  });

  it('includes null values after every other value when descending', () => {
    expect(afterCursor('age', 'desc', { value: 45, id: 'p2' })).toEqual({
      $or: [{ 'doc.age': { $lt: 45 } }, { 'doc.age': 45, _id: { $lt: 'p2' } }, { 'doc.age': null }],
    });
  });

  it('handles a page ending on a null value in both directions', () => {
    expect(afterCursor('municipality', 'asc', { value: null, id: 'p5' })).toEqual({
      $or: [{ 'doc.municipality': { $ne: null } }, { 'doc.municipality': null, _id: { $gt: 'p5' } }],
    });
    expect(afterCursor('municipality', 'desc', { value: null, id: 'p5' })).toEqual({
      'doc.municipality': null,
      _id: { $lt: 'p5' },
    });
  });
});

describe('reading the sort value of a stored document', () => {
  it('follows dotted paths and reads missing values as null', () => {
    const doc = { actor: { sub: 'cw-01' }, age: 0, flag: false };
    expect(valueAt(doc, 'actor.sub')).toBe('cw-01');
    expect(valueAt(doc, 'age')).toBe(0);
    expect(valueAt(doc, 'flag')).toBe(false);
    expect(valueAt(doc, 'actor.missing')).toBeNull();
    expect(valueAt(doc, 'nothing.at.all')).toBeNull();
  });
});

describe('page size and collection names', () => {
  it('defaults the page size, caps it and rejects nonsense', () => {
    expect(pageSize(undefined)).toBeGreaterThan(0);
    expect(pageSize({ limit: 7 })).toBe(7);
    expect(pageSize({ limit: 10_000_000 })).toBeLessThan(10_000_000);
    expect(() => pageSize({ limit: 0 })).toThrow(ValidationError);
  });

  it('prefixes read collections and refuses names outside a safe alphabet', () => {
    expect(mongoCollectionName('caseload')).toBe('rm_caseload');
    expect(() => mongoCollectionName('a.b')).toThrow();
    expect(() => mongoCollectionName('$cmd')).toThrow();
  });
});
