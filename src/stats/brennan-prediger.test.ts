import { describe, expect, it } from 'vitest';
import { brennanPrediger } from './brennan-prediger.js';
import { StatsInputError } from './types.js';

const rep = (value: number, times: number): number[] => new Array<number>(times).fill(value);

// Artstein & Poesio (2008) Table 1: 100 items, agreement on 20 + 50 = 70.
const a = [...rep(0, 40), ...rep(1, 60)];
const b = [...rep(0, 20), ...rep(1, 20), ...rep(0, 10), ...rep(1, 50)];

describe('brennanPrediger', () => {
  it('uses chance agreement 1/q (hand calculation on Artstein & Poesio 2008, Table 1)', () => {
    // P_o = 0.7. q = 2 (observed): κ = (0.7 − ½)/(1 − ½) = 0.4.
    const r = brennanPrediger(a, b);
    expect(r.q).toBe(2);
    expect(r.observedAgreement).toBeCloseTo(0.7, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    // q = 4 categories in the scheme: κ = (0.7 − ¼)/(1 − ¼) = 0.6.
    expect(brennanPrediger(a, b, { categories: 4 }).kappa).toBeCloseTo(0.6, 12);
    expect(brennanPrediger(a, b, { categories: [0, 1, 2, 3] }).kappa).toBeCloseTo(0.6, 12);
  });

  it('drops incomplete pairs, is symmetric in the raters, and gives 1 for perfect agreement', () => {
    const x = ['ja', 'nee', null, 'ja', 'misschien'];
    const y = ['ja', 'ja', 'nee', 'ja', 'misschien'];
    const r = brennanPrediger(x, y);
    // Complete pairs: 4, agreeing 3 → P_o = 0.75; q = 3 → κ = (0.75 − 1/3)/(2/3) = 0.625.
    expect(r).toMatchObject({ n: 4, dropped: 1, q: 3 });
    expect(r.kappa).toBeCloseTo(0.625, 12);
    expect(brennanPrediger(y, x).kappa).toBeCloseTo(r.kappa, 12);
    expect(brennanPrediger(x, x).kappa).toBe(1);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => brennanPrediger([1, 2], [1])).toThrow(StatsInputError);
    expect(() => brennanPrediger([null], [1])).toThrow(StatsInputError);
    expect(() => brennanPrediger([1, 1], [1, 1])).toThrow(StatsInputError); // q = 1
    expect(() => brennanPrediger([1, 2, 3], [1, 2, 3], { categories: 2 })).toThrow(StatsInputError);
    expect(() => brennanPrediger([1, 2], [1, 3], { categories: [1, 2] })).toThrow(StatsInputError);
    expect(() => brennanPrediger([1, 2], [1, 2], { categories: 2.5 })).toThrow(StatsInputError);
  });
});
