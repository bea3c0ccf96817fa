import { describe, expect, it } from 'vitest';
import { pearsonCorrelation } from './pearson-correlation.js';
import { StatsInputError } from './types.js';

// Hollander & Wolfe (1973, p. 187f) tuna data, the R ?cor.test example.
const x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
const y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];

describe('pearsonCorrelation', () => {
  it("pearson-tuna — R cor.test(x, y, alternative='greater') Hollander & Wolfe tuna example", () => {
    const r = pearsonCorrelation(x, y, { alternative: 'greater' });
    expect(Math.abs(r.estimate - 0.5711816)).toBeLessThan(1e-7);
    expect(Math.abs(r.statistic - 1.8411)).toBeLessThan(1e-4);
    expect(r.df).toBe(7);
    expect(Math.abs(r.p - 0.05409)).toBeLessThan(1e-5);
    expect(r.ci).toBeDefined();
    expect(Math.abs(r.ci!.lower - -0.02223023)).toBeLessThan(1e-7);
    expect(r.ci!.upper).toBe(1);
    expect(r.ci!.level).toBe(0.95);
    expect(r.n).toBe(9);
  });

  it('hand calculation with df = 1 (Cauchy t distribution)', () => {
    // x = 1,2,3; y = 1,3,2: Sxy = 1, Sxx = Syy = 2, r = 1/2, t = (1/2)·1/√(3/4) = 1/√3.
    // t(1) is Cauchy: P(T > 1/√3) = 1/2 − atan(1/√3)/π = 1/2 − 1/6 = 1/3; two-sided 2/3.
    const r = pearsonCorrelation([1, 2, 3], [1, 3, 2]);
    expect(r.estimate).toBeCloseTo(0.5, 12);
    expect(r.statistic).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(r.p).toBeCloseTo(2 / 3, 10);
    expect(r.ci).toBeUndefined(); // n = 3 < 4
    expect(pearsonCorrelation([1, 2, 3], [1, 3, 2], { alternative: 'greater' }).p).toBeCloseTo(1 / 3, 10);
    expect(pearsonCorrelation([1, 2, 3], [1, 3, 2], { alternative: 'less' }).p).toBeCloseTo(2 / 3, 10);
  });

  it('two-sided interval contains r and is symmetric in z; sign flips with y → −y', () => {
    const r = pearsonCorrelation(x, y);
    expect(r.ci!.lower).toBeLessThan(r.estimate);
    expect(r.ci!.upper).toBeGreaterThan(r.estimate);
    expect(Math.atanh(r.ci!.upper) - Math.atanh(r.estimate)).toBeCloseTo(Math.atanh(r.estimate) - Math.atanh(r.ci!.lower), 10);
    const neg = pearsonCorrelation(x, y.map((v) => -v));
    expect(neg.estimate).toBeCloseTo(-r.estimate, 12);
    expect(neg.p).toBeCloseTo(r.p, 12);
    expect(neg.ci!.lower).toBeCloseTo(-r.ci!.upper, 12);
    // one-sided p's add up to 1, two-sided is twice the smaller
    const g = pearsonCorrelation(x, y, { alternative: 'greater' }).p;
    const l = pearsonCorrelation(x, y, { alternative: 'less' }).p;
    expect(g + l).toBeCloseTo(1, 12);
    expect(r.p).toBeCloseTo(2 * Math.min(g, l), 12);
  });

  it('perfect correlation gives infinite t and p = 0', () => {
    const r = pearsonCorrelation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.estimate).toBe(1);
    expect(r.statistic).toBe(Infinity);
    expect(r.p).toBe(0);
  });

  it('drops incomplete pairs', () => {
    const r = pearsonCorrelation([...x, null, 3], [...y, 4, null]);
    expect(r.n).toBe(9);
    expect(r.estimate).toBeCloseTo(0.5711816, 7);
  });

  it('rejects degenerate input', () => {
    expect(() => pearsonCorrelation([1, 2], [1, 2])).toThrow(StatsInputError);
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(StatsInputError);
    expect(() => pearsonCorrelation([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(/x is constant/);
    expect(() => pearsonCorrelation([1, 2, 3, 4], [5, 5, 5, 5])).toThrow(/y is constant/);
    expect(() => pearsonCorrelation([1, 2, null, null], [1, 2, 3, 4])).toThrow(StatsInputError);
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2, Infinity])).toThrow(StatsInputError);
    expect(() => pearsonCorrelation(x, y, { level: 0 })).toThrow(StatsInputError);
  });
});
