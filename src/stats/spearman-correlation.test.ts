import { describe, expect, it } from 'vitest';
import { pearsonCorrelation } from './pearson-correlation.js';
import { spearmanCorrelation } from './spearman-correlation.js';
import { StatsInputError } from './types.js';

// Hollander & Wolfe (1973, p. 187f) tuna data, the R ?cor.test example.
const x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
const y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];

describe('spearmanCorrelation', () => {
  it("R cor.test(x, y, method='spearman', alternative='g') tuna example: S = 48, p = 0.0484, rho = 0.6 (stats-Ex.Rout.save)", () => {
    const r = spearmanCorrelation(x, y, { alternative: 'greater' });
    expect(r.estimate).toBeCloseTo(0.6, 12);
    expect(r.statistic).toBeCloseTo(48, 9);
    expect(Math.abs(r.p - 0.0484)).toBeLessThan(5e-5);
    expect(r.method).toMatch(/exact/);
    expect(r.t).toBeUndefined();
    expect(r.n).toBe(9);
    // ranks: x → 3,6,1,8,4,2,7,5,9; y → 2,4,1,8,5,7,9,3,6; Σ d² = 48 and ρ = 1 − 6·48/(9·80) = 0.6
  });

  it('exact distribution for n = 3 (hand calculation)', () => {
    // the 6 permutations of (1,2,3) give S = 0, 2, 2, 6, 6, 8. x = 1,2,3, y = 1,3,2: S = 2, ρ = 0.5.
    const g = spearmanCorrelation([1, 2, 3], [1, 3, 2], { alternative: 'greater' });
    expect(g.statistic).toBeCloseTo(2, 12);
    expect(g.estimate).toBeCloseTo(0.5, 12);
    expect(g.p).toBeCloseTo(3 / 6, 12); // P(S ≤ 2)
    expect(spearmanCorrelation([1, 2, 3], [1, 3, 2], { alternative: 'less' }).p).toBeCloseTo(5 / 6, 12); // P(S ≥ 2)
    expect(spearmanCorrelation([1, 2, 3], [1, 3, 2]).p).toBeCloseTo(1, 12); // min(1, 2·3/6)
    // perfect agreement: P(S ≤ 0) = 1/6
    expect(spearmanCorrelation([1, 2, 3], [10, 20, 30], { alternative: 'greater' }).p).toBeCloseTo(1 / 6, 12);
  });

  it('t approximation equals the Pearson t test on the ranks (as R exact = FALSE)', () => {
    const r = spearmanCorrelation(x, y, { alternative: 'greater', exact: false });
    expect(r.method).toMatch(/asymptotic t approximation/);
    const onRanks = pearsonCorrelation([3, 6, 1, 8, 4, 2, 7, 5, 9], [2, 4, 1, 8, 5, 7, 9, 3, 6], { alternative: 'greater' });
    expect(r.t).toBeCloseTo(onRanks.statistic, 10);
    expect(r.df).toBe(7);
    expect(r.p).toBeCloseTo(onRanks.p, 12);
  });

  it('uses the t approximation with ties or n > 9', () => {
    const tied = spearmanCorrelation([1, 2, 2, 3, 4], [1, 3, 2, 5, 4]);
    expect(tied.method).toMatch(/ties present/);
    const big = spearmanCorrelation([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 1, 4, 3, 6, 5, 8, 7, 10, 9]);
    expect(big.method).toMatch(/asymptotic t approximation/);
    expect(big.p).toBeGreaterThan(0);
    expect(big.p).toBeLessThan(1);
  });

  it('mid-ranks for ties: ρ equals Pearson r of the mid-ranks', () => {
    // x = 1,2,2,3,4 → ranks 1, 2.5, 2.5, 4, 5
    const r = spearmanCorrelation([1, 2, 2, 3, 4], [1, 3, 2, 5, 4]);
    expect(r.estimate).toBeCloseTo(pearsonCorrelation([1, 2.5, 2.5, 4, 5], [1, 3, 2, 5, 4]).estimate, 12);
  });

  it('is antisymmetric in the sign of y and two-sided p is symmetric', () => {
    const a = spearmanCorrelation(x, y);
    const b = spearmanCorrelation(x, y.map((v) => -v));
    expect(b.estimate).toBeCloseTo(-a.estimate, 12);
    expect(b.p).toBeCloseTo(a.p, 12);
    expect(a.p).toBeGreaterThanOrEqual(0);
    expect(a.p).toBeLessThanOrEqual(1);
  });

  it('rejects degenerate input', () => {
    expect(() => spearmanCorrelation([1, 2], [1, 2])).toThrow(StatsInputError);
    expect(() => spearmanCorrelation([1, 2, 3], [1, 2])).toThrow(StatsInputError);
    expect(() => spearmanCorrelation([2, 2, 2], [1, 2, 3])).toThrow(/x is constant/);
    expect(() => spearmanCorrelation([1, 2, 3], [4, 4, 4])).toThrow(/y is constant/);
    expect(() => spearmanCorrelation([1, null, 3, 4], [1, 2, null, 4])).toThrow(StatsInputError);
  });
});
