import { tInference } from './t-inference.js';
import { presentValues } from './mid-ranks.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface TTestTwoSampleOptions {
  /** Welch's unequal-variance test (default true); false gives Student's pooled-variance test. */
  welch?: boolean;
  alternative?: Alternative;
  /** Confidence level of the interval (default 0.95). */
  level?: number;
  /** Hypothesised difference in means μx − μy (default 0). */
  mu?: number;
}

export interface TTestTwoSampleResult {
  /** t = (x̄ − ȳ − mu) / se */
  statistic: number;
  /** Welch–Satterthwaite df, or nx + ny − 2 for Student. */
  df: number;
  p: number;
  /** x̄ − ȳ */
  estimate: number;
  means: [number, number];
  /** Standard error of x̄ − ȳ. */
  se: number;
  /** Interval for μx − μy; one-sided alternatives give an infinite bound, as R does. */
  ci: Interval;
  alternative: Alternative;
  mu: number;
  /** Observations used per group (missing values dropped). */
  n: [number, number];
  /** Missing values (null / NaN) dropped per group. */
  nMissing: [number, number];
  method: string;
}

/**
 * Two-sample t-test for a difference in means, as R's `t.test(x, y, var.equal = !welch)`.
 *
 * Welch (default): se = √(sx²/nx + sy²/ny), df = se⁴ / [(sx²/nx)²/(nx−1) + (sy²/ny)²/(ny−1)]
 * (Welch 1947; Satterthwaite 1946). Student: sp² = [(nx−1)sx² + (ny−1)sy²]/(nx+ny−2),
 * se = sp·√(1/nx + 1/ny), df = nx + ny − 2. In both, t = (x̄ − ȳ − mu)/se and the interval is
 * (x̄ − ȳ) ± t_{1−α/2, df}·se (one-sided: one bound infinite), exactly as R's stats::t.test.
 *
 * Missing values (null, NaN) are dropped per group and counted in `nMissing`.
 * Throws StatsInputError when a group has fewer than 2 values, on non-finite values, on a bad
 * level, or when both groups are constant (standard error 0, t undefined).
 */
export function tTestTwoSample(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
  options: TTestTwoSampleOptions = {},
): TTestTwoSampleResult {
  const welch = options.welch ?? true;
  const alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  const mu = options.mu ?? 0;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`confidence level must be strictly between 0 and 1, got ${level}`);
  if (!Number.isFinite(mu)) throw new StatsInputError(`mu must be a finite number, got ${mu}`);
  const xs = presentValues(x, 'x');
  const ys = presentValues(y, 'y');
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2) {
    throw new StatsInputError(
      `a two-sample t-test needs at least 2 values in each group (got ${nx} and ${ny} non-missing values)`,
    );
  }
  const mx = mean(xs);
  const my = mean(ys);
  const vx = variance(xs, mx);
  const vy = variance(ys, my);
  let se: number;
  let df: number;
  if (welch) {
    const ax = vx / nx;
    const ay = vy / ny;
    se = Math.sqrt(ax + ay);
    // df is scale-free: dividing by the larger term first keeps the squares from underflowing to 0/0
    // when the variances are tiny (found by the property tests).
    const m = Math.max(ax, ay);
    const bx = ax / m;
    const by = ay / m;
    df = (bx + by) ** 2 / (bx ** 2 / (nx - 1) + by ** 2 / (ny - 1));
  } else {
    df = nx + ny - 2;
    const pooled = ((nx - 1) * vx + (ny - 1) * vy) / df;
    se = Math.sqrt(pooled * (1 / nx + 1 / ny));
  }
  // R: "data are essentially constant" when stderr < 10·eps·max(|x̄|, |ȳ|).
  if (!(se > 10 * Number.EPSILON * Math.max(Math.abs(mx), Math.abs(my)))) {
    throw new StatsInputError(
      'both groups are constant (zero variance), so the t statistic is undefined',
      'a t-test needs variation within at least one group',
    );
  }
  const estimate = mx - my;
  const { statistic, p, ci } = tInference(estimate, se, df, mu, alternative, level);
  return {
    statistic,
    df,
    p,
    estimate,
    means: [mx, my],
    se,
    ci,
    alternative,
    mu,
    n: [nx, ny],
    nMissing: [x.length - nx, y.length - ny],
    method: welch ? 'Welch two-sample t-test' : 'Student two-sample t-test (pooled variance)',
  };
}


function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function variance(values: readonly number[], m: number): number {
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return s / (values.length - 1);
}
