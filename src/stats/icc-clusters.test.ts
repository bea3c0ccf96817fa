import { describe, expect, it } from 'vitest';
import { iccClusters } from './icc-clusters.js';
import { StatsInputError } from './types.js';

describe('iccClusters', () => {
  it('equal cluster sizes reproduce ICC(1,1) of Shrout & Fleiss (1979) Table 2 (psych::ICC ICC1 = 0.1657418, F = 1.794678, p = 0.1647688)', () => {
    const sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];
    const values = sf.flat();
    const clusters = sf.flatMap((r, i) => r.map(() => `t${i}`));
    const res = iccClusters(values, clusters);
    expect(Math.abs(res.icc - 0.1657418)).toBeLessThan(1e-6);
    expect(Math.abs(res.F - 1.794678)).toBeLessThan(1e-6);
    expect(Math.abs(res.p - 0.1647688)).toBeLessThan(1e-6);
    expect([res.df1, res.df2]).toEqual([5, 18]);
    expect(res.n0).toBe(4);
    // psych::ICC prints the ICC1 bounds as -0.133 and 0.72 for these data (dwoll/RExRepos interRaterICC.md).
    expect(Math.abs(res.ci.lower - -0.133)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(res.ci.upper - 0.72)).toBeLessThanOrEqual(0.005);
  });

  it('unequal cluster sizes: hand calculation', () => {
    // Clusters A = {1, 2, 3} (mean 2), B = {4, 6} (mean 5), C = {5, 6, 7, 8} (mean 6.5); N = 9, ȳ = 42/9 = 14/3.
    // SSB = 3(2 − 14/3)² + 2(5 − 14/3)² + 4(6.5 − 14/3)² = 64/3 + 2/9 + 121/9 = 35; MSB = 17.5.
    // SSW = 2 + 2 + 5 = 9; MSW = 9/6 = 1.5. n₀ = (9 − 29/9)/2 = 26/9.
    // ICC = (17.5 − 1.5)/(17.5 + (26/9 − 1)·1.5) = 16/(17.5 + 17/6) = 96/122 = 48/61.
    const values = [1, 2, 3, 4, 6, 5, 6, 7, 8];
    const clusters = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C'];
    const res = iccClusters(values, clusters);
    expect(res.msb).toBeCloseTo(17.5, 12);
    expect(res.msw).toBeCloseTo(1.5, 12);
    expect(res.n0).toBeCloseTo(26 / 9, 12);
    expect(res.icc).toBeCloseTo(48 / 61, 12);
    expect(res.F).toBeCloseTo(17.5 / 1.5, 12);
    expect([res.df1, res.df2, res.clusters, res.n]).toEqual([2, 6, 3, 9]);
    expect(res.p).toBeGreaterThan(0);
    expect(res.p).toBeLessThan(1);
    expect(res.ci.lower).toBeLessThan(res.icc);
    expect(res.ci.upper).toBeGreaterThan(res.icc);
    expect(res.ci.upper).toBeLessThanOrEqual(1);
  });

  it('is invariant to the order of the observations', () => {
    const values = [1, 2, 3, 4, 6, 5, 6, 7, 8];
    const clusters = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C'];
    const perm = [8, 3, 0, 5, 1, 7, 4, 2, 6];
    const a = iccClusters(values, clusters);
    const b = iccClusters(perm.map((i) => values[i]), perm.map((i) => clusters[i]));
    expect(b.icc).toBeCloseTo(a.icc, 12);
    expect(b.ci.lower).toBeCloseTo(a.ci.lower, 12);
  });

  it('degenerate input throws StatsInputError', () => {
    expect(() => iccClusters([1, 2, 3], ['a', 'a', 'a'])).toThrow(/at least 2 clusters/);
    expect(() => iccClusters([1, 2], ['a', 'b'])).toThrow(StatsInputError);
    expect(() => iccClusters([1, 1, 2, 2], ['a', 'a', 'b', 'b'])).toThrow(/within clusters/);
    expect(() => iccClusters([1, 2, 3], ['a', 'b'])).toThrow(StatsInputError);
    expect(() => iccClusters([1, NaN, 3, 4], ['a', 'a', 'b', 'b'])).toThrow(StatsInputError);
  });
});
