import { describe, expect, it } from 'vitest';
import { anovaWelch } from './anova-welch.js';
import { tTestTwoSample } from './t-test-two-sample.js';
import { StatsInputError } from './types.js';

// PlantGrowth (Dobson 1983), R dataset.
const CTRL = [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14];
const TRT1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69];
const TRT2 = [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26];

describe('anovaWelch', () => {
  it('R oneway.test(weight ~ group, PlantGrowth): F = 5.181, num df = 2, denom df = 17.128, p = 0.01739', () => {
    const r = anovaWelch([CTRL, TRT1, TRT2]);
    expect(r.statistic).toBeCloseTo(5.181, 3);
    expect(r.df1).toBe(2);
    expect(r.df2).toBeCloseTo(17.128, 3);
    expect(r.p).toBeCloseTo(0.01739, 5);
    expect(r.n).toEqual([10, 10, 10]);
  });

  it('with two groups it is the Welch t-test: F = t², df2 = Welch df, same p (sleep data: t = −1.8608, df = 17.776)', () => {
    const x = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const y = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const w = anovaWelch([x, y]);
    const t = tTestTwoSample(x, y);
    expect(w.statistic).toBeCloseTo(t.statistic ** 2, 10);
    expect(w.df2).toBeCloseTo(t.df, 10);
    expect(w.p).toBeCloseTo(t.p, 10);
    expect(w.df2).toBeCloseTo(17.776, 3);
  });

  it('is invariant to group order and p lies in [0, 1]', () => {
    const a = anovaWelch([CTRL, TRT1, TRT2]);
    const b = anovaWelch([TRT2, CTRL, TRT1]);
    expect(b.statistic).toBeCloseTo(a.statistic, 10);
    expect(b.df2).toBeCloseTo(a.df2, 10);
    expect(a.p).toBeGreaterThanOrEqual(0);
    expect(a.p).toBeLessThanOrEqual(1);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => anovaWelch([CTRL])).toThrow(StatsInputError);
    expect(() => anovaWelch([CTRL, [1]])).toThrow(StatsInputError);
    expect(() => anovaWelch([CTRL, [2, 2, 2]])).toThrow(StatsInputError);
    expect(() => anovaWelch([CTRL, [2, null]])).toThrow(StatsInputError);
  });
});
