import { describe, expect, it } from 'vitest';
import { ols } from './ols.js';
import { StatsInputError } from './types.js';

// Own copy of reference case ols-longley-nist (NIST StRD Longley, certified values).
const longleyRows = [
  [60323, 83, 234289, 2356, 1590, 107608, 1947], [61122, 88.5, 259426, 2325, 1456, 108632, 1948],
  [60171, 88.2, 258054, 3682, 1616, 109773, 1949], [61187, 89.5, 284599, 3351, 1650, 110929, 1950],
  [63221, 96.2, 328975, 2099, 3099, 112075, 1951], [63639, 98.1, 346999, 1932, 3594, 113270, 1952],
  [64989, 99, 365385, 1870, 3547, 115094, 1953], [63761, 100, 363112, 3578, 3350, 116219, 1954],
  [66019, 101.2, 397469, 2904, 3048, 117388, 1955], [67857, 104.6, 419180, 2822, 2857, 118734, 1956],
  [68169, 108.4, 442769, 2936, 2798, 120445, 1957], [66513, 110.8, 444546, 4681, 2637, 121950, 1958],
  [68655, 112.6, 482704, 3813, 2552, 123366, 1959], [69564, 114.2, 502601, 3931, 2514, 125368, 1960],
  [69331, 115.7, 518173, 4806, 2572, 127852, 1961], [70551, 116.9, 554894, 4007, 2827, 130081, 1962],
];
const longleyNames = ['GNPDEFL', 'GNP', 'UNEMP', 'ARMED', 'POP', 'YEAR'];
const certCoef: Record<string, number> = {
  GNPDEFL: 15.0618722713733, GNP: -0.035819179292591, UNEMP: -2.02022980381683, ARMED: -1.03322686717359,
  POP: -0.0511041056535807, YEAR: 1829.15146461355, '(Intercept)': -3482258.63459582,
};
const certSe: Record<string, number> = {
  GNPDEFL: 84.9149257747669, GNP: 0.0334910077722432, UNEMP: 0.488399681651699, ARMED: 0.214274163161675,
  POP: 0.22607320006937, YEAR: 455.478499142212, '(Intercept)': 890420.383607373,
};
const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe('ols', () => {
  it('ols-longley-nist: NIST StRD Longley certified values (relative tolerance 1e-7)', () => {
    const y = longleyRows.map((r) => r[0]);
    const X = longleyRows.map((r) => r.slice(1));
    const res = ols(y, X, { names: longleyNames });
    expect(res.coefficients.map((c) => c.name)).toEqual(['(Intercept)', ...longleyNames]);
    for (const c of res.coefficients) {
      expect(rel(c.estimate, certCoef[c.name])).toBeLessThan(1e-7);
      expect(rel(c.se, certSe[c.name])).toBeLessThan(1e-7);
    }
    expect(rel(res.rSquared, 0.995479004577296)).toBeLessThan(1e-7);
    expect(rel(res.adjRSquared, 0.99246501)).toBeLessThan(1e-7);
    expect(rel(res.F, 330.285339234588)).toBeLessThan(1e-7);
    expect(rel(res.residualSe, 304.854073561965)).toBeLessThan(1e-7);
    expect(res.df1).toBe(6);
    expect(res.df2).toBe(9);
    expect(res.n).toBe(16);
    expect(res.k).toBe(7);
    for (const c of res.coefficients) {
      expect(c.p).toBeGreaterThanOrEqual(0);
      expect(c.p).toBeLessThanOrEqual(1);
      expect(c.ci.lower).toBeLessThan(c.estimate);
      expect(c.ci.upper).toBeGreaterThan(c.estimate);
    }
  });

  it('Longley stacked 100 times (7 row blocks): same certified β, SE × √(9/1593) (exact identity)', () => {
    // Repeating every row r times leaves β unchanged, multiplies XᵀX and SSE by r, so
    // SE_rep = √(r·SSE/(rn − k) · (XᵀX)⁻¹/r) = SE · √((n − k)/(rn − k)) = SE · √(9/1593).
    const rows: number[][] = [];
    for (let t = 0; t < 100; t++) rows.push(...longleyRows);
    const res = ols(rows.map((r) => r[0]), rows.map((r) => r.slice(1)), { names: longleyNames });
    for (const c of res.coefficients) {
      expect(rel(c.estimate, certCoef[c.name])).toBeLessThan(1e-9);
      expect(rel(c.se, certSe[c.name] * Math.sqrt(9 / 1593))).toBeLessThan(1e-9);
    }
    expect(rel(res.rSquared, 0.995479004577296)).toBeLessThan(1e-9);
  });

  it('simple regression matches the closed-form slope, intercept and SE (hand derivation)', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6 → b = 0.6, a = 2.2.
    // Fitted 2.8, 3.4, 4.0, 4.6, 5.2; residuals −0.8, 0.6, 1, −0.6, −0.2; SSE = 2.4; σ̂² = 0.8.
    // SE(b) = √(0.8/10); SE(a) = √(0.8(1/5 + 9/10)); TSS = 6, R² = 1 − 2.4/6 = 0.6; F = 3.6/0.8 = 4.5.
    const res = ols([2, 4, 5, 4, 5], [[1], [2], [3], [4], [5]]);
    expect(res.coefficients[0].estimate).toBeCloseTo(2.2, 12);
    expect(res.coefficients[1].estimate).toBeCloseTo(0.6, 12);
    expect(res.coefficients[1].se).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(res.coefficients[0].se).toBeCloseTo(Math.sqrt(0.8 * 1.1), 12);
    expect(res.rSquared).toBeCloseTo(0.6, 12);
    expect(res.F).toBeCloseTo(4.5, 10);
    expect(res.sse).toBeCloseTo(2.4, 12);
    // t² = F for a single predictor, and both tests have the same p.
    expect(res.coefficients[1].t ** 2).toBeCloseTo(res.F, 10);
    expect(res.coefficients[1].p).toBeCloseTo(res.p, 10);
  });

  it('without intercept uses uncentred TSS (R summary.lm convention)', () => {
    // y = 2x exactly plus residuals: x = 1,2,3; y = 2,4,7 → b = Σxy/Σx² = (2+8+21)/14 = 31/14.
    const res = ols([2, 4, 7], [[1], [2], [3]], { intercept: false });
    expect(res.k).toBe(1);
    expect(res.coefficients[0].estimate).toBeCloseTo(31 / 14, 12);
    const sse = [2, 4, 7].reduce((s, yi, i) => s + (yi - (31 / 14) * (i + 1)) ** 2, 0);
    expect(res.rSquared).toBeCloseTo(1 - sse / (4 + 16 + 49), 12);
  });

  it('cluster-robust with one row per cluster equals HC1 (exact identity for CR1 with G = N)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [1.2, 1.9, 3.5, 3.7, 5.6, 5.9, 7.4, 8.8];
    const res = ols(y, x.map((v) => [v]), { clusters: x.map((_, i) => `c${i}`) });
    const n = x.length;
    const xbar = x.reduce((a, b) => a + b) / n;
    const sxx = x.reduce((s, v) => s + (v - xbar) ** 2, 0);
    const b = res.coefficients[1].estimate;
    const a = res.coefficients[0].estimate;
    // HC0 slope variance = Σ(xᵢ − x̄)² uᵢ² / Sxx²; HC1 multiplies by n/(n − k).
    const hc0 = x.reduce((s, v, i) => s + (v - xbar) ** 2 * (y[i] - a - b * v) ** 2, 0) / sxx ** 2;
    const hc1 = (hc0 * n) / (n - 2);
    expect(res.clusterRobust!.coefficients[1].se).toBeCloseTo(Math.sqrt(hc1), 12);
    expect(res.clusterRobust!.df).toBe(n - 1);
    expect(res.clusterRobust!.clusters).toBe(n);
  });

  it('cluster-robust CR1 slope SE for simple regression equals √(c·Σ_g(Σ_{i∈g}(xᵢ − x̄)uᵢ)²)/Sxx (identity)', () => {
    // The slope row of (XᵀX)⁻¹Xᵀ is (xᵢ − x̄)/Sxx, so the sandwich for the slope reduces to this sum;
    // c = G/(G − 1)·(N − 1)/(N − K) (Stata CR1).
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [2.1, 2.9, 4.2, 4.1, 6.3, 5.8, 7.9, 8.4, 9.1, 10.6];
    const g = ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'd', 'd', 'd'];
    const res = ols(y, x.map((v) => [v]), { clusters: g });
    const n = x.length;
    const xbar = x.reduce((s2, v) => s2 + v, 0) / n;
    const sxx = x.reduce((s2, v) => s2 + (v - xbar) ** 2, 0);
    const a = res.coefficients[0].estimate;
    const b = res.coefficients[1].estimate;
    const sums = new Map<string, number>();
    x.forEach((v, i) => sums.set(g[i], (sums.get(g[i]) ?? 0) + (v - xbar) * (y[i] - a - b * v)));
    const G = sums.size;
    const cfac = (G / (G - 1)) * ((n - 1) / (n - 2));
    const meat = [...sums.values()].reduce((s2, v) => s2 + v * v, 0);
    const cr = res.clusterRobust!;
    expect(cr.coefficients[1].se).toBeCloseTo(Math.sqrt((cfac * meat) / sxx ** 2), 12);
    expect(cr.df).toBe(3);
    expect(cr.coefficients[1].estimate).toBe(b);
    expect(cr.coefficients[1].p).toBeGreaterThan(0);
    expect(cr.coefficients[1].p).toBeLessThan(1);
  });

  it('rank-deficient X names the offending column', () => {
    const X = [[1, 2, 5], [2, 4, 5], [3, 6, 5], [4, 8.0, 5], [5, 10, 5]];
    const y = [1, 3, 2, 5, 4];
    expect(() => ols(y, X.map((r) => [r[0], r[2]]), { names: ['a', 'const'] })).toThrow(/"const"/);
    expect(() => ols(y, X.map((r) => [r[0], r[1]]), { names: ['a', 'twiceA'] })).toThrow(/"twiceA"/);
    expect(() => ols(y, X.map((r) => [r[0], r[1]]))).toThrow(StatsInputError);
  });

  it('degenerate input throws StatsInputError', () => {
    expect(() => ols([1, 2], [[1], [2]])).toThrow(StatsInputError); // n ≤ k
    expect(() => ols([1, 1, 1, 1], [[1], [2], [3], [4]])).toThrow(/constant/);
    expect(() => ols([1, 2, 3], [[1], [2]])).toThrow(StatsInputError);
    expect(() => ols([1, 2, 3, 4], [[1], [2], [NaN], [4]])).toThrow(StatsInputError);
    expect(() => ols([1, 2, 3, 4], [[1], [2], [3], [4]], { clusters: ['a', 'a', 'a', 'a'] })).toThrow(/2 clusters/);
  });

  it('fits 50,000 × 10 through the blocked QR (the 1,000,000-row budget is in bench/)', () => {
    const n = 50_000;
    const p = 10;
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const X: number[][] = new Array(n);
    const y: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(p);
      let s = 1;
      for (let j = 0; j < p; j++) {
        row[j] = rnd();
        s += (j + 1) * row[j];
      }
      X[i] = row;
      y[i] = s + (rnd() - 0.5);
    }
    // The 1,000,000 × 10 time budget is measured in bench/stats-bench.mjs, not here.
    const res = ols(y, X);
    for (let j = 0; j < p; j++) expect(res.coefficients[j + 1].estimate).toBeCloseTo(j + 1, 1);
  }, 30000);
});
