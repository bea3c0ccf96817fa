import { describe, expect, it } from 'vitest';
import { logisticRegression } from './logistic-regression.js';
import { StatsInputError } from './types.js';

/** Expand a 2×2 table (x = 1: a successes, b failures; x = 0: c successes, d failures) to 0/1 rows. */
const expand = (a: number, b: number, c: number, d: number): { y: number[]; X: number[][] } => {
  const y: number[] = [];
  const X: number[][] = [];
  const add = (count: number, yy: number, xx: number): void => {
    for (let i = 0; i < count; i++) {
      y.push(yy);
      X.push([xx]);
    }
  };
  add(a, 1, 1);
  add(b, 0, 1);
  add(c, 1, 0);
  add(d, 0, 0);
  return { y, X };
};

describe('logisticRegression', () => {
  it('single binary predictor: slope = log odds ratio, SE = √(1/a + 1/b + 1/c + 1/d) (exact identities)', () => {
    const [a, b, c, d] = [12, 5, 7, 14];
    const { y, X } = expand(a, b, c, d);
    const res = logisticRegression(y, X, { names: ['exposed'] });
    expect(res.converged).toBe(true);
    expect(res.warnings).toEqual([]);
    const [b0, b1] = res.coefficients;
    expect(b1.name).toBe('exposed');
    expect(b1.estimate).toBeCloseTo(Math.log((a * d) / (b * c)), 8);
    expect(b1.se).toBeCloseTo(Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), 8);
    // Intercept = log odds in the unexposed group, SE = √(1/c + 1/d).
    expect(b0.estimate).toBeCloseTo(Math.log(c / d), 8);
    expect(b0.se).toBeCloseTo(Math.sqrt(1 / c + 1 / d), 8);
    expect(b1.oddsRatio).toBeCloseTo((a * d) / (b * c), 7);
    // The model is saturated for the two groups: its deviance is −2·Σ group log-likelihoods.
    const ll = (s: number, f: number): number => s * Math.log(s / (s + f)) + f * Math.log(f / (s + f));
    expect(res.deviance).toBeCloseTo(-2 * (ll(a, b) + ll(c, d)), 8);
    expect(res.nullDeviance).toBeCloseTo(-2 * ll(a + c, b + d), 8);
    // For 0/1 data AIC = deviance + 2k.
    expect(res.aic).toBeCloseTo(res.deviance + 4, 8);
    expect(res.dfResidual).toBe(a + b + c + d - 2);
    expect(b1.ci.lower).toBeCloseTo(b1.estimate - 1.959963984540054 * b1.se, 10);
    expect(b1.p).toBeGreaterThan(0);
    expect(b1.p).toBeLessThan(1);
  });

  it('Challenger O-rings (faraway::orings; Faraway, Extending the Linear Model with R, ch. 2): R glm output', () => {
    // R: glm(cbind(damage, 6 - damage) ~ temp, family = binomial, data = orings), summary printed as
    // (Intercept) 11.66299 (SE 3.29626), temp −0.21623 (SE 0.05318), z −4.066, p 4.78e-05;
    // null deviance 38.898 on 22 df, residual deviance 16.912 on 21 df, AIC 33.675, 6 Fisher scoring iterations.
    const temp = [53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70, 70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81];
    const damage = [5, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    const res = logisticRegression({ successes: damage, trials: damage.map(() => 6) }, temp.map((t) => [t]), { names: ['temp'] });
    const [b0, b1] = res.coefficients;
    expect(Math.abs(b0.estimate - 11.66299)).toBeLessThan(5e-6);
    expect(Math.abs(b0.se - 3.29626)).toBeLessThan(5e-6);
    expect(Math.abs(b0.z - 3.538)).toBeLessThan(5e-4);
    expect(Math.abs(b0.p - 0.000403)).toBeLessThan(5e-7);
    expect(Math.abs(b1.estimate - -0.21623)).toBeLessThan(5e-6);
    expect(Math.abs(b1.se - 0.05318)).toBeLessThan(5e-6);
    expect(Math.abs(b1.z - -4.066)).toBeLessThan(5e-4);
    expect(Math.abs(b1.p - 4.78e-5)).toBeLessThan(5e-8);
    expect(Math.abs(res.nullDeviance - 38.898)).toBeLessThan(5e-4);
    expect(Math.abs(res.deviance - 16.912)).toBeLessThan(5e-4);
    expect(Math.abs(res.aic - 33.675)).toBeLessThan(5e-4);
    expect([res.dfNull, res.dfResidual]).toEqual([22, 21]);
    expect(res.iterations).toBe(6);
    expect(res.converged).toBe(true);
  });

  it('grouped {successes, trials} gives the same coefficients as the expanded 0/1 data', () => {
    const [a, b, c, d] = [12, 5, 7, 14];
    const { y, X } = expand(a, b, c, d);
    const ungrouped = logisticRegression(y, X);
    const grouped = logisticRegression({ successes: [a, c], trials: [a + b, c + d] }, [[1], [0]]);
    for (let j = 0; j < 2; j++) {
      expect(grouped.coefficients[j].estimate).toBeCloseTo(ungrouped.coefficients[j].estimate, 8);
      expect(grouped.coefficients[j].se).toBeCloseTo(ungrouped.coefficients[j].se, 8);
    }
    // Two groups, two coefficients: saturated, deviance 0.
    expect(grouped.deviance).toBeCloseTo(0, 8);
  });

  it('continuous predictors: the score equations Σ(y − p)x = 0 hold at the MLE', () => {
    const x1 = [0.5, 1.2, 2.3, 2.9, 3.1, 4.0, 4.4, 5.2, 5.9, 6.5, 7.1, 8.0];
    const x2 = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1];
    const y = [0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1];
    const res = logisticRegression(y, x1.map((v, i) => [v, x2[i]]), { names: ['dose', 'group'] });
    expect(res.converged).toBe(true);
    const [b0, b1, b2] = res.coefficients.map((c) => c.estimate);
    const p = x1.map((v, i) => 1 / (1 + Math.exp(-(b0 + b1 * v + b2 * x2[i]))));
    const score = [0, 0, 0];
    y.forEach((yi, i) => {
      score[0] += yi - p[i];
      score[1] += (yi - p[i]) * x1[i];
      score[2] += (yi - p[i]) * x2[i];
    });
    for (const s of score) expect(Math.abs(s)).toBeLessThan(1e-6);
    expect(res.deviance).toBeLessThan(res.nullDeviance);
  });

  it('complete separation gives a warning naming the variable, not an exception', () => {
    const res = logisticRegression([0, 0, 0, 1, 1, 1], [[1], [2], [3], [4], [5], [6]], { names: ['score'] });
    expect(res.warnings.some((w) => w.includes('"score"') && w.includes('completely separates'))).toBe(true);
  });

  it('quasi-complete separation (a zero cell) names the variable', () => {
    const { y, X } = expand(10, 0, 6, 9);
    const res = logisticRegression(y, X, { names: ['trained'] });
    expect(res.warnings.some((w) => w.includes('"trained"'))).toBe(true);
  });

  it('degenerate input throws StatsInputError', () => {
    expect(() => logisticRegression([0, 0, 0], [[1], [2], [3]])).toThrow(/constant/);
    expect(() => logisticRegression([0, 2, 1], [[1], [2], [3]])).toThrow(StatsInputError);
    expect(() => logisticRegression([0, 1, 1, 0], [[1, 2], [2, 4], [3, 6], [4, 8]], { names: ['a', 'b'] })).toThrow(/"b"/);
    expect(() => logisticRegression([0, 1, 1, 0], [[5], [5], [5], [5]], { names: ['c'] })).toThrow(/"c"/);
    expect(() => logisticRegression({ successes: [3], trials: [2] }, [[1]])).toThrow(StatsInputError);
    expect(() => logisticRegression([0, 1], [[1], [2], [3]])).toThrow(StatsInputError);
  });

  it('cluster-robust SEs match R sandwich::vcovCL(type = "HC0", cadjust = TRUE), i.e. Stata logit vce(cluster)', () => {
    // R 4.2, sandwich 3.0.2:
    //   i <- 0:39; x1 <- ((i * 7) %% 11) / 10; x2 <- i %% 3; g <- paste0("c", i %/% 5)
    //   y <- as.integer(((i * 13) %% 7) < 3); fit <- glm(y ~ x1 + x2, family = binomial)
    //   sqrt(diag(vcov(fit))); sqrt(diag(vcovCL(fit, cluster = ~g, type = "HC0", cadjust = TRUE)))
    const i = Array.from({ length: 40 }, (_, k) => k);
    const y = i.map((k) => (((k * 13) % 7) < 3 ? 1 : 0));
    const X = i.map((k) => [((k * 7) % 11) / 10, k % 3]);
    const res = logisticRegression(y, X, { names: ['x1', 'x2'], clusters: i.map((k) => `c${Math.floor(k / 5)}`) });
    expect(res.coefficients.map((c) => c.estimate)).toEqual([-0.0447457005687206, -0.5084566998253558, -0.1098405581838943].map((v) => expect.closeTo(v, 8)));
    expect(res.coefficients.map((c) => c.se)).toEqual([0.731922374946789, 1.012455402672868, 0.396247402520151].map((v) => expect.closeTo(v, 7)));
    const cr = res.clusterRobust!;
    expect(cr.clusters).toBe(8);
    expect(cr.coefficients.map((c) => c.se)).toEqual([0.465749724345687, 1.075550578612441, 0.216277619454825].map((v) => expect.closeTo(v, 7)));
    expect(cr.coefficients[1].z).toBeCloseTo(-0.5084566998253558 / 1.075550578612441, 6);
    expect(cr.coefficients.map((c) => c.estimate)).toEqual(res.coefficients.map((c) => c.estimate));
    expect(() => logisticRegression(y, X, { clusters: i.map(() => 'one') })).toThrow(/2 clusters/);
  });
});
