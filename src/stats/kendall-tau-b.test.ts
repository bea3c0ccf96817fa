import { describe, expect, it } from 'vitest';
import { normalSf } from './distributions.js';
import { kendallTauB } from './kendall-tau-b.js';
import { pearsonCorrelation } from './pearson-correlation.js';
import { StatsInputError } from './types.js';

// Hollander & Wolfe (1973, p. 187f) tuna data, the R ?cor.test example.
const x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
const y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];

describe('kendallTauB', () => {
  it("R cor.test(x, y, method='kendall', alternative='greater', exact=FALSE) tuna example: z = 1.6681, p = 0.04765, tau = 0.4444444 (stats-Ex.Rout.save)", () => {
    const r = kendallTauB(x, y, { alternative: 'greater' });
    expect(Math.abs(r.estimate - 0.4444444)).toBeLessThan(1e-7);
    expect(Math.abs(r.statistic - 1.6681)).toBeLessThan(5e-5);
    expect(Math.abs(r.p - 0.04765)).toBeLessThan(5e-6);
    expect(r.n).toBe(9);
    // no ties: S = 16 of 36 pairs, τ = 4/9, Var(S) = 9·8·23/18 = 92, z = 16/√92
    expect(r.estimate).toBeCloseTo(4 / 9, 12);
    expect(r.statistic).toBeCloseTo(16 / Math.sqrt(92), 12);
    expect(r.method).not.toMatch(/tie-corrected/);
  });

  it('tie-corrected variance (hand calculation)', () => {
    // x = 1,2,2,3; y = 1,2,3,3. Pairs: (1,2)+ (1,3)+ (1,4)+ (2,3)0 (2,4)+ (3,4)0 → S = 4.
    // n₀ = 6, one tie pair in x and one in y: τ_b = 4/√(5·5) = 0.8.
    // Var(S) = (4·3·13 − 2·1·9 − 2·1·9)/18 + (2·2)/(2·4·3) + 0 = 120/18 + 1/6 = 41/6.
    const r = kendallTauB([1, 2, 2, 3], [1, 2, 3, 3]);
    expect(r.estimate).toBeCloseTo(0.8, 12);
    const z = 4 / Math.sqrt(41 / 6);
    expect(r.statistic).toBeCloseTo(z, 12);
    expect(r.p).toBeCloseTo(2 * normalSf(z), 12);
    expect(r.method).toMatch(/tie-corrected/);
  });

  it('τ-b of two binary variables equals the phi coefficient (Pearson r)', () => {
    const a = [0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1];
    const b = [0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1];
    expect(kendallTauB(a, b).estimate).toBeCloseTo(pearsonCorrelation(a, b).estimate, 12);
  });

  it('sign symmetry, p in [0, 1], one-sided p add to 1', () => {
    const a = kendallTauB(x, y);
    const b = kendallTauB(x, y.map((v) => -v));
    expect(b.estimate).toBeCloseTo(-a.estimate, 12);
    expect(b.p).toBeCloseTo(a.p, 12);
    const g = kendallTauB(x, y, { alternative: 'greater' }).p;
    const l = kendallTauB(x, y, { alternative: 'less' }).p;
    expect(g + l).toBeCloseTo(1, 12);
    expect(a.p).toBeCloseTo(2 * Math.min(g, l), 12);
    expect(kendallTauB([1, 2, 3, 4], [1, 2, 3, 4]).estimate).toBe(1);
  });

  it('drops incomplete pairs', () => {
    expect(kendallTauB([...x, null], [...y, 1]).n).toBe(9);
  });

  it('rejects degenerate input', () => {
    expect(() => kendallTauB([1, 2], [1, 2])).toThrow(StatsInputError);
    expect(() => kendallTauB([1, 2, 3], [1, 2])).toThrow(StatsInputError);
    expect(() => kendallTauB([5, 5, 5], [1, 2, 3])).toThrow(/x is constant/);
    expect(() => kendallTauB([1, 2, 3], [0, 0, 0])).toThrow(/y is constant/);
    expect(() => kendallTauB([1, 2, Infinity], [1, 2, 3])).toThrow(StatsInputError);
  });
});
