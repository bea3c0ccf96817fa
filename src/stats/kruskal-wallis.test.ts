import { describe, expect, it } from 'vitest';
import { kruskalWallis } from './kruskal-wallis.js';
import { mannWhitney } from './mann-whitney.js';
import { StatsInputError } from './types.js';

describe('kruskalWallis', () => {
  it('R ?kruskal.test (Hollander & Wolfe 1973, p. 116): chi-squared = 0.77143, df = 2, p = 0.68', () => {
    const x = [2.9, 3.0, 2.5, 2.6, 3.2]; // normal subjects
    const y = [3.8, 2.7, 4.0, 2.4]; // obstructive airway disease
    const z = [2.8, 3.4, 3.7, 2.2, 2.0]; // asbestosis
    const r = kruskalWallis([x, y, z]);
    expect(r.statistic).toBeCloseTo(0.77143, 5);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(0.68, 2);
    expect(r.ties).toBe(false);
    // Hand: pooled ranks x = 4, 5, 8, 9, 10; y = 3, 6, 13, 14; z = 1, 2, 7, 11, 12 → rank sums 36, 36, 33
    // (n = 14): H = 12/(14·15)·(36²/5 + 36²/4 + 33²/5) − 3·15 = 801·12/210 − 45 = 0.771428…
    expect(r.statistic).toBeCloseTo((12 / 210) * (1296 / 5 + 1296 / 4 + 1089 / 5) - 45, 12);
    expect(r.meanRanks).toEqual([36 / 5, 9, 33 / 5]);
    expect(r.epsilonSquared).toBeCloseTo(r.statistic / 13, 12);
  });

  it('R kruskal.test(weight ~ group, PlantGrowth), with a tie: chi-squared = 7.9882, df = 2, p = 0.01842', () => {
    const ctrl = [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14];
    const trt1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69];
    const trt2 = [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26];
    const r = kruskalWallis([ctrl, trt1, trt2]);
    expect(r.statistic).toBeCloseTo(7.9882, 4);
    expect(r.p).toBeCloseTo(0.01842, 5);
    expect(r.ties).toBe(true);
    expect(r.method).toMatch(/tie/);
  });

  it('with two groups H equals z² of the rank-sum normal approximation without continuity correction (ties included)', () => {
    const a = [1, 2, 2, 5, 7];
    const b = [2, 3, 3, 8, 9, 10];
    const h = kruskalWallis([a, b]);
    const m = mannWhitney(a, b, { method: 'normal', continuity: false });
    expect(h.statistic).toBeCloseTo((m.z as number) ** 2, 10);
    expect(h.p).toBeCloseTo(m.p, 10);
  });

  it('is invariant to group order', () => {
    const g = [[1, 4, 6], [2, 3, 9, 11], [5, 7, 8]];
    expect(kruskalWallis([g[2], g[0], g[1]]).statistic).toBeCloseTo(kruskalWallis(g).statistic, 12);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => kruskalWallis([[1, 2, 3]])).toThrow(StatsInputError);
    expect(() => kruskalWallis([[1, 2, 3], [4]])).toThrow(StatsInputError);
    expect(() => kruskalWallis([[2, 2], [2, 2, 2]])).toThrow(StatsInputError);
    expect(() => kruskalWallis([[1, 2], [3, null]])).toThrow(StatsInputError);
  });
});
