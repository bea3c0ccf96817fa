import { describe, expect, it } from 'vitest';
import { tTestTwoSample } from './t-test-two-sample.js';
import { StatsInputError } from './types.js';

// R's sleep data (Student 1908), the ?t.test example: extra hours of sleep under drug 1 and drug 2.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
// PlantGrowth (Dobson 1983), R dataset; ctrl and trt1 groups.
const CTRL = [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14];
const TRT1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69];

describe('tTestTwoSample', () => {
  it('welch-r-example — R stats example t.test(1:10, y = 7:20) (tests/Examples/stats-Ex.Rout.save)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const r = tTestTwoSample(x, y, { alternative: 'two-sided' });
    expect(Math.abs(r.statistic - -5.4349)).toBeLessThan(1e-4);
    expect(Math.abs(r.df - 21.982)).toBeLessThan(1e-3);
    expect(Math.abs(r.p - 1.855e-5)).toBeLessThan(1e-8);
    expect(Math.abs(r.ci.lower - -11.052802)).toBeLessThan(1e-6);
    expect(Math.abs(r.ci.upper - -4.947198)).toBeLessThan(1e-6);
    expect(r.method).toMatch(/Welch/);
  });

  it('R ?t.test sleep example, Welch: t = -1.8608, df = 17.776, p = 0.07939, CI -3.3654832 0.2054832', () => {
    const r = tTestTwoSample(SLEEP_1, SLEEP_2);
    expect(r.statistic).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p).toBeCloseTo(0.07939, 5);
    expect(r.ci.lower).toBeCloseTo(-3.3654832, 7);
    expect(r.ci.upper).toBeCloseTo(0.2054832, 7);
    expect(r.means[0]).toBeCloseTo(0.75, 12);
    expect(r.means[1]).toBeCloseTo(2.33, 12);
    expect(r.estimate).toBeCloseTo(-1.58, 12);
  });

  it('R sleep example, var.equal = TRUE: t = -1.8608, df = 18, p = 0.07919, CI -3.363874 0.203874', () => {
    const r = tTestTwoSample(SLEEP_1, SLEEP_2, { welch: false });
    expect(r.statistic).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBe(18);
    expect(r.p).toBeCloseTo(0.07919, 5);
    expect(r.ci.lower).toBeCloseTo(-3.363874, 6);
    expect(r.ci.upper).toBeCloseTo(0.203874, 6);
    expect(r.method).toMatch(/Student/);
  });

  it('R PlantGrowth ctrl vs trt1 (Welch): t = 1.1913, df = 16.524, p = 0.2504, CI -0.2875162 1.0295162; less: p = 0.8748, upper 0.9136743', () => {
    const r = tTestTwoSample(CTRL, TRT1);
    expect(r.statistic).toBeCloseTo(1.1913, 4);
    expect(r.df).toBeCloseTo(16.524, 3);
    expect(r.p).toBeCloseTo(0.2504, 4);
    expect(r.ci.lower).toBeCloseTo(-0.2875162, 7);
    expect(r.ci.upper).toBeCloseTo(1.0295162, 7);
    const less = tTestTwoSample(CTRL, TRT1, { alternative: 'less' });
    expect(less.p).toBeCloseTo(0.8748, 4);
    expect(less.ci.lower).toBe(-Infinity);
    expect(less.ci.upper).toBeCloseTo(0.9136743, 7);
  });

  it('one-sided p-values split the two-sided one and sum to 1', () => {
    const two = tTestTwoSample(SLEEP_1, SLEEP_2);
    const less = tTestTwoSample(SLEEP_1, SLEEP_2, { alternative: 'less' });
    const greater = tTestTwoSample(SLEEP_1, SLEEP_2, { alternative: 'greater' });
    expect(less.p + greater.p).toBeCloseTo(1, 12);
    expect(2 * less.p).toBeCloseTo(two.p, 12);
    expect(greater.ci.upper).toBe(Infinity);
    expect(greater.ci.lower).toBeLessThan(greater.estimate);
  });

  it('is antisymmetric in x and y, and the CI contains the estimate', () => {
    const a = tTestTwoSample(SLEEP_1, SLEEP_2);
    const b = tTestTwoSample(SLEEP_2, SLEEP_1);
    expect(b.statistic).toBeCloseTo(-a.statistic, 12);
    expect(b.p).toBeCloseTo(a.p, 12);
    expect(b.ci.lower).toBeCloseTo(-a.ci.upper, 12);
    expect(a.ci.lower).toBeLessThan(a.estimate);
    expect(a.ci.upper).toBeGreaterThan(a.estimate);
    expect(a.p).toBeGreaterThanOrEqual(0);
    expect(a.p).toBeLessThanOrEqual(1);
  });

  it('mu shifts the statistic: testing mu = estimate gives t = 0, p = 1', () => {
    const r = tTestTwoSample(SLEEP_1, SLEEP_2, { mu: -1.58 });
    expect(r.statistic).toBeCloseTo(0, 10);
    expect(r.p).toBeCloseTo(1, 10);
  });

  it('drops missing values and counts them', () => {
    const r = tTestTwoSample([...SLEEP_1, null, Number.NaN], [null, ...SLEEP_2]);
    expect(r.n).toEqual([10, 10]);
    expect(r.nMissing).toEqual([2, 1]);
    expect(r.statistic).toBeCloseTo(-1.8608, 4);
  });

  it('Welch works when only one group is constant', () => {
    // x constant: se = sy/√ny, df = ny − 1 exactly.
    const r = tTestTwoSample([5, 5, 5], [1, 2, 3, 4]);
    expect(r.df).toBeCloseTo(3, 12);
    // ȳ = 2.5, sy² = 5/3, se = √(5/12); t = 2.5/√(5/12)
    expect(r.statistic).toBeCloseTo(2.5 / Math.sqrt(5 / 12), 12);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => tTestTwoSample([1], [1, 2, 3])).toThrow(StatsInputError);
    expect(() => tTestTwoSample([1, 2, null], [null, 3])).toThrow(StatsInputError);
    expect(() => tTestTwoSample([2, 2, 2], [3, 3, 3])).toThrow(StatsInputError);
    expect(() => tTestTwoSample([2, 2, 2], [3, 3, 3], { welch: false })).toThrow(StatsInputError);
    expect(() => tTestTwoSample([1, 2, 3], [4, 5, 6], { level: 1 })).toThrow(StatsInputError);
    expect(() => tTestTwoSample([1, 2, Infinity], [4, 5, 6])).toThrow(StatsInputError);
  });
});
