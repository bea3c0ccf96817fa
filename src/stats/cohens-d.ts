import { StatsInputError } from './types.js';
import { presentValues } from './mid-ranks.js';

export interface CohensDResult {
  /** d = (x̄ − ȳ) / s_p */
  d: number;
  /** x̄ − ȳ */
  meanDifference: number;
  /** Pooled SD s_p = √{[(n₁−1)s₁² + (n₂−1)s₂²] / (n₁+n₂−2)} */
  pooledSd: number;
  /** n₁ + n₂ − 2 */
  df: number;
  /** Observations used per group (missing values dropped). */
  n: [number, number];
  method: string;
}

/**
 * Cohen's d for two independent samples with the pooled standard deviation (Cohen 1988, §2.2;
 * Hedges & Olkin 1985, ch. 5): d = (x̄ − ȳ) / s_p, s_p² = [(n₁−1)s₁² + (n₂−1)s₂²]/(n₁+n₂−2),
 * with s² the n−1 sample variances. Positive when x has the larger mean.
 *
 * Missing values (null / NaN) are dropped. Throws StatsInputError when a group has fewer than
 * 2 values, on infinite values, or when the pooled SD is 0 (both groups constant).
 */
export function cohensD(x: readonly (number | null)[], y: readonly (number | null)[]): CohensDResult {
  const xs = presentValues(x, 'x');
  const ys = presentValues(y, 'y');
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 < 2 || n2 < 2) {
    throw new StatsInputError(`Cohen's d needs at least 2 values in each group (got ${n1} and ${n2} non-missing values)`);
  }
  const m1 = mean(xs);
  const m2 = mean(ys);
  let ss = 0;
  for (const v of xs) ss += (v - m1) ** 2;
  for (const v of ys) ss += (v - m2) ** 2;
  const df = n1 + n2 - 2;
  const pooledSd = Math.sqrt(ss / df);
  if (!(pooledSd > 10 * Number.EPSILON * Math.max(Math.abs(m1), Math.abs(m2)))) {
    throw new StatsInputError(
      "both groups are constant (pooled SD 0), so Cohen's d is undefined",
      'the standardised mean difference needs variation within the groups',
    );
  }
  const meanDifference = m1 - m2;
  return { d: meanDifference / pooledSd, meanDifference, pooledSd, df, n: [n1, n2], method: "Cohen's d (pooled SD)" };
}


function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
