import { describe, expect, it } from 'vitest';
import { percentAgreement } from './percent-agreement.js';
import { StatsInputError } from './types.js';

describe('percentAgreement', () => {
  it('counts matching complete pairs (hand calculation: 3 of 4)', () => {
    const r = percentAgreement(['a', 'b', 'c', 'a', null], ['a', 'b', 'a', 'a', 'b']);
    expect(r).toEqual({ agreement: 0.75, n: 4, dropped: 1 });
  });

  it('Artstein & Poesio (2008) Table 1: agreement 0.7 (20 + 50 of 100)', () => {
    const a = [...new Array<number>(40).fill(0), ...new Array<number>(60).fill(1)];
    const b = [...new Array<number>(20).fill(0), ...new Array<number>(20).fill(1), ...new Array<number>(10).fill(0), ...new Array<number>(50).fill(1)];
    expect(percentAgreement(a, b).agreement).toBeCloseTo(0.7, 12);
  });

  it('is symmetric in the raters and 1 for identical ratings', () => {
    const a = [1, 2, 3, null, 2];
    const b = [1, 3, 3, 2, null];
    expect(percentAgreement(a, b)).toEqual(percentAgreement(b, a));
    expect(percentAgreement(a, a).agreement).toBe(1);
  });

  it('treats the number 1 and the text "1" as different categories', () => {
    expect(percentAgreement([1], ['1']).agreement).toBe(0);
  });

  it('throws StatsInputError for unequal lengths or no complete pair', () => {
    expect(() => percentAgreement([1, 2], [1])).toThrow(StatsInputError);
    expect(() => percentAgreement([null, 1], [2, null])).toThrow(StatsInputError);
    expect(() => percentAgreement([], [])).toThrow(StatsInputError);
  });
});
