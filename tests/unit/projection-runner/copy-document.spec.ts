import { copyDocument } from '../../../src/projection-runner/copy-document.js';

describe('copyDocument', () => {
  const doc = {
    id: 'a-1',
    count: 3,
    open: true,
    assignee: null,
    missing: undefined,
    tags: ['x', ['y']],
    nested: { actor: { sub: 'cw-01' }, list: [{ at: '2026-05-04' }] },
  };

  it('copies a document as structuredClone does', () => {
    expect(copyDocument(doc)).toStrictEqual(structuredClone(doc));
  });

  it('shares no object or array with the original, so changing one leaves the other alone', () => {
    const copy = copyDocument(doc);
    copy.nested.actor.sub = 'cw-02';
    copy.nested.list[0]!.at = '2026-05-05';
    (copy.tags[1] as string[]).push('z');
    expect(doc.nested.actor.sub).toBe('cw-01');
    expect(doc.nested.list[0]!.at).toBe('2026-05-04');
    expect(doc.tags[1]).toEqual(['y']);
  });

  it('leaves values that are not plain data to structuredClone: a Date stays a Date, a copy of its own', () => {
    const at = new Date('2026-05-04T10:00:00Z');
    const copy = copyDocument({ at, byKey: new Map([['k', 1]]) });
    // Compared by tag, not instanceof: under jest, structuredClone answers with objects of another realm.
    expect(Object.prototype.toString.call(copy.at)).toBe('[object Date]');
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(at.getTime());
    expect([...copy.byKey]).toEqual([['k', 1]]);
  });

  it('refuses a function, as structuredClone does', () => {
    expect(() => copyDocument({ f: () => 1 })).toThrow();
  });
});
