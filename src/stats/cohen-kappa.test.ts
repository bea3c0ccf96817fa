import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohen-kappa.js';
import { StatsInputError } from './types.js';

const near = (got: number | undefined, want: number, tol: number): void => {
  expect(got).toBeDefined();
  expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
};

const rep = (value: number, times: number): number[] => new Array<number>(times).fill(value);

// SAS PROC FREQ printout reproduced in statsmodels stats/tests/test_inter_rater.py (table10).
const sasTable = [
  [0, 4, 1],
  [0, 8, 0],
  [0, 1, 5],
];

describe('cohenKappa: reference cases', () => {
  it('cohen-sas-unweighted (SAS PROC FREQ printout in statsmodels test_inter_rater.py)', () => {
    const r = cohenKappa({ table: sasTable });
    near(r.kappa, 0.4842, 1e-4);
    near(r.se, 0.138, 1e-4);
    near(r.ci.lower, 0.2137, 1e-4);
    near(r.ci.upper, 0.7547, 1e-4);
    expect(r.ci.level).toBe(0.95);
    // Same printout, "Test of H0: Simple Kappa = 0": ASE under H0 0.1484, Z 3.2626, two-sided Pr > |Z| 0.0011.
    near(r.kappa / (r.z as number), 0.1484, 1e-4);
    near(r.z, 3.2626, 1e-4);
    near(r.p, 0.0011, 1e-4);
    expect(r.n).toBe(19);
    expect(r.weights).toBe('none');
  });

  it('cohen-sas-linear (SAS PROC FREQ printout in statsmodels test_inter_rater.py; weights 0,1,2)', () => {
    const r = cohenKappa({ table: sasTable }, { weights: 'linear' });
    near(r.kappa, 0.4701, 1e-4);
    near(r.se, 0.1457, 1e-4);
    near(r.ci.lower, 0.1845, 1e-4);
    near(r.ci.upper, 0.7558, 1e-4);
    // "Test of H0: Weighted Kappa = 0": ASE under H0 0.1426, Z 3.2971, two-sided 0.0010.
    near(r.kappa / (r.z as number), 0.1426, 1e-4);
    near(r.z, 3.2971, 1e-4);
    near(r.p, 0.001, 1e-4);
  });

  it('cohen-artstein-poesio (Artstein & Poesio 2008 Table 1; scikit-learn test_cohen_kappa)', () => {
    const a = [...rep(0, 40), ...rep(1, 60)];
    const b = [...rep(0, 20), ...rep(1, 20), ...rep(0, 10), ...rep(1, 50)];
    near(cohenKappa({ a, b }).kappa, 0.348, 1e-3);
  });

  it('cohen-sklearn-3class (scikit-learn test_cohen_kappa)', () => {
    const a = [...rep(0, 46), ...rep(1, 44), ...rep(2, 10)];
    const b = [...rep(0, 52), ...rep(1, 32), ...rep(2, 16)];
    near(cohenKappa({ a, b }).kappa, 0.8013, 1e-4);
  });

  it('cohen-sklearn-weighted (scikit-learn test_cohen_kappa)', () => {
    const a = [...rep(0, 46), ...rep(1, 44), ...rep(2, 10)];
    const b = [...rep(0, 50), ...rep(1, 40), ...rep(2, 10)];
    near(cohenKappa({ a, b }).kappa, 0.9315, 1e-4);
    near(cohenKappa({ a, b }, { weights: 'linear' }).kappa, 0.9412, 1e-4);
    near(cohenKappa({ a, b }, { weights: 'quadratic' }).kappa, 0.9541, 1e-4);
  });

  // R irr::kappa2(anxiety[, 2:3], weight) as recorded in statsmodels test_inter_rater.py
  // (test_cohens_kappa_irr). Rater 2 and 3 never use 5, so the categories are 1, 2, 3, 4, 6.
  const rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
  const rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
  it.each([
    ['none', -0.006289308, -0.0604067, 0.9518317],
    ['linear', 0.1459075, 1.282472, 0.1996772],
    ['quadratic', 0.2520325, 1.437451, 0.1505898],
  ] as const)('R irr::kappa2(anxiety[,2:3]) weights %s (statsmodels test_cohens_kappa_irr)', (weights, kappa, z, p) => {
    const r = cohenKappa({ a: rater2, b: rater3 }, { weights });
    near(r.kappa, kappa, 1e-6);
    near(r.z, z, 1e-5);
    near(r.p, p, 1e-6);
  });
});

describe('cohenKappa: input handling and invariants', () => {
  it('builds the same table from ratings as given directly', () => {
    // Expand the SAS table into rating pairs.
    const a: number[] = [];
    const b: number[] = [];
    sasTable.forEach((row, i) => row.forEach((count, j) => {
      for (let c = 0; c < count; c++) { a.push(i + 1); b.push(j + 1); }
    }));
    const fromRatings = cohenKappa({ a, b }, { weights: 'linear', categories: [1, 2, 3] });
    const fromTable = cohenKappa({ table: sasTable }, { weights: 'linear' });
    expect(fromRatings.kappa).toBeCloseTo(fromTable.kappa, 12);
    expect(fromRatings.se).toBeCloseTo(fromTable.se, 12);
  });

  it('drops pairs with a missing rating and counts them', () => {
    const r = cohenKappa({ a: ['x', 'y', null, 'x', 'y', 'x'], b: ['x', 'y', 'x', null, 'x', 'x'] });
    expect(r.n).toBe(4);
    expect(r.dropped).toBe(2);
    // Pairs (x,x) (y,y) (y,x) (x,x): Po = 3/4; margins a: x 2/4, y 2/4; b: x 3/4, y 1/4; Pe = 1/2.
    expect(r.observedAgreement).toBeCloseTo(0.75, 12);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.5, 12);
  });

  it('orders numeric categories numerically (10 after 9), which matters for weights', () => {
    const a = [1, 9, 10, 10, 9, 1];
    const b = [1, 10, 10, 9, 9, 9];
    const auto = cohenKappa({ a, b }, { weights: 'linear' });
    const given = cohenKappa({ a, b }, { weights: 'linear', categories: [1, 9, 10] });
    expect(auto.kappa).toBeCloseTo(given.kappa, 12);
  });

  it('perfect agreement gives kappa = 1 with se 0', () => {
    const r = cohenKappa({ a: [1, 2, 3, 1, 2], b: [1, 2, 3, 1, 2] }, { weights: 'quadratic' });
    expect(r.kappa).toBeCloseTo(1, 12);
    expect(r.se).toBeCloseTo(0, 7);
    expect(r.observedAgreement).toBeCloseTo(1, 12);
  });

  it('swapping the raters (transposing the table) does not change kappa, se or z', () => {
    for (const weights of ['none', 'linear', 'quadratic'] as const) {
      const r1 = cohenKappa({ table: sasTable }, { weights });
      const r2 = cohenKappa({ table: sasTable[0].map((_, j) => sasTable.map((row) => row[j])) }, { weights });
      expect(r2.kappa).toBeCloseTo(r1.kappa, 12);
      expect(r2.se).toBeCloseTo(r1.se, 12);
      expect(r2.z as number).toBeCloseTo(r1.z as number, 12);
    }
  });

  it('p in [0, 1] and the interval contains kappa; a wider level gives a wider interval', () => {
    const r95 = cohenKappa({ table: sasTable });
    const r99 = cohenKappa({ table: sasTable }, { level: 0.99 });
    expect(r95.p).toBeGreaterThanOrEqual(0);
    expect(r95.p).toBeLessThanOrEqual(1);
    expect(r95.ci.lower).toBeLessThan(r95.kappa);
    expect(r95.ci.upper).toBeGreaterThan(r95.kappa);
    expect(r99.ci.lower).toBeLessThan(r95.ci.lower);
    expect(r99.ci.level).toBe(0.99);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => cohenKappa({ table: [[1, 2, 3], [4, 5, 6]] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ table: [[1, 2], [3]] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ table: [] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ table: [[0, 0], [0, 0]] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ table: [[1, -1], [0, 3]] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ a: [1, 1, 1], b: [1, 1, 1] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ a: [1, 2], b: [1] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ a: [null, 1], b: [2, null] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ a: [1, 'x'], b: [1, 'x'] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ a: [1, 2], b: [1, 3] }, { categories: [1, 2] })).toThrow(StatsInputError);
    expect(() => cohenKappa({ table: sasTable }, { level: 1.5 })).toThrow(StatsInputError);
  });
});
