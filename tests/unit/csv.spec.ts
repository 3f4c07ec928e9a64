import { csvNumber, csvText, startsFormula } from '../../src/shared/csv.js';

describe('CSV fields', () => {
  describe.each([
    ['=1+1', "'=1+1"],
    ['+49 211 123', "'+49 211 123"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['  =HYPERLINK("x")', `"'  =HYPERLINK(""x"")"`],
    [' \u00a0+1', "' \u00a0+1"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['\uff1d1', "'\uff1d1"],
  ])('when a text cell is %j', (raw, written) => {
    it('is marked as text with an apostrophe', () => {
      expect(startsFormula(raw)).toBe(true);
      expect(csvText(raw, ';')).toBe(written);
    });
  });

  describe.each([['Velbert'], ['a = b'], ['E-Mail'], ['<5'], ['2026-Q3'], ['']])('when a text cell is %j', (raw) => {
    it('is written as it is', () => expect(csvText(raw, ';')).toBe(raw));
  });

  it('quotes separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvText('a;b', ';')).toBe('"a;b"');
    expect(csvText('a,b', ';')).toBe('a,b');
    expect(csvText('a,b', ',')).toBe('"a,b"');
    expect(csvText('say "hi"', ';')).toBe('"say ""hi"""');
    expect(csvText('two\nlines', ';')).toBe('"two\nlines"');
  });

  it('writes numbers as numbers, negative ones too, with a decimal comma when asked', () => {
    expect(csvNumber(-3, ';')).toBe('-3');
    expect(csvNumber(12.5, ';', true)).toBe('12,5');
    expect(csvNumber(12.5, ',', true)).toBe('"12,5"');
  });
});
