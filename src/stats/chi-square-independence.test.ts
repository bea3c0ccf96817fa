import { describe, expect, it } from 'vitest';
import { chiSquareIndependence } from './chi-square-independence.js';
import { normalSf } from './distributions.js';
import { StatsInputError } from './types.js';

describe('chiSquareIndependence', () => {
  it('chisq-agresti — Agresti (2007) p.39 party ID by gender; R chisq.test example', () => {
    const table = [
      [762, 327, 468],
      [484, 239, 477],
    ];
    const r = chiSquareIndependence(table, { correction: false });
    expect(Math.abs(r.statistic - 30.070149)).toBeLessThan(1e-5);
    expect(r.df).toBe(2);
    expect(Math.abs(r.p - 2.954e-7)).toBeLessThan(1e-9);
    expect(Math.abs(r.cramersV - 0.1044358)).toBeLessThan(1e-6);
    [703.6714, 319.6453, 533.6834].forEach((e, j) => expect(Math.abs(r.expected[0][j] - e)).toBeLessThan(1e-4));
    [4.5020535, 0.6994517, -5.3159455].forEach((s, j) =>
      expect(Math.abs(r.standardizedResiduals[0][j] - s)).toBeLessThan(1e-6),
    );
    expect(r.n).toBe(2757);
    expect(r.lowExpected).toEqual({ count: 0, share: 0 });
    expect(r.warning).toBeUndefined();
    expect(r.method).toBe("Pearson's chi-squared test");
  });

  it('R ?chisq.test example: x <- matrix(c(12, 5, 7, 7), ncol = 2); chisq.test(x)$p.value # 0.4233 (Yates)', () => {
    // matrix(c(12, 5, 7, 7), ncol = 2) is filled by column: rows (12, 7) and (5, 7)
    const r = chiSquareIndependence([[12, 7], [5, 7]], { correction: true });
    expect(Math.abs(r.p - 0.4233)).toBeLessThan(5e-5);
    expect(r.df).toBe(1);
    // hand check: n = 31, E11 = 19·17/31, |O − E| = 12 − 323/31 = 49/31 for every cell
    const d = 49 / 31 - 0.5;
    const e = [19 * 17, 19 * 14, 12 * 17, 12 * 14].map((v) => v / 31);
    expect(r.statistic).toBeCloseTo(e.reduce((s, ei) => s + (d * d) / ei, 0), 12);
  });

  it('Pearson residuals and standardized residuals agree with their definitions', () => {
    const table = [
      [762, 327, 468],
      [484, 239, 477],
    ];
    const r = chiSquareIndependence(table);
    // Σ residual² = X²
    const sumSq = r.residuals.flat().reduce((a, b) => a + b * b, 0);
    expect(sumSq).toBeCloseTo(r.statistic, 10);
    // 2 rows: standardized residuals of a column are opposite
    for (let j = 0; j < 3; j++) expect(r.standardizedResiduals[1][j]).toBeCloseTo(-r.standardizedResiduals[0][j], 10);
  });

  it("applies Yates' correction only to 2×2 tables (hand calculation)", () => {
    // [[3,1],[1,3]]: every E = 2 and |O − E| = 1, so X² = 4·1²/2 = 2 and Yates X² = 4·0.5²/2 = 0.5.
    // χ²₁ upper tail: P(χ²₁ ≥ x) = 2·P(Z ≥ √x).
    const plain = chiSquareIndependence([[3, 1], [1, 3]]);
    expect(plain.statistic).toBeCloseTo(2, 12);
    expect(plain.p).toBeCloseTo(2 * normalSf(Math.SQRT2), 12);
    const yates = chiSquareIndependence([[3, 1], [1, 3]], { correction: true });
    expect(yates.statistic).toBeCloseTo(0.5, 12);
    expect(yates.p).toBeCloseTo(2 * normalSf(Math.sqrt(0.5)), 12);
    expect(yates.method).toMatch(/Yates/);
    // Cramér's V uses the uncorrected statistic: √(2/8) = 0.5
    expect(yates.cramersV).toBeCloseTo(0.5, 12);
    // all four expected counts are 2 < 5
    expect(yates.lowExpected).toEqual({ count: 4, share: 1 });
    expect(yates.warning).toMatch(/4 of 4/);
    // no correction on a 2×3 table even when asked
    const t23 = [[10, 20, 30], [30, 20, 10]];
    expect(chiSquareIndependence(t23, { correction: true }).statistic).toBe(chiSquareIndependence(t23).statistic);
  });

  it('is zero for a table of exact independence, with p = 1', () => {
    const r = chiSquareIndependence([[10, 20], [30, 60]]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.p).toBeCloseTo(1, 12);
  });

  it('is invariant to transposition', () => {
    const t = [[5, 9, 2], [7, 1, 8]];
    const tt = [[5, 7], [9, 1], [2, 8]];
    expect(chiSquareIndependence(tt).statistic).toBeCloseTo(chiSquareIndependence(t).statistic, 12);
    expect(chiSquareIndependence(tt).p).toBeCloseTo(chiSquareIndependence(t).p, 12);
  });

  it('rejects degenerate tables', () => {
    expect(() => chiSquareIndependence([[1, 2, 3]])).toThrow(StatsInputError);
    expect(() => chiSquareIndependence([[1], [2]])).toThrow(StatsInputError);
    expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow(StatsInputError);
    expect(() => chiSquareIndependence([[1, -2], [3, 4]])).toThrow(StatsInputError);
    expect(() => chiSquareIndependence([[1, NaN], [3, 4]])).toThrow(StatsInputError);
    expect(() => chiSquareIndependence([[0, 0], [3, 4]])).toThrow(/row 1/);
    expect(() => chiSquareIndependence([[0, 2], [0, 4]])).toThrow(/column 1/);
  });
});
