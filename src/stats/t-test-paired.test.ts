import { describe, expect, it } from 'vitest';
import { tTestPaired } from './t-test-paired.js';
import { StatsInputError } from './types.js';

// R's sleep data (Student 1908): the same 10 patients under drug 1 and drug 2.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('tTestPaired', () => {
  it('R ?t.test sleep example, paired: t = -4.0621, df = 9, p = 0.002833, CI -2.4598858 -0.7001142, mean diff -1.58', () => {
    const r = tTestPaired(SLEEP_1, SLEEP_2);
    expect(r.statistic).toBeCloseTo(-4.0621, 4);
    expect(r.df).toBe(9);
    expect(r.p).toBeCloseTo(0.002833, 6);
    expect(r.ci.lower).toBeCloseTo(-2.4598858, 7);
    expect(r.ci.upper).toBeCloseTo(-0.7001142, 7);
    expect(r.estimate).toBeCloseTo(-1.58, 12);
    expect(r.n).toBe(10);
    expect(r.nDropped).toBe(0);
  });

  it('hand calculation: d = 1, 2, 3 → d̄ = 2, s_d = 1, t = 2√3, df = 2', () => {
    const r = tTestPaired([2, 4, 6], [1, 2, 3]);
    expect(r.statistic).toBeCloseTo(2 * Math.sqrt(3), 12);
    expect(r.df).toBe(2);
    expect(r.se).toBeCloseTo(1 / Math.sqrt(3), 12);
  });

  it('drops pairs with a missing value and counts them', () => {
    const r = tTestPaired([...SLEEP_1, null, 3], [...SLEEP_2, 1, Number.NaN]);
    expect(r.n).toBe(10);
    expect(r.nDropped).toBe(2);
    expect(r.statistic).toBeCloseTo(-4.0621, 4);
  });

  it('invariants: swap x and y flips t; one-sided p-values sum to 1; CI contains the estimate', () => {
    const a = tTestPaired(SLEEP_1, SLEEP_2);
    const b = tTestPaired(SLEEP_2, SLEEP_1);
    expect(b.statistic).toBeCloseTo(-a.statistic, 12);
    expect(b.p).toBeCloseTo(a.p, 12);
    const less = tTestPaired(SLEEP_1, SLEEP_2, { alternative: 'less' });
    const greater = tTestPaired(SLEEP_1, SLEEP_2, { alternative: 'greater' });
    expect(less.p + greater.p).toBeCloseTo(1, 12);
    expect(less.ci.lower).toBe(-Infinity);
    expect(greater.ci.upper).toBe(Infinity);
    expect(a.ci.lower).toBeLessThan(a.estimate);
    expect(a.ci.upper).toBeGreaterThan(a.estimate);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => tTestPaired([1, 2], [1])).toThrow(StatsInputError);
    expect(() => tTestPaired([1, null], [2, 3])).toThrow(StatsInputError);
    expect(() => tTestPaired([1, 2, 3], [0, 1, 2])).toThrow(StatsInputError); // constant differences
    expect(() => tTestPaired([1, 2, 3], [0, 1, 5], { level: 0 })).toThrow(StatsInputError);
  });
});
