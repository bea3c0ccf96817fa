import { describe, expect, it } from 'vitest';
import { binomialTest } from './binomial-test.js';
import { StatsInputError } from './types.js';

const within = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

describe('binomialTest: reference cases', () => {
  it('clopper-pearson-682-925 (R binom.test(682, 925, p=3/4))', () => {
    const r = binomialTest(682, 925, { p0: 0.75 });
    within(r.p, 0.3825, 1e-4);
    within(r.ci.lower, 0.7076683, 1e-6);
    within(r.ci.upper, 0.7654066, 1e-6);
    expect(r.estimate).toBe(682 / 925);
    expect(r).toMatchObject({ x: 682, n: 925, p0: 0.75, alternative: 'two-sided', method: 'Exact binomial test' });
  });
});

describe('binomialTest: hand-computed p-values', () => {
  it('n = 10, p0 = ½, x = 2', () => {
    // P(X ≤ 2) = (1 + 10 + 45)/1024 = 56/1024; by symmetry the two-sided p is 2·56/1024 = 112/1024.
    within(binomialTest(2, 10).p, 112 / 1024, 1e-14);
    within(binomialTest(2, 10, { alternative: 'less' }).p, 56 / 1024, 1e-14);
    // P(X ≥ 2) = 1 − 11/1024
    within(binomialTest(2, 10, { alternative: 'greater' }).p, 1013 / 1024, 1e-14);
    // mirrored: x = 8 gives the same two-sided p (ties dbinom(2) = dbinom(8) count via the 1 + 1e-7 tolerance)
    within(binomialTest(8, 10).p, 112 / 1024, 1e-14);
  });

  it('n = 10, p0 = ½, x = 0 and x = 5', () => {
    within(binomialTest(0, 10).p, 2 / 1024, 1e-15);
    expect(binomialTest(5, 10).p).toBe(1); // x equals the mean n·p0
  });

  it('asymmetric null: n = 4, p0 = ¼', () => {
    // 256·P(X = 0..4) = 81, 108, 54, 12, 1; mean m = 1.
    // x = 3 (> m): outcomes i ≤ 1 with P ≤ 12/256: none → p = P(X ≥ 3) = 13/256.
    within(binomialTest(3, 4, { p0: 0.25 }).p, 13 / 256, 1e-14);
    // x = 0 (< m): outcomes i ≥ 1 with P ≤ 81/256: i = 2, 3, 4 → p = (81 + 54 + 12 + 1)/256 = 148/256.
    within(binomialTest(0, 4, { p0: 0.25 }).p, 148 / 256, 1e-14);
    // one-sided: P(X ≥ 3) = 13/256, P(X ≤ 0) = 81/256
    within(binomialTest(3, 4, { p0: 0.25, alternative: 'greater' }).p, 13 / 256, 1e-14);
    within(binomialTest(0, 4, { p0: 0.25, alternative: 'less' }).p, 81 / 256, 1e-14);
  });

  it('p0 = 0 or 1', () => {
    expect(binomialTest(0, 5, { p0: 0 }).p).toBe(1);
    expect(binomialTest(1, 5, { p0: 0 }).p).toBe(0);
    expect(binomialTest(5, 5, { p0: 1 }).p).toBe(1);
    expect(binomialTest(4, 5, { p0: 1 }).p).toBe(0);
  });
});

describe('binomialTest: intervals and invariants', () => {
  it('one-sided alternatives give one-sided Clopper-Pearson intervals', () => {
    const less = binomialTest(3, 20, { alternative: 'less' });
    expect(less.ci.lower).toBe(0);
    const greater = binomialTest(3, 20, { alternative: 'greater' });
    expect(greater.ci.upper).toBe(1);
    const two = binomialTest(3, 20);
    expect(less.ci.upper).toBeLessThan(two.ci.upper);
    expect(greater.ci.lower).toBeGreaterThan(two.ci.lower);
  });

  it('p lies in [0, 1] and the two-sided p is at least the smaller one-sided p', () => {
    for (const [x, n, p0] of [[0, 1, 0.5], [1, 1, 0.5], [3, 17, 0.3], [9, 12, 0.1], [40, 60, 0.75], [0, 50, 0.01]]) {
      const two = binomialTest(x, n, { p0 }).p;
      const less = binomialTest(x, n, { p0, alternative: 'less' }).p;
      const greater = binomialTest(x, n, { p0, alternative: 'greater' }).p;
      for (const p of [two, less, greater]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(two).toBeGreaterThanOrEqual(Math.min(less, greater) - 1e-15);
      expect(less + greater).toBeGreaterThanOrEqual(1 - 1e-12); // both tails include P(X = x)
    }
  });
});

describe('binomialTest: degenerate input', () => {
  it('throws StatsInputError', () => {
    expect(() => binomialTest(1, 0)).toThrow(StatsInputError);
    expect(() => binomialTest(6, 5)).toThrow(StatsInputError);
    expect(() => binomialTest(2, 5, { p0: 1.2 })).toThrow(StatsInputError);
    expect(() => binomialTest(2, 5, { p0: Number.NaN })).toThrow(StatsInputError);
    expect(() => binomialTest(2, 5, { level: 0 })).toThrow(StatsInputError);
    expect(() => binomialTest(2, 5, { alternative: 'up' as never })).toThrow(StatsInputError);
  });
});
