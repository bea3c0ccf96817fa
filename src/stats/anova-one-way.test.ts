import { describe, expect, it } from 'vitest';
import { anovaOneWay } from './anova-one-way.js';
import { tTestTwoSample } from './t-test-two-sample.js';
import { StatsInputError } from './types.js';

// PlantGrowth (Dobson 1983), R dataset: dried plant weight, control and two treatments.
const CTRL = [4.17, 5.58, 5.18, 6.11, 4.5, 4.61, 5.17, 4.53, 5.33, 5.14];
const TRT1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69];
const TRT2 = [6.31, 5.12, 5.54, 5.5, 5.37, 5.29, 4.92, 6.15, 5.8, 5.26];

describe('anovaOneWay', () => {
  it('R anova(lm(weight ~ group, PlantGrowth)): SS 3.7663 / 10.4921, F = 4.8461 on 2 and 27 df, p = 0.01591', () => {
    const r = anovaOneWay([CTRL, TRT1, TRT2]);
    expect(r.statistic).toBeCloseTo(4.8461, 4);
    expect(r.df1).toBe(2);
    expect(r.df2).toBe(27);
    expect(r.p).toBeCloseTo(0.01591, 5);
    expect(r.ssBetween).toBeCloseTo(3.7663, 4);
    expect(r.ssWithin).toBeCloseTo(10.4921, 4);
    expect(r.msBetween).toBeCloseTo(1.8832, 4);
    expect(r.msWithin).toBeCloseTo(0.3886, 4);
    // η² = 3.7663/(3.7663 + 10.4921) from the same table
    expect(r.etaSquared).toBeCloseTo(3.7663 / (3.7663 + 10.4921), 4);
    expect(r.groups.map((g) => g.n)).toEqual([10, 10, 10]);
    expect(r.groups[0].mean).toBeCloseTo(5.032, 12);
    expect(r.groups[1].mean).toBeCloseTo(4.661, 12);
    expect(r.groups[2].mean).toBeCloseTo(5.526, 12);
  });

  it('hand calculation: {1, 2, 3}, {4, 5, 6} → SSB = 13.5, SSW = 4, F = 13.5/(4/4) = 13.5', () => {
    const r = anovaOneWay([[1, 2, 3], [4, 5, 6]]);
    expect(r.ssBetween).toBeCloseTo(13.5, 12);
    expect(r.ssWithin).toBeCloseTo(4, 12);
    expect(r.statistic).toBeCloseTo(13.5, 12);
    expect(r.etaSquared).toBeCloseTo(13.5 / 17.5, 12);
  });

  it('with two groups F equals the square of Student’s t and the p-values agree', () => {
    const a = anovaOneWay([CTRL, TRT2]);
    const t = tTestTwoSample(CTRL, TRT2, { welch: false });
    expect(a.statistic).toBeCloseTo(t.statistic ** 2, 10);
    expect(a.p).toBeCloseTo(t.p, 10);
  });

  it('drops missing values', () => {
    const r = anovaOneWay([[...CTRL, null], [Number.NaN, ...TRT1], TRT2]);
    expect(r.statistic).toBeCloseTo(4.8461, 4);
    expect(r.groups.map((g) => g.n)).toEqual([10, 10, 10]);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => anovaOneWay([[1, 2, 3]])).toThrow(StatsInputError);
    expect(() => anovaOneWay([[1, 2, 3], [4]])).toThrow(StatsInputError);
    expect(() => anovaOneWay([[1, 2, 3], [4, null]])).toThrow(StatsInputError);
    expect(() => anovaOneWay([[1, 1], [2, 2], [3, 3]])).toThrow(StatsInputError);
    expect(() => anovaOneWay([[1, 2], [3, Infinity]])).toThrow(StatsInputError);
  });
});
