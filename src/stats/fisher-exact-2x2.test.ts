import { describe, expect, it } from 'vitest';
import { fisherExact2x2 } from './fisher-exact-2x2.js';
import { StatsInputError } from './types.js';

// R finds the estimate and the interval with uniroot (absolute tolerance on the odds-ratio scale
// .Machine$double.eps^0.25 ≈ 1.2e-4), so R's printed bounds can be off the exact solutions by up to
// ~2e-5 here; where we compare with R's print-out we allow 2e-5 and also check the exact solutions.
const close = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThan(tol);

describe('fisherExact2x2', () => {
  it("fisher-tea — R fisher.test(TeaTasting, alternative='greater') (stats-Ex.Rout.save)", () => {
    const r = fisherExact2x2([[3, 1], [1, 3]], { alternative: 'greater' });
    close(r.p, 0.2429, 1e-4);
    close(r.oddsRatio, 6.408309, 2e-5);
    close(r.ci.lower, 0.3135693, 1e-5);
    expect(r.ci.upper).toBe(Infinity);
    expect(r.ci.level).toBe(0.95);
    // exact solutions quoted in the reference case
    close(r.oddsRatio, 6.4083196582, 1e-8);
    close(r.ci.lower, 0.3135737675, 1e-9);
    // exact p: P(X ≥ 3) with X ~ Hypergeometric(4, 4, 4) = (16 + 1)/70
    expect(r.p).toBeCloseTo(17 / 70, 12);
    expect(r.alternative).toBe('greater');
  });

  it('fisher-convictions — R fisher.test(Convictions) examples (stats-Ex.Rout.save)', () => {
    const table = [[2, 15], [10, 3]];
    const less = fisherExact2x2(table, { alternative: 'less' });
    close(less.p, 0.0004652, 1e-7);
    close(less.oddsRatio, 0.04693661, 1e-6);
    // printed: 95 percent confidence interval 0.0000000 0.2849601
    expect(less.ci.lower).toBe(0);
    close(less.ci.upper, 0.2849601, 2e-5);

    const two = fisherExact2x2(table);
    close(two.p, 0.0005367, 1e-7);
    close(two.oddsRatio, 0.04693661, 1e-6);
    close(two.ci.lower, 0.003325764, 2e-5);
    close(two.ci.upper, 0.363182271, 2e-5);
    // exact interval quoted in the reference case
    close(two.ci.lower, 0.003317164, 1e-9);
    close(two.ci.upper, 0.3631896024, 1e-9);

    // fisher.test(Convictions, conf.level = 0.99)$conf.int: 0.001386333 0.578851645
    const ci99 = fisherExact2x2(table, { level: 0.99 }).ci;
    close(ci99.lower, 0.001386333, 2e-5);
    close(ci99.upper, 0.578851645, 2e-5);
    expect(ci99.level).toBe(0.99);
  });

  it('two-sided p of the tea table (hand calculation)', () => {
    // X ~ Hypergeometric(m=4, n=4, k=4): P = (1, 16, 36, 16, 1)/70; observed X = 3 has 16/70, so the
    // two-sided p sums the four outcomes with probability ≤ 16/70: 34/70.
    expect(fisherExact2x2([[3, 1], [1, 3]]).p).toBeCloseTo(34 / 70, 12);
    // less: P(X ≤ 3) = 69/70
    expect(fisherExact2x2([[3, 1], [1, 3]], { alternative: 'less' }).p).toBeCloseTo(69 / 70, 12);
  });

  it('the estimate solves E[X] = a, and the bounds solve the tail equations', () => {
    // symmetric table: conditional MLE is exactly 1
    expect(fisherExact2x2([[5, 5], [5, 5]]).oddsRatio).toBeCloseTo(1, 10);
    // swapping the rows inverts the odds ratio and its interval
    const r1 = fisherExact2x2([[7, 2], [3, 8]]);
    const r2 = fisherExact2x2([[3, 8], [7, 2]]);
    expect(r2.oddsRatio).toBeCloseTo(1 / r1.oddsRatio, 8);
    expect(r2.ci.lower).toBeCloseTo(1 / r1.ci.upper, 8);
    expect(r2.ci.upper).toBeCloseTo(1 / r1.ci.lower, 8);
    expect(r2.p).toBeCloseTo(r1.p, 12);
  });

  it('edge of the support: estimate 0 or Infinity, one-sided bounds at 0 or Infinity', () => {
    const zero = fisherExact2x2([[0, 5], [6, 2]]);
    expect(zero.oddsRatio).toBe(0);
    expect(zero.ci.lower).toBe(0);
    expect(zero.ci.upper).toBeGreaterThan(0);
    const inf = fisherExact2x2([[5, 0], [2, 6]]);
    expect(inf.oddsRatio).toBe(Infinity);
    expect(inf.ci.upper).toBe(Infinity);
    expect(inf.ci.lower).toBeGreaterThan(0);
  });

  it('p in [0, 1] and the interval contains the estimate', () => {
    for (const t of [[[1, 9], [11, 3]], [[10, 10], [10, 10]], [[0, 3], [3, 0]], [[20, 5], [7, 30]]]) {
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const r = fisherExact2x2(t, { alternative });
        expect(r.p).toBeGreaterThanOrEqual(0);
        expect(r.p).toBeLessThanOrEqual(1);
        expect(r.ci.lower).toBeLessThanOrEqual(r.oddsRatio);
        expect(r.ci.upper).toBeGreaterThanOrEqual(r.oddsRatio);
      }
    }
  });

  it('a null odds ratio other than 1 shifts the test', () => {
    const t = [[20, 5], [7, 30]];
    const est = fisherExact2x2(t).oddsRatio;
    // testing at the estimate gives a large p; at 1 a tiny one
    expect(fisherExact2x2(t, { or: est }).p).toBeGreaterThan(0.9);
    expect(fisherExact2x2(t).p).toBeLessThan(1e-4);
  });

  it('rejects degenerate input', () => {
    expect(() => fisherExact2x2([[1, 2, 3], [4, 5, 6]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[1, 2]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[1.5, 2], [3, 4]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[-1, 2], [3, 4]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[0, 0], [3, 4]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[0, 2], [0, 4]])).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[1, 2], [3, 4]], { level: 1 })).toThrow(StatsInputError);
    expect(() => fisherExact2x2([[1, 2], [3, 4]], { or: 0 })).toThrow(StatsInputError);
  });
});
