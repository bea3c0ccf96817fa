import { describe, expect, it } from 'vitest';
import { normalSf } from './distributions.js';
import { mannWhitney } from './mann-whitney.js';
import { StatsInputError } from './types.js';

// Hollander & Wolfe (1973), p. 69: the ?wilcox.test two-sample example.
const HW_X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const HW_Y = [1.15, 0.88, 0.9, 0.74, 1.21];

describe('mannWhitney', () => {
  it("mannwhitney-hollander-wolfe-exact — R wilcox.test(x, y, alternative='g') Hollander & Wolfe example; W = U of x", () => {
    const r = mannWhitney(HW_X, HW_Y, { alternative: 'greater', method: 'exact' });
    expect(r.statistic).toBe(35);
    expect(Math.abs(r.p - 0.1272)).toBeLessThan(1e-4);
    expect(r.pMethod).toBe('exact');
    expect(r.z).toBeNull();
  });

  it('mannwhitney-hollander-wolfe-normal — same with exact=FALSE, correct=FALSE', () => {
    const r = mannWhitney(HW_X, HW_Y, { alternative: 'greater', method: 'normal', continuity: false });
    expect(r.statistic).toBe(35);
    expect(Math.abs(r.p - 0.1103)).toBeLessThan(1e-4);
    expect(r.pMethod).toBe('normal');
    expect(r.method).not.toMatch(/continuity/);
  });

  it('mannwhitney-two-sided-exact — same data, two-sided exact; rank-biserial 2U/(n1 n2) - 1', () => {
    const r = mannWhitney(HW_X, HW_Y, { alternative: 'two-sided', method: 'exact' });
    expect(Math.abs(r.p - 0.2544123)).toBeLessThan(1e-6);
    expect(Math.abs(r.rankBiserial - 0.4)).toBeLessThan(1e-6);
  });

  it("'auto' picks exact for small samples without ties (same p as the reference case)", () => {
    const r = mannWhitney(HW_X, HW_Y, { alternative: 'greater' });
    expect(r.pMethod).toBe('exact');
    expect(Math.abs(r.p - 0.1272)).toBeLessThan(1e-4);
  });

  it('normal approximation with continuity correction (hand formula): z = (W − n₁n₂/2 − ½)/σ, σ² = n₁n₂(N+1)/12', () => {
    // W = 35, n₁n₂/2 = 25, σ² = 50·16/12 = 200/3 (no ties).
    const r = mannWhitney(HW_X, HW_Y, { method: 'normal' });
    expect(r.z).toBeCloseTo(9.5 / Math.sqrt(200 / 3), 12);
    expect(r.p).toBeCloseTo(2 * normalSf(9.5 / Math.sqrt(200 / 3)), 12);
    expect(r.method).toMatch(/continuity/);
  });

  it('exact p by enumeration: x = {1, 2}, y = {3, 4} gives W = 0, P(W ≤ 0) = 1/C(4,2) = 1/6', () => {
    const less = mannWhitney([1, 2], [3, 4], { alternative: 'less' });
    expect(less.statistic).toBe(0);
    expect(less.p).toBeCloseTo(1 / 6, 14);
    expect(mannWhitney([1, 2], [3, 4]).p).toBeCloseTo(1 / 3, 14);
    expect(mannWhitney([1, 2], [3, 4], { alternative: 'greater' }).p).toBeCloseTo(1, 14);
    expect(less.rankBiserial).toBe(-1);
  });

  it('exact p by enumeration: n₁ = n₂ = 3; W counts partitions into ≤ 3 parts ≤ 3: counts 1,1,2,3,3,3,3,2,1,1 (of 20)', () => {
    // x = {1, 2, 5}, y = {3, 4, 6}: pairs x > y: 5 > 3, 5 > 4 → W = 2; P(W ≤ 2) = (1 + 1 + 2)/20.
    const r = mannWhitney([1, 2, 5], [3, 4, 6], { alternative: 'less' });
    expect(r.statistic).toBe(2);
    expect(r.p).toBeCloseTo(4 / 20, 14);
    const g = mannWhitney([1, 2, 5], [3, 4, 6], { alternative: 'greater' });
    expect(g.p).toBeCloseTo(18 / 20, 14); // P(W ≥ 2) = 1 − 2/20
  });

  it('exact p agrees with brute-force enumeration of all C(11, 5) = 462 splits (n₁ = 5, n₂ = 6)', () => {
    // Every 5-subset of ranks 1..11 is equally likely to be x's; W = Σ ranks − 15.
    const counts = new Array<number>(31).fill(0);
    const walk = (start: number, left: number, sum: number): void => {
      if (left === 0) {
        counts[sum - 15]++;
        return;
      }
      for (let r = start; r <= 11; r++) walk(r + 1, left - 1, sum + r);
    };
    walk(1, 5, 0);
    const ys = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    for (const xRanks of [[1, 2, 3, 4, 5], [1, 3, 6, 9, 11], [2, 5, 7, 10, 11], [7, 8, 9, 10, 11], [3, 4, 6, 8, 9]]) {
      const x = xRanks;
      const y = ys.filter((v) => !xRanks.includes(v));
      const w = xRanks.reduce((a, b) => a + b, 0) - 15;
      const le = counts.slice(0, w + 1).reduce((a, b) => a + b, 0) / 462;
      const ge = counts.slice(w).reduce((a, b) => a + b, 0) / 462;
      expect(mannWhitney(x, y, { alternative: 'less' }).p).toBeCloseTo(le, 13);
      expect(mannWhitney(x, y, { alternative: 'greater' }).p).toBeCloseTo(ge, 13);
      expect(mannWhitney(x, y).p).toBeCloseTo(Math.min(1, 2 * (w > 15 ? ge : le)), 13);
    }
  });

  it('refuses an exact distribution whose counts would overflow a double', () => {
    const x = Array.from({ length: 600 }, (_, i) => 2 * i);
    const y = Array.from({ length: 600 }, (_, i) => 2 * i + 1);
    expect(() => mannWhitney(x, y, { method: 'exact' })).toThrow(StatsInputError);
    expect(mannWhitney(x, y).pMethod).toBe('normal');
  });

  it('exact distribution stays a distribution for larger samples (n₁ = n₂ = 49, forced exact)', () => {
    const x = Array.from({ length: 49 }, (_, i) => 2 * i);
    const y = Array.from({ length: 49 }, (_, i) => 2 * i + 1);
    const less = mannWhitney(x, y, { alternative: 'less', method: 'exact' });
    const greater = mannWhitney(x, y, { alternative: 'greater', method: 'exact' });
    // P(W ≤ w) + P(W ≥ w) = 1 + P(W = w) ∈ (1, 2)
    expect(less.p + greater.p).toBeGreaterThan(1);
    expect(less.p + greater.p).toBeLessThan(1.1);
    // and the exact p is close to the normal approximation with continuity correction
    const normal = mannWhitney(x, y, { alternative: 'less', method: 'normal' });
    expect(Math.abs(less.p - normal.p)).toBeLessThan(0.01);
  });

  it('ties force the normal approximation with tie correction (hand calculation)', () => {
    // x = {1, 2, 2}, y = {2, 3, 3}: pooled mid-ranks 1 | 3 3 3 | 5.5 5.5; R₁ = 1 + 3 + 3 = 7, W = 7 − 6 = 1.
    // Tie groups of size 3 and 2: Σ(t³ − t) = 24 + 6 = 30; σ² = 9/12 · (7 − 30/30) = 4.5.
    const r = mannWhitney([1, 2, 2], [2, 3, 3], { method: 'exact', continuity: false });
    expect(r.statistic).toBe(1);
    expect(r.ties).toBe(true);
    expect(r.pMethod).toBe('normal');
    expect(r.method).toMatch(/not available with ties/);
    expect(r.z).toBeCloseTo((1 - 4.5) / Math.sqrt(4.5), 12);
    const auto = mannWhitney([1, 2, 2], [2, 3, 3]);
    expect(auto.pMethod).toBe('normal');
    expect(auto.z).toBeCloseTo((1 - 4.5 + 0.5) / Math.sqrt(4.5), 12);
  });

  it('symmetry: swapping x and y gives W′ = n₁n₂ − W, the same two-sided p, and r′ = −r', () => {
    const a = mannWhitney(HW_X, HW_Y);
    const b = mannWhitney(HW_Y, HW_X);
    expect(b.statistic).toBe(50 - 35);
    expect(b.p).toBeCloseTo(a.p, 12);
    expect(b.rankBiserial).toBeCloseTo(-a.rankBiserial, 12);
    expect(a.p).toBeGreaterThanOrEqual(0);
    expect(a.p).toBeLessThanOrEqual(1);
  });

  it('drops missing values and counts them', () => {
    const r = mannWhitney([...HW_X, null], [Number.NaN, ...HW_Y], { alternative: 'greater' });
    expect(r.n).toEqual([10, 5]);
    expect(r.nMissing).toEqual([1, 1]);
    expect(r.statistic).toBe(35);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => mannWhitney([1], [2, 3])).toThrow(StatsInputError);
    expect(() => mannWhitney([1, null], [2, 3])).toThrow(StatsInputError);
    expect(() => mannWhitney([2, 2], [2, 2, 2])).toThrow(StatsInputError);
    expect(() => mannWhitney([1, Infinity], [2, 3])).toThrow(StatsInputError);
  });
});
