import { describe, expect, it } from 'vitest';
import { cohensD } from './cohens-d.js';
import { StatsInputError } from './types.js';

describe('cohensD', () => {
  it('hand calculation: x = 1, 2, 3; y = 4, 5, 6 → means 2 and 5, s² = 1 in both, s_p = 1, d = −3', () => {
    const r = cohensD([1, 2, 3], [4, 5, 6]);
    expect(r.d).toBeCloseTo(-3, 14);
    expect(r.pooledSd).toBeCloseTo(1, 14);
    expect(r.meanDifference).toBeCloseTo(-3, 14);
    expect(r.df).toBe(4);
  });

  it('hand calculation with unequal sizes: x = 2, 4, 6, 8 (SS 20); y = 1, 3 (SS 2) → s_p = √(22/4), d = (5 − 2)/√5.5', () => {
    const r = cohensD([2, 4, 6, 8], [1, 3]);
    expect(r.pooledSd).toBeCloseTo(Math.sqrt(5.5), 14);
    expect(r.d).toBeCloseTo(3 / Math.sqrt(5.5), 14); // x̄ − ȳ = 5 − 2 = 3
  });

  it('sleep data: R sd(extra) by group = 1.789010 and 2.002249 (as in the DescTools tTestA example), so s_p = √((1.789010² + 2.002249²)/2), d = −1.58/s_p', () => {
    const x = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const y = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const sp = Math.sqrt((1.78901 ** 2 + 2.002249 ** 2) / 2);
    const r = cohensD(x, y);
    expect(Math.abs(r.pooledSd - sp)).toBeLessThan(1e-6);
    expect(Math.abs(r.d - -1.58 / sp)).toBeLessThan(1e-6);
  });

  it('sign flips when x and y swap; invariant under shifting both groups', () => {
    const x = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const y = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    expect(cohensD(y, x).d).toBeCloseTo(-cohensD(x, y).d, 14);
    expect(cohensD(x.map((v) => v + 100), y.map((v) => v + 100)).d).toBeCloseTo(cohensD(x, y).d, 10);
  });

  it('drops missing values', () => {
    expect(cohensD([1, 2, null, 3], [4, Number.NaN, 5, 6]).n).toEqual([3, 3]);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => cohensD([1], [2, 3])).toThrow(StatsInputError);
    expect(() => cohensD([2, 2], [3, 3, 3])).toThrow(StatsInputError);
    expect(() => cohensD([1, -Infinity], [3, 4])).toThrow(StatsInputError);
  });
});
