import { tInference } from './t-inference.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface TTestPairedOptions {
  alternative?: Alternative;
  /** Confidence level of the interval (default 0.95). */
  level?: number;
  /** Hypothesised mean difference (default 0). */
  mu?: number;
}

export interface TTestPairedResult {
  /** t = (d̄ − mu) / (s_d / √n) */
  statistic: number;
  /** n − 1 */
  df: number;
  p: number;
  /** Mean of the differences d = x − y. */
  estimate: number;
  /** Standard error s_d / √n. */
  se: number;
  /** Interval for the mean difference; one-sided alternatives give an infinite bound, as R does. */
  ci: Interval;
  alternative: Alternative;
  mu: number;
  /** Complete pairs used. */
  n: number;
  /** Pairs dropped because x or y was missing (null / NaN). */
  nDropped: number;
  method: string;
}

/**
 * Paired t-test, as R's `t.test(x, y, paired = TRUE)`: a one-sample t-test on d = x − y.
 * t = (d̄ − mu) / (s_d/√n), df = n − 1, interval d̄ ± t_{1−α/2, n−1}·s_d/√n (Student 1908).
 *
 * A pair with a missing value (null / NaN) on either side is dropped and counted in `nDropped`.
 * Throws StatsInputError when x and y differ in length, fewer than 2 complete pairs remain,
 * or all differences are equal (s_d = 0, t undefined).
 */
export function tTestPaired(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
  options: TTestPairedOptions = {},
): TTestPairedResult {
  const alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  const mu = options.mu ?? 0;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`confidence level must be strictly between 0 and 1, got ${level}`);
  if (!Number.isFinite(mu)) throw new StatsInputError(`mu must be a finite number, got ${mu}`);
  if (x.length !== y.length) {
    throw new StatsInputError(`a paired t-test needs x and y of equal length (got ${x.length} and ${y.length})`);
  }
  const d: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) continue;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatsInputError(`pair ${i + 1} contains an infinite value`);
    d.push(a - b);
  }
  const n = d.length;
  if (n < 2) throw new StatsInputError(`a paired t-test needs at least 2 complete pairs (got ${n})`);
  let sum = 0;
  for (const v of d) sum += v;
  const estimate = sum / n;
  let ss = 0;
  for (const v of d) ss += (v - estimate) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  if (!(se > 10 * Number.EPSILON * Math.abs(estimate))) {
    throw new StatsInputError(
      'all paired differences are equal (zero variance), so the t statistic is undefined',
      'a paired t-test needs the differences x − y to vary',
    );
  }
  const df = n - 1;
  const { statistic, p, ci } = tInference(estimate, se, df, mu, alternative, level);
  return {
    statistic,
    df,
    p,
    estimate,
    se,
    ci,
    alternative,
    mu,
    n,
    nDropped: x.length - n,
    method: 'Paired t-test',
  };
}
