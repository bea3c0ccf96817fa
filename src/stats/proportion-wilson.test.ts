import { describe, expect, it } from 'vitest';
import { normalQuantile } from './distributions.js';
import { proportionWilson } from './proportion-wilson.js';
import { StatsInputError } from './types.js';

const within = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);
};

describe('proportionWilson: reference cases', () => {
  it('wilson-52-100 (R prop.test(52, 100, correct=FALSE))', () => {
    const r = proportionWilson(52, 100);
    within(r.ci.lower, 0.4231658, 1e-6);
    within(r.ci.upper, 0.6153545, 1e-6);
    expect(r.estimate).toBe(0.52);
    expect(r.ci.level).toBe(0.95);
    expect(r.method).toBe('Wilson score interval');
  });

  it('wilson-52-100-cc (R prop.test(52, 100) with continuity correction)', () => {
    const r = proportionWilson(52, 100, { continuity: true });
    within(r.ci.lower, 0.4183183, 1e-6);
    within(r.ci.upper, 0.6201278, 1e-6);
    expect(r.method).toBe('Wilson score interval with continuity correction');
  });

  it('wilson-19-38 (statsmodels test_proportion.py)', () => {
    const r = proportionWilson(19, 38);
    within(r.ci.lower, 0.348499283643951, 1e-9);
    within(r.ci.upper, 0.651500716356049, 1e-9);
  });

  // Newcombe (1998a), Statistics in Medicine 17:857-872, method 3 (Wilson, no continuity correction),
  // as asserted to 4 decimals in the R package propint (m-Py/propint, tests/testthat/test_Single_Proportion_CI.R).
  it('Newcombe 1998a examples 81/263 and 15/148 (4 decimals)', () => {
    const a = proportionWilson(81, 263);
    within(a.ci.lower, 0.2553, 5e-5);
    within(a.ci.upper, 0.3662, 5e-5);
    const b = proportionWilson(15, 148);
    within(b.ci.lower, 0.0624, 5e-5);
    within(b.ci.upper, 0.1605, 5e-5);
  });
});

describe('proportionWilson: identities and invariants', () => {
  it('x = 0 gives [0, z²/(n + z²)] and x = n gives [n/(n + z²), 1]', () => {
    // With p̂ = 0 the formula reduces to (z² ± z²)/(2(n + z²)).
    const z = normalQuantile(0.975);
    const r0 = proportionWilson(0, 20);
    expect(r0.ci.lower).toBe(0);
    within(r0.ci.upper, (z * z) / (20 + z * z), 1e-15);
    const rn = proportionWilson(20, 20);
    expect(rn.ci.upper).toBe(1);
    within(rn.ci.lower, 20 / (20 + z * z), 1e-15);
  });

  it('continuity-corrected limits at the ends are 0 and 1', () => {
    expect(proportionWilson(0, 15, { continuity: true }).ci.lower).toBe(0);
    expect(proportionWilson(15, 15, { continuity: true }).ci.upper).toBe(1);
  });

  it('is symmetric: x ↔ n − x mirrors the interval', () => {
    for (const continuity of [false, true]) {
      const a = proportionWilson(7, 31, { continuity });
      const b = proportionWilson(24, 31, { continuity });
      within(a.ci.lower, 1 - b.ci.upper, 1e-14);
      within(a.ci.upper, 1 - b.ci.lower, 1e-14);
    }
  });

  it('contains the estimate; the corrected interval contains the uncorrected one; higher level is wider', () => {
    for (const [x, n] of [[0, 5], [1, 5], [3, 7], [50, 100], [99, 100], [12, 12]]) {
      const plain = proportionWilson(x, n);
      const cc = proportionWilson(x, n, { continuity: true });
      const wide = proportionWilson(x, n, { level: 0.99 });
      expect(plain.ci.lower).toBeLessThanOrEqual(plain.estimate);
      expect(plain.ci.upper).toBeGreaterThanOrEqual(plain.estimate);
      expect(cc.ci.lower).toBeLessThanOrEqual(plain.ci.lower);
      expect(cc.ci.upper).toBeGreaterThanOrEqual(plain.ci.upper);
      expect(wide.ci.lower).toBeLessThanOrEqual(plain.ci.lower);
      expect(wide.ci.upper).toBeGreaterThanOrEqual(plain.ci.upper);
      for (const v of [plain, cc, wide]) {
        expect(v.ci.lower).toBeGreaterThanOrEqual(0);
        expect(v.ci.upper).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('proportionWilson: degenerate input', () => {
  it.each([
    ['n = 0', 0, 0, {}],
    ['fractional n', 1, 2.5, {}],
    ['x > n', 6, 5, {}],
    ['negative x', -1, 5, {}],
    ['fractional x', 1.5, 5, {}],
    ['level = 1', 1, 5, { level: 1 }],
    ['level = 0', 1, 5, { level: 0 }],
    ['NaN x', Number.NaN, 5, {}],
  ])('%s throws StatsInputError', (_name, x, n, opts) => {
    expect(() => proportionWilson(x as number, n as number, opts)).toThrow(StatsInputError);
  });
});
