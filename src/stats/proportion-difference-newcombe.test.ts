import { describe, expect, it } from 'vitest';
import { normalQuantile } from './distributions.js';
import { proportionDifferenceNewcombe } from './proportion-difference-newcombe.js';
import { StatsInputError } from './types.js';

const within = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

// Newcombe (1998b), Statistics in Medicine 17:873-890, method 10, examples (a) and (b), given to
// 4 decimals; the same numbers are asserted by the R package propint
// (m-Py/propint, tests/testthat/test_Two_Independent_Props_CI.R).
describe('proportionDifferenceNewcombe: Newcombe 1998 examples', () => {
  it('56/70 vs 48/80 → 0.2000 (0.0524, 0.3339)', () => {
    const r = proportionDifferenceNewcombe(56, 70, 48, 80);
    within(r.estimate, 0.2, 1e-12);
    within(r.ci.lower, 0.0524, 5e-5);
    within(r.ci.upper, 0.3339, 5e-5);
    expect(r.ci.level).toBe(0.95);
    expect(r.method).toBe('Newcombe hybrid score interval (method 10)');
  });

  it('9/10 vs 3/10 → 0.6000 (0.1705, 0.8090)', () => {
    const r = proportionDifferenceNewcombe(9, 10, 3, 10);
    within(r.estimate, 0.6, 1e-12);
    within(r.ci.lower, 0.1705, 5e-5);
    within(r.ci.upper, 0.809, 5e-5);
  });
});

describe('proportionDifferenceNewcombe: identities and invariants', () => {
  it('0/10 vs 0/20 reduces to the Wilson upper limits z²/(n + z²)', () => {
    // p̂ = 0 in both groups: L = −u₂, U = u₁ with uᵢ = z²/(nᵢ + z²).
    const z2 = normalQuantile(0.975) ** 2;
    const r = proportionDifferenceNewcombe(0, 10, 0, 20);
    expect(r.estimate).toBe(0);
    within(r.ci.lower, -z2 / (20 + z2), 1e-14);
    within(r.ci.upper, z2 / (10 + z2), 1e-14);
  });

  it('swapping the groups negates estimate and interval', () => {
    const a = proportionDifferenceNewcombe(56, 70, 48, 80);
    const b = proportionDifferenceNewcombe(48, 80, 56, 70);
    within(b.estimate, -a.estimate, 1e-14);
    within(b.ci.lower, -a.ci.upper, 1e-14);
    within(b.ci.upper, -a.ci.lower, 1e-14);
  });

  it('contains the estimate, stays within [−1, 1], widens with the level', () => {
    for (const [x1, n1, x2, n2] of [[10, 10, 0, 10], [0, 5, 5, 5], [3, 7, 4, 9], [1, 1, 0, 1]]) {
      const r = proportionDifferenceNewcombe(x1, n1, x2, n2);
      const w = proportionDifferenceNewcombe(x1, n1, x2, n2, { level: 0.99 });
      expect(r.ci.lower).toBeLessThanOrEqual(r.estimate);
      expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate);
      expect(r.ci.lower).toBeGreaterThanOrEqual(-1);
      expect(r.ci.upper).toBeLessThanOrEqual(1);
      expect(w.ci.lower).toBeLessThanOrEqual(r.ci.lower);
      expect(w.ci.upper).toBeGreaterThanOrEqual(r.ci.upper);
    }
  });
});

describe('proportionDifferenceNewcombe: degenerate input', () => {
  it('throws StatsInputError', () => {
    expect(() => proportionDifferenceNewcombe(1, 0, 1, 5)).toThrow(StatsInputError);
    expect(() => proportionDifferenceNewcombe(1, 5, 6, 5)).toThrow(StatsInputError);
    expect(() => proportionDifferenceNewcombe(1.5, 5, 1, 5)).toThrow(StatsInputError);
    expect(() => proportionDifferenceNewcombe(1, 5, 1, 5, { level: 2 })).toThrow(StatsInputError);
  });
});
