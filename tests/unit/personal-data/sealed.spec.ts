import { collectSealed, replaceSealed, Sealed } from '../../../src/personal-data/sealed.js';

describe('opening the sealed parts of an answer', () => {
  const note = new Sealed('p-aylin', { ct: 'x' });
  const answer = {
    caseId: 'c-1',
    assignment: { caseworkerId: 'cw-01', since: '2026-11-02' },
    timeline: [{ type: 'counselling', personal: note }, { type: 'review' }],
  };
  const opened = new Map<Sealed, unknown>([[note, { summary: 'Beratung zum Integrationskurs' }]]);

  it('replaces each sealed value and leaves the input as it was', () => {
    const result = replaceSealed(answer, opened) as typeof answer;
    expect(result).toEqual({
      caseId: 'c-1',
      assignment: { caseworkerId: 'cw-01', since: '2026-11-02' },
      timeline: [{ type: 'counselling', personal: { summary: 'Beratung zum Integrationskurs' } }, { type: 'review' }],
    });
    expect(answer.timeline[0]!.personal).toBe(note);
    expect(collectSealed(result)).toEqual([]);
  });

  it('copies only the parts on the way to a sealed value and shares the rest', () => {
    const result = replaceSealed(answer, opened) as typeof answer;
    expect(result).not.toBe(answer);
    expect(result.timeline).not.toBe(answer.timeline);
    expect(result.timeline[0]).not.toBe(answer.timeline[0]);
    expect(result.assignment).toBe(answer.assignment);
    expect(result.timeline[1]).toBe(answer.timeline[1]);
  });

  it('returns an answer without sealed values as it is', () => {
    const plain = { items: [{ id: 1 }], total: 1 };
    expect(replaceSealed(plain, new Map())).toBe(plain);
  });
});
