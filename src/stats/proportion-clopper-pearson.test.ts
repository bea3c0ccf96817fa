import { describe, expect, it } from 'vitest';
import { binomCdf } from './distributions.js';
import { proportionClopperPearson } from './proportion-clopper-pearson.js';
import { StatsInputError } from './types.js';

const within = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

describe('proportionClopperPearson: reference cases', () => {
  it('clopper-pearson-682-925 (R binom.test(682, 925, p=3/4))', () => {
    const r = proportionClopperPearson(682, 925);
    within(r.ci.lower, 0.7076683, 1e-6);
    within(r.ci.upper, 0.7654066, 1e-6);
    expect(r.estimate).toBe(682 / 925);
    expect(r.method).toBe('Clopper-Pearson exact interval');
  });

  it('clopper-pearson-0-30-upper (R binom::binom.confint via statsmodels results_proportion.py)', () => {
    const r = proportionClopperPearson(0, 30);
    within(r.ci.upper, 0.11570331, 1e-7);
    expect(r.ci.lower).toBe(0);
  });
});

describe('proportionClopperPearson: identities', () => {
  it('x = 0: upper = 1 − (α/2)^(1/n); x = n: lower = (α/2)^(1/n)', () => {
    // For x = 0, P(X = 0 | U) = (1 − U)^n = α/2; for x = n, L^n = α/2.
    within(proportionClopperPearson(0, 30).ci.upper, 1 - 0.025 ** (1 / 30), 1e-12);
    const full = proportionClopperPearson(30, 30);
    within(full.ci.lower, 0.025 ** (1 / 30), 1e-12);
    expect(full.ci.upper).toBe(1);
  });

  it('one-sided ends: less → [0, 1 − α^(1/n)] at x = 0, greater → [α^(1/n), 1] at x = n', () => {
    const less = proportionClopperPearson(0, 12, { alternative: 'less' });
    expect(less.ci.lower).toBe(0);
    within(less.ci.upper, 1 - 0.05 ** (1 / 12), 1e-12);
    const greater = proportionClopperPearson(12, 12, { alternative: 'greater' });
    within(greater.ci.lower, 0.05 ** (1 / 12), 1e-12);
    expect(greater.ci.upper).toBe(1);
    expect(greater.method).toBe('Clopper-Pearson exact interval (one-sided, greater)');
  });

  it('limits satisfy the defining tail equations P(X ≥ x | L) = α/2 and P(X ≤ x | U) = α/2', () => {
    for (const [x, n] of [[1, 10], [4, 9], [17, 40], [682, 925]]) {
      const { lower, upper } = proportionClopperPearson(x, n).ci;
      within(1 - binomCdf(x - 1, n, lower), 0.025, 1e-9);
      within(binomCdf(x, n, upper), 0.025, 1e-9);
    }
    const { ci } = proportionClopperPearson(3, 20, { alternative: 'less', level: 0.9 });
    within(binomCdf(3, 20, ci.upper), 0.1, 1e-9);
  });

  it('is symmetric in x ↔ n − x and contains the estimate', () => {
    const a = proportionClopperPearson(7, 31);
    const b = proportionClopperPearson(24, 31);
    within(a.ci.lower, 1 - b.ci.upper, 1e-12);
    within(a.ci.upper, 1 - b.ci.lower, 1e-12);
    for (const [x, n] of [[0, 3], [1, 3], [2, 3], [3, 3], [50, 100]]) {
      const r = proportionClopperPearson(x, n);
      expect(r.ci.lower).toBeLessThanOrEqual(r.estimate);
      expect(r.ci.upper).toBeGreaterThanOrEqual(r.estimate);
      expect(r.ci.lower).toBeGreaterThanOrEqual(0);
      expect(r.ci.upper).toBeLessThanOrEqual(1);
    }
  });
});

describe('proportionClopperPearson: degenerate input', () => {
  it('throws StatsInputError on bad n, x, level or alternative', () => {
    expect(() => proportionClopperPearson(0, 0)).toThrow(StatsInputError);
    expect(() => proportionClopperPearson(4, 3)).toThrow(StatsInputError);
    expect(() => proportionClopperPearson(-1, 3)).toThrow(StatsInputError);
    expect(() => proportionClopperPearson(1.2, 3)).toThrow(StatsInputError);
    expect(() => proportionClopperPearson(1, 3, { level: 1.5 })).toThrow(StatsInputError);
    expect(() => proportionClopperPearson(1, 3, { alternative: 'both' as never })).toThrow(StatsInputError);
  });
});
