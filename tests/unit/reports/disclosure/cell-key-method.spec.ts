import { createHmac } from 'node:crypto';
import { addRecord, cellKey, countRecords, emptyCell, sumCells } from '../../../../src/reports/disclosure/cell-key.js';
import {
  buildPerturbationTable,
  deviationFor,
  moments,
} from '../../../../src/reports/disclosure/perturbation-table.js';
import {
  CELL_KEY_PARAMETERS,
  createProtection,
  perturb,
  publishFigure,
} from '../../../../src/reports/disclosure/protection.js';
import { hmacRecordKeys } from '../../../../src/reports/disclosure/record-keys.js';

const SECRET = Buffer.alloc(32, 1);
const { maxDeviation: D, variance: V } = CELL_KEY_PARAMETERS;

describe('the perturbation table (D = 4, V = 2)', () => {
  const table = buildPerturbationTable(D, V);

  it('keeps a zero at zero and a single record at one (shown as <5)', () => {
    expect(table.rows[0]).toEqual(expect.objectContaining({ deviations: [0], probabilities: [1] }));
    expect(table.rows[1]).toEqual(expect.objectContaining({ deviations: [0], probabilities: [1] }));
  });

  it.each([2, 3, 4, 5])(
    'gives a count of %i a distribution with mean 0, variance at most V, deviations within ±D and never 0 or less',
    (i) => {
      const row = table.rows[i]!;
      const m = moments(row.deviations, row.probabilities);
      expect(row.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(Math.abs(m.mean)).toBeLessThan(1e-9);
      expect(m.variance).toBeLessThanOrEqual(V + 1e-9);
      expect(Math.min(...row.deviations)).toBe(Math.max(1 - i, -D));
      expect(Math.max(...row.deviations)).toBe(D);
      expect(row.probabilities.every((p) => p > 0)).toBe(true);
    },
  );

  it('reaches the variance V where the counts allow it and is symmetric from D + 1 on', () => {
    expect(moments(table.rows[3]!.deviations, table.rows[3]!.probabilities).variance).toBeCloseTo(V, 9);
    const full = table.rows[D + 1]!;
    expect(full.deviations).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    full.probabilities.forEach((p, k) => expect(p).toBeCloseTo(full.probabilities.at(-1 - k)!, 12));
  });

  it('picks deviations by cell key in the proportions of the table', () => {
    const n = 100_000;
    const seen = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const v = deviationFor(table, 40, (k + 0.5) / n);
      seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    table.rows[D + 1]!.deviations.forEach((v, k) =>
      expect((seen.get(v) ?? 0) / n).toBeCloseTo(table.rows[D + 1]!.probabilities[k]!, 4),
    );
  });
});

describe('record keys', () => {
  it('are HMAC-SHA256 of the record under the county secret, read as an unsigned 32-bit number', () => {
    const keys = hmacRecordKeys(SECRET);
    const expected = createHmac('sha256', SECRET).update('kim-rk1:case:c-0001').digest().readUInt32BE(0);
    expect(keys.of('case', 'c-0001')).toBe(expected);
  });

  it('equal createHmac for ids of every length and for non-ASCII ids', () => {
    const keys = hmacRecordKeys(Buffer.alloc(48, 9));
    for (const id of ['', 'ä', '6f1c1a3e-0000-4000-8000-000000000000', 'x'.repeat(55), 'y'.repeat(120), 'Ölçü-ğ']) {
      const expected = createHmac('sha256', Buffer.alloc(48, 9))
        .update(`kim-rk1:transfer:${id}`)
        .digest()
        .readUInt32BE(0);
      expect({ id, key: keys.of('transfer', id) }).toEqual({ id, key: expected });
    }
  });

  it('differ between secrets, kinds and ids, and never change', () => {
    const keys = hmacRecordKeys(SECRET);
    const first = keys.of('case', 'a');
    for (const id of ['b', 'c', 'd']) keys.of('case', id);
    expect(keys.of('case', 'a')).toBe(first);
    expect(hmacRecordKeys(Buffer.alloc(32, 2)).of('case', 'a')).not.toBe(first);
    expect(keys.of('consent', 'a')).not.toBe(first);
  });

  it('are spread evenly over [0, 1)', () => {
    const keys = hmacRecordKeys(SECRET);
    const deciles = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) deciles[Math.floor((keys.of('case', `c-${i}`) / 2 ** 32) * 10)]++;
    for (const d of deciles) expect(Math.abs(d - 2000)).toBeLessThan(200);
  });
});

describe('cell keys', () => {
  const keys = hmacRecordKeys(SECRET);

  it('depend only on the set of records in the cell, not on their order or the table', () => {
    const a = countRecords(keys, 'case', ['x', 'y', 'z']);
    const b = countRecords(keys, 'case', ['z', 'x', 'y']);
    expect(a).toEqual(b);
    expect(sumCells([countRecords(keys, 'case', ['x']), countRecords(keys, 'case', ['y', 'z'])])).toEqual(a);
  });

  it('change with one more record', () => {
    const a = countRecords(keys, 'case', ['x', 'y', 'z']);
    const b = { ...a };
    addRecord(b, keys.of('case', 'w'));
    expect(cellKey(b)).not.toBe(cellKey(a));
  });
});

describe('a protected count', () => {
  const protection = createProtection(hmacRecordKeys(SECRET));

  it('publishes a true zero as zero and any other count as at least 1, within ±D', () => {
    expect(publishFigure(protection, emptyCell())).toBe(0);
    for (let n = 1; n < 200; n++) {
      const cell = countRecords(
        protection.keys,
        'case',
        Array.from({ length: n }, (_, i) => `n${n}-${i}`),
      );
      const value = perturb(protection, cell);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(Math.abs(value - n)).toBeLessThanOrEqual(D);
      const shown = publishFigure(protection, cell);
      expect(shown).toBe(value >= 1 && value <= 4 ? '<5' : value);
    }
  });
});
