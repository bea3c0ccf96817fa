import { normalQuantile, tCdf, tSf } from './distributions.js';
import { completePairs } from './complete-pairs.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface PearsonCorrelationOptions {
  /** 'two-sided' (default), 'greater' (positive association) or 'less'. */
  alternative?: Alternative;
  /** Confidence level of the interval, default 0.95. */
  level?: number;
}

export interface PearsonCorrelationResult {
  /** Pearson's r. */
  estimate: number;
  /** t = r √(n − 2) / √(1 − r²) (±Infinity when |r| = 1). */
  statistic: number;
  /** n − 2. */
  df: number;
  p: number;
  /** Fisher-z interval; present only when n ≥ 4 (as R). One-sided intervals end at −1 or 1. */
  ci?: Interval;
  /** Number of complete pairs used. */
  n: number;
  method: string;
}

/**
 * Pearson's product-moment correlation with its t test and Fisher-z interval, as R `cor.test(x, y)`.
 *
 *   r = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² Σ (y − ȳ)²),   t = r √(n − 2) / √(1 − r²) ~ t(n − 2).
 *
 * Interval (Fisher 1921): z = atanh r, σ = 1/√(n − 3); two-sided tanh(z ± σ·Φ⁻¹((1 + level)/2)),
 * 'greater' [tanh(z − σ·Φ⁻¹(level)), 1], 'less' [−1, tanh(z + σ·Φ⁻¹(level))]; only when n ≥ 4.
 *
 * Missing values: pairs in which either value is null, undefined or NaN are dropped (R's
 * complete cases); n counts the pairs that remain.
 *
 * Sources: R `stats::cor.test`; Fisher, R. A. (1921) Metron 1, 3–32.
 *
 * @throws StatsInputError when x and y differ in length, hold infinite values, have fewer than
 *   3 complete pairs, or either variable is constant; or when `level` is not in (0, 1).
 */
export function pearsonCorrelation(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  options: PearsonCorrelationOptions = {},
): PearsonCorrelationResult {
  const alternative: Alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  const { xs, ys } = completePairs(x, y, 'Pearson correlation test', alternative);
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || xs.every((v) => v === xs[0])) throw new StatsInputError('x is constant; a correlation needs variation in both variables');
  if (syy === 0 || ys.every((v) => v === ys[0])) throw new StatsInputError('y is constant; a correlation needs variation in both variables');
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const df = n - 2;
  const statistic = Math.abs(r) === 1 ? r * Infinity : (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  let p: number;
  if (alternative === 'greater') p = tSf(statistic, df);
  else if (alternative === 'less') p = tCdf(statistic, df);
  else p = Math.min(1, 2 * Math.min(tCdf(statistic, df), tSf(statistic, df)));

  const result: PearsonCorrelationResult = {
    estimate: r,
    statistic,
    df,
    p,
    n,
    method: "Pearson's product-moment correlation (t test, Fisher-z interval)",
  };
  if (n >= 4) {
    const z = Math.atanh(r);
    const sigma = 1 / Math.sqrt(n - 3);
    if (alternative === 'greater') {
      result.ci = { lower: Math.tanh(z - sigma * normalQuantile(level)), upper: 1, level };
    } else if (alternative === 'less') {
      result.ci = { lower: -1, upper: Math.tanh(z + sigma * normalQuantile(level)), level };
    } else {
      const h = sigma * normalQuantile((1 + level) / 2);
      result.ci = { lower: Math.tanh(z - h), upper: Math.tanh(z + h), level };
    }
  }
  return result;
}
