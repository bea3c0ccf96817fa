import { describe, expect, it } from 'vitest';
import { normalSf } from './distributions.js';
import { StatsInputError } from './types.js';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

// Hollander & Wolfe (1973), p. 29f: Hamilton depression scale, first (x) and second (y) visit;
// the paired example on R's ?wilcox.test page.
const HW_X = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const HW_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

describe('wilcoxonSignedRank', () => {
  it('R ?wilcox.test paired example (Hollander & Wolfe): V = 40, p = 0.01953 (greater)', () => {
    // By hand: the |d| rank 8, 3, 9, 4, 7, 6, 5, 2, 1; the seven positive d sum to V = 40.
    // P(V ≥ 40) = P(V ≤ 5) = #{subsets of 1..9 with sum ≤ 5}/2⁹ = (1+1+1+2+2+3)/512 = 10/512.
    const r = wilcoxonSignedRank(HW_X, HW_Y, { alternative: 'greater' });
    expect(r.statistic).toBe(40);
    expect(r.p).toBeCloseTo(10 / 512, 14);
    expect(r.p).toBeCloseTo(0.01953, 5);
    expect(r.pMethod).toBe('exact');
    expect(r.n).toBe(9);
  });

  it('two-sided and less by enumeration: 2·10/512 and P(V ≤ 40) = 1 − 7/512', () => {
    // Subsets of 1..9 with sum ≤ 4: {}, {1}, {2}, {3}, {1,2}, {4}, {1,3}: 7 of them.
    // P(V ≤ 40) = 1 − P(V ≥ 41) = 1 − P(V ≤ 4) = 1 − 7/512 (V and 45 − V have the same law).
    expect(wilcoxonSignedRank(HW_X, HW_Y).p).toBeCloseTo(20 / 512, 14);
    expect(wilcoxonSignedRank(HW_X, HW_Y, { alternative: 'less' }).p).toBeCloseTo(1 - 7 / 512, 14);
  });

  it('R ?wilcox.test: wilcox.test(y - x, alternative = "less", exact = FALSE, correct = FALSE) gives V = 5, p = 0.01908', () => {
    const d = HW_Y.map((v, i) => v - HW_X[i]);
    const r = wilcoxonSignedRank(d, null, { alternative: 'less', method: 'normal', continuity: false });
    expect(r.statistic).toBe(5);
    expect(r.p).toBeCloseTo(0.01908, 5);
    expect(r.pMethod).toBe('normal');
    // one-sample form on y − x is the same exact test as paired x, y with the other tail
    const exact = wilcoxonSignedRank(d, null, { alternative: 'less' });
    expect(exact.p).toBeCloseTo(10 / 512, 14);
  });

  it('exact p agrees with brute-force enumeration of all 2⁸ sign patterns (n = 8)', () => {
    const counts = new Array<number>(37).fill(0);
    for (let mask = 0; mask < 256; mask++) {
      let v = 0;
      for (let k = 1; k <= 8; k++) if (mask & (1 << (k - 1))) v += k;
      counts[v]++;
    }
    for (const signs of [[1, 1, 1, 1, 1, 1, 1, 1], [-1, 1, -1, 1, -1, 1, -1, 1], [1, 1, -1, -1, 1, -1, -1, -1], [-1, -1, -1, 1, -1, -1, -1, -1]]) {
      const d = signs.map((s, i) => s * (i + 1));
      const v = d.filter((x) => x > 0).reduce((a, b) => a + b, 0);
      const le = counts.slice(0, v + 1).reduce((a, b) => a + b, 0) / 256;
      const ge = counts.slice(v).reduce((a, b) => a + b, 0) / 256;
      expect(wilcoxonSignedRank(d, null, { alternative: 'less' }).p).toBeCloseTo(le, 14);
      expect(wilcoxonSignedRank(d, null, { alternative: 'greater' }).p).toBeCloseTo(ge, 14);
      expect(wilcoxonSignedRank(d, null).p).toBeCloseTo(Math.min(1, 2 * (v > 18 ? ge : le)), 14);
    }
  });

  it('matched-pairs rank-biserial r = 4V/(n(n+1)) − 1 (hand: 160/90 − 1 = 7/9)', () => {
    expect(wilcoxonSignedRank(HW_X, HW_Y).rankBiserial).toBeCloseTo(7 / 9, 14);
  });

  it('zeros are dropped, counted, and force the normal approximation (as R)', () => {
    // d = 1, 2, 3, 0, −4 after dropping the zero: ranks 1, 2, 3, 4 → V = 6, n = 4.
    // σ² = 4·5·9/24 = 7.5; mean 5; continuity two-sided: z = (6 − 5 − 0.5)/√7.5.
    const r = wilcoxonSignedRank([1, 2, 3, 0, -4], null);
    expect(r.nZeros).toBe(1);
    expect(r.n).toBe(4);
    expect(r.statistic).toBe(6);
    expect(r.pMethod).toBe('normal');
    expect(r.method).toMatch(/zero/);
    expect(r.z).toBeCloseTo(0.5 / Math.sqrt(7.5), 12);
    expect(r.p).toBeCloseTo(2 * normalSf(0.5 / Math.sqrt(7.5)), 12);
  });

  it('tie correction (hand): |d| = 1, 1, 2, 3 → ranks 1.5, 1.5, 3, 4; σ² = 4·5·9/24 − (8 − 2)/48', () => {
    const r = wilcoxonSignedRank([1, -1, 2, 3], null, { continuity: false });
    expect(r.statistic).toBe(1.5 + 3 + 4);
    expect(r.ties).toBe(true);
    expect(r.pMethod).toBe('normal');
    expect(r.z).toBeCloseTo((8.5 - 5) / Math.sqrt(7.5 - 6 / 48), 12);
  });

  it('mu shifts the differences (one-sample test of location)', () => {
    const a = wilcoxonSignedRank([11, 12, 13.5, 9.2, 14], null, { mu: 10 });
    const b = wilcoxonSignedRank([1, 2, 3.5, -0.8, 4], null);
    expect(a.statistic).toBe(b.statistic);
    expect(a.p).toBeCloseTo(b.p, 12);
  });

  it('drops pairs with a missing value and counts them', () => {
    const r = wilcoxonSignedRank([...HW_X, null, 1], [...HW_Y, 2, Number.NaN], { alternative: 'greater' });
    expect(r.nDropped).toBe(2);
    expect(r.statistic).toBe(40);
  });

  it('symmetry: swapping x and y gives V′ = n(n+1)/2 − V and the same two-sided p', () => {
    const a = wilcoxonSignedRank(HW_X, HW_Y);
    const b = wilcoxonSignedRank(HW_Y, HW_X);
    expect(b.statistic).toBe(45 - 40);
    expect(b.p).toBeCloseTo(a.p, 14);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(StatsInputError);
    expect(() => wilcoxonSignedRank([1, 2, 3], [1, 2, 4])).toThrow(StatsInputError); // one non-zero difference
    expect(() => wilcoxonSignedRank([null, 1], null)).toThrow(StatsInputError);
    expect(() => wilcoxonSignedRank([1, Infinity, 3], null)).toThrow(StatsInputError);
    const big = Array.from({ length: 1001 }, (_, i) => (i + 1) * (i % 2 ? 1 : -1));
    expect(() => wilcoxonSignedRank(big, null, { method: 'exact' })).toThrow(StatsInputError);
    expect(wilcoxonSignedRank(big, null).pMethod).toBe('normal');
  });
});
