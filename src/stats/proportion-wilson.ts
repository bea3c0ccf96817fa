import { normalQuantile } from './distributions.js';
import { StatsInputError, type Interval } from './types.js';

export interface ProportionWilsonOptions {
  /** Confidence level, 0 < level < 1. Default 0.95. */
  level?: number;
  /** Apply the continuity correction (Newcombe 1998a, method 4). Default false. */
  continuity?: boolean;
}

export interface ProportionWilsonResult {
  /** Sample proportion x / n. */
  estimate: number;
  /** Two-sided Wilson score interval, within [0, 1]. */
  ci: Interval;
  /** "Wilson score interval" or "Wilson score interval with continuity correction". */
  method: string;
  x: number;
  n: number;
}

/**
 * Wilson (1927) score interval for a single binomial proportion p̂ = x / n, two-sided.
 *
 * With z = Φ⁻¹((1 + level) / 2), without continuity correction (Newcombe 1998a, method 3):
 *
 *     (2np̂ + z² ∓ z·√(z² + 4np̂(1 − p̂))) / (2(n + z²))
 *
 * With continuity correction (Newcombe 1998a, method 4), the limits are the same formula applied to
 * p̂ ∓ 1/(2n):
 *
 *     L = (2np̂ + z² − 1 − z·√(z² − 2 − 1/n + 4p̂(n(1 − p̂) + 1))) / (2(n + z²)),  L = 0 when x = 0
 *     U = (2np̂ + z² + 1 + z·√(z² + 2 − 1/n + 4p̂(n(1 − p̂) − 1))) / (2(n + z²)),  U = 1 when x = n
 *
 * These are the intervals of R's `prop.test(x, n, correct = FALSE / TRUE)$conf.int`. One difference:
 * R shrinks the continuity correction to |x − n·p₀| (p₀ = 0.5 by default) when that is smaller than
 * ½, so for x = n/2 R's "corrected" interval is the uncorrected one; here the correction does not
 * depend on a null value and is always ½.
 *
 * Sources: E. B. Wilson (1927), JASA 22:209–212; R. G. Newcombe (1998a), "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Statistics in Medicine
 * 17:857–872; R `stats::prop.test`.
 *
 * @throws StatsInputError when n is not a positive integer, x is not an integer in [0, n], or the
 *   level is not in (0, 1).
 */
export function proportionWilson(x: number, n: number, options: ProportionWilsonOptions = {}): ProportionWilsonResult {
  const level = options.level ?? 0.95;
  const continuity = options.continuity ?? false;
  if (!Number.isInteger(n) || n < 1) {
    throw new StatsInputError(`Wilson interval: n must be a positive integer (got ${n}).`, 'Give the number of trials/respondents.');
  }
  if (!Number.isInteger(x) || x < 0 || x > n) {
    throw new StatsInputError(`Wilson interval: x must be an integer from 0 to n = ${n} (got ${x}).`, 'Give the number of successes.');
  }
  if (!(level > 0 && level < 1)) {
    throw new StatsInputError(`Wilson interval: level must be between 0 and 1 (got ${level}).`, 'Use e.g. 0.95 for a 95% interval.');
  }
  const z = normalQuantile((1 + level) / 2);
  const p = x / n;
  const cc = continuity ? 0.5 / n : 0;
  const z22n = (z * z) / (2 * n);
  const limit = (pc: number, sign: 1 | -1): number =>
    (pc + z22n + sign * z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  const pLow = p - cc;
  const pHigh = p + cc;
  const lower = x === 0 || pLow <= 0 ? 0 : Math.max(0, limit(pLow, -1));
  const upper = x === n || pHigh >= 1 ? 1 : Math.min(1, limit(pHigh, 1));
  return {
    estimate: p,
    ci: { lower, upper, level },
    method: continuity ? 'Wilson score interval with continuity correction' : 'Wilson score interval',
    x,
    n,
  };
}
