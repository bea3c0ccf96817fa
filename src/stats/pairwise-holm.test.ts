import { describe, expect, it } from 'vitest';
import { mannWhitney } from './mann-whitney.js';
import { pairwiseTests } from './pairwise-holm.js';
import { StatsInputError } from './types.js';

// PlantGrowth (Dobson 1983), R dataset.
const CTRL = [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14];
const TRT1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69];
const TRT2 = [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26];

describe('pairwiseTests', () => {
  it('Welch pairs on PlantGrowth: R t.test gives ctrl–trt1 p = 0.2504, ctrl–trt2 p = 0.0479; Holm over the 3 pairs', () => {
    const r = pairwiseTests([CTRL, TRT1, TRT2], { labels: ['ctrl', 'trt1', 'trt2'] });
    expect(r.map((c) => [c.a, c.b])).toEqual([['ctrl', 'trt1'], ['ctrl', 'trt2'], ['trt1', 'trt2']]);
    expect(r[0].p).toBeCloseTo(0.2504, 4);
    expect(r[0].statistic).toBeCloseTo(1.1913, 4);
    expect(r[1].p).toBeCloseTo(0.0479, 4);
    // Holm by hand from the raw p-values: sorted p₍₁₎ ≤ p₍₂₎ ≤ p₍₃₎ get ×3, ×2, ×1, then a running max.
    const [p12, p13, p23] = r.map((c) => c.p);
    expect(p23).toBeLessThan(p13);
    expect(p13).toBeLessThan(p12);
    expect(r[2].pAdjusted).toBeCloseTo(3 * p23, 14);
    expect(r[1].pAdjusted).toBeCloseTo(Math.max(3 * p23, 2 * p13), 14);
    expect(r[0].pAdjusted).toBeCloseTo(Math.max(3 * p23, 2 * p13, p12), 14);
  });

  it('Mann–Whitney pairs use mannWhitney with R defaults; adjusted p ≥ raw p and ≤ 1', () => {
    const r = pairwiseTests([CTRL, TRT1, TRT2], { test: 'mannwhitney' });
    expect(r[0].a).toBe('1');
    expect(r[2].b).toBe('3');
    expect(r[1].p).toBeCloseTo(mannWhitney(CTRL, TRT2).p, 14);
    expect(r[1].method).toMatch(/rank-sum/);
    for (const c of r) {
      expect(c.pAdjusted).toBeGreaterThanOrEqual(c.p);
      expect(c.pAdjusted).toBeLessThanOrEqual(1);
    }
  });

  it('with two groups the adjustment is the identity', () => {
    const r = pairwiseTests([CTRL, TRT1]);
    expect(r).toHaveLength(1);
    expect(r[0].pAdjusted).toBe(r[0].p);
  });

  it('throws StatsInputError on degenerate input, naming the pair', () => {
    expect(() => pairwiseTests([CTRL])).toThrow(StatsInputError);
    expect(() => pairwiseTests([CTRL, TRT1], { labels: ['a'] })).toThrow(StatsInputError);
    expect(() => pairwiseTests([CTRL, [1]], { labels: ['ctrl', 'tiny'] })).toThrow(/ctrl and tiny/);
  });
});
