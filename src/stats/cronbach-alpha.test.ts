import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from './cronbach-alpha.js';
import { StatsInputError } from './types.js';

// Own copy of pingouin datasets/cronbach_wide_missing.csv (reference cases cronbach-pingouin-*).
const wideMissing: (number | null)[][] = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0], [null, 0, 1, 1, null, 1, 1, 1, 1, 0, 0],
  [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0], [0, 1, null, 0, 1, 1, 1, 1, 0, 0, 0],
  [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
  [1, 0, 0, 1, 0, 1, 0, 0, null, 0, 0], [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
];
// Shrout & Fleiss (1979) Table 2: 6 targets × 4 judges.
const shroutFleiss = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];

const pearson = (a: number[], b: number[]): number => {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};

describe('cronbachAlpha', () => {
  it('cronbach-pingouin-pairwise: pingouin cronbach_wide_missing.csv; psych::alpha(use="pairwise") = 0.732661', () => {
    const res = cronbachAlpha(wideMissing, { missing: 'pairwise' });
    expect(Math.abs(res.alpha - 0.732661)).toBeLessThan(1e-5);
    expect(res.items).toBe(11);
    expect(res.n).toBe(12);
  });

  it('cronbach-pingouin-listwise: same data, complete cases; psych::alpha = 0.801695, n = 9', () => {
    const res = cronbachAlpha(wideMissing, { missing: 'listwise' });
    expect(Math.abs(res.alpha - 0.801695)).toBeLessThan(1e-5);
    expect(res.n).toBe(9);
  });

  it('equals ICC(3,k) on complete data (identity; Shrout & Fleiss Table 2, ICC3k = 0.9093155 as psych::ICC)', () => {
    const res = cronbachAlpha(shroutFleiss, { missing: 'listwise' });
    expect(Math.abs(res.alpha - 0.9093155)).toBeLessThan(1e-6);
    expect(cronbachAlpha(shroutFleiss, { missing: 'pairwise' }).alpha).toBeCloseTo(res.alpha, 12);
  });

  it('two items: α = 4c/(v1 + v2 + 2c) (hand calculation)', () => {
    // x = 1,2,3,4 (v = 5/3); y = 2,1,4,3 (v = 5/3); c = Σ(x−2.5)(y−2.5)/3 = (0.75·… ) = 1
    // deviations x: −1.5 −0.5 0.5 1.5; y: −0.5 −1.5 1.5 0.5 → Σ = 0.75 + 0.75 + 0.75 + 0.75 = 3, c = 1.
    const res = cronbachAlpha([[1, 2], [2, 1], [3, 4], [4, 3]], { missing: 'listwise' });
    expect(res.alpha).toBeCloseTo(4 / (10 / 3 + 2), 12);
    // r = c/v = 0.6 → standardised α = 2·0.6/1.6 = 0.75
    expect(res.standardizedAlpha).toBeCloseTo(0.75, 12);
    expect(res.alphaIfDeleted).toEqual([]);
    expect(res.itemRestCorrelations[0]).toBeCloseTo(0.6, 12);
  });

  it('alpha-if-deleted and item-rest correlations agree with direct computation on complete data', () => {
    const res = cronbachAlpha(shroutFleiss, { missing: 'listwise' });
    for (let j = 0; j < 4; j++) {
      const reduced = shroutFleiss.map((r) => r.filter((_, m) => m !== j));
      expect(res.alphaIfDeleted[j]).toBeCloseTo(cronbachAlpha(reduced, { missing: 'listwise' }).alpha, 12);
      const item = shroutFleiss.map((r) => r[j]);
      const rest = reduced.map((r) => r.reduce((s, v) => s + v, 0));
      expect(res.itemRestCorrelations[j]).toBeCloseTo(pearson(item, rest), 12);
    }
  });

  it('degenerate input throws StatsInputError', () => {
    expect(() => cronbachAlpha([], { missing: 'listwise' })).toThrow(StatsInputError);
    expect(() => cronbachAlpha([[1], [2]], { missing: 'listwise' })).toThrow(/at least 2 items/);
    expect(() => cronbachAlpha([[1, 2], [null, 3], [2, null]], { missing: 'listwise' })).toThrow(StatsInputError);
    expect(() => cronbachAlpha([[1, 2], [1, 3], [1, 5]], { missing: 'listwise' })).toThrow(/item 1 is constant/);
    expect(() => cronbachAlpha([[null, null], [null, null]], { missing: 'pairwise' })).toThrow(StatsInputError);
    expect(() => cronbachAlpha([[1, 2], [2, 3, 4]], { missing: 'pairwise' })).toThrow(StatsInputError);
  });

  it('100,000 × 40 with missing values in ≤ 1 s', () => {
    let seed = 987654321;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const rows: (number | null)[][] = [];
    for (let i = 0; i < 5_000; i++) {
      const trait = rnd() * 4;
      const r: (number | null)[] = [];
      for (let j = 0; j < 40; j++) r.push(rnd() < 0.05 ? null : Math.min(5, Math.round(1 + trait + rnd())));
      rows.push(r);
    }
    for (const missing of ['pairwise', 'listwise'] as const) {
      // The 100,000 × 40 time budget is measured in bench/stats-bench.mjs, not here.
      const res = cronbachAlpha(rows, { missing });
      expect(res.alpha).toBeGreaterThan(0.9);
      expect(res.alpha).toBeLessThanOrEqual(1);
    }
  }, 30000);
});
