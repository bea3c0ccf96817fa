import { betaQuantile } from './distributions.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface ProportionClopperPearsonOptions {
  /** Confidence level, 0 < level < 1. Default 0.95. */
  level?: number;
  /**
   * 'two-sided' (default) puts (1 − level)/2 in each tail; 'less' gives [0, U] and 'greater' gives
   * [L, 1] with the whole 1 − level in the one tail (as R `binom.test(alternative = …)`).
   */
  alternative?: Alternative;
}

export interface ProportionClopperPearsonResult {
  /** Sample proportion x / n. */
  estimate: number;
  /** Exact (Clopper–Pearson) interval. */
  ci: Interval;
  /** "Clopper-Pearson exact interval" plus "(one-sided, …)" for one-sided alternatives. */
  method: string;
  alternative: Alternative;
  x: number;
  n: number;
}

/**
 * Clopper–Pearson (1934) "exact" interval for a binomial proportion, from beta quantiles:
 *
 *     L = B⁻¹(α₁; x, n − x + 1)   (L = 0 when x = 0)
 *     U = B⁻¹(1 − α₂; x + 1, n − x)   (U = 1 when x = n)
 *
 * with α₁ = α₂ = (1 − level)/2 for a two-sided interval, and for one-sided intervals
 * 'less' → [0, B⁻¹(level; x + 1, n − x)] and 'greater' → [B⁻¹(1 − level; x, n − x + 1), 1].
 * For x = 0 the two-sided upper limit is 1 − (α/2)^(1/n); for x = n the lower limit is (α/2)^(1/n).
 *
 * Sources: C. J. Clopper & E. S. Pearson (1934), Biometrika 26:404–413; R `stats::binom.test`
 * (its `conf.int`).
 *
 * @throws StatsInputError when n is not a positive integer, x is not an integer in [0, n], the level
 *   is not in (0, 1) or the alternative is unknown.
 */
export function proportionClopperPearson(
  x: number,
  n: number,
  options: ProportionClopperPearsonOptions = {},
): ProportionClopperPearsonResult {
  const level = options.level ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  if (!Number.isInteger(n) || n < 1) {
    throw new StatsInputError(`Clopper-Pearson interval: n must be a positive integer (got ${n}).`, 'Give the number of trials/respondents.');
  }
  if (!Number.isInteger(x) || x < 0 || x > n) {
    throw new StatsInputError(`Clopper-Pearson interval: x must be an integer from 0 to n = ${n} (got ${x}).`, 'Give the number of successes.');
  }
  if (!(level > 0 && level < 1)) {
    throw new StatsInputError(`Clopper-Pearson interval: level must be between 0 and 1 (got ${level}).`, 'Use e.g. 0.95 for a 95% interval.');
  }
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new StatsInputError(`Clopper-Pearson interval: unknown alternative "${String(alternative)}".`, "Use 'two-sided', 'less' or 'greater'.");
  }
  // Lower limit with tail probability a below it; upper limit with tail probability a above it.
  const lowerAt = (a: number): number => (x === 0 ? 0 : betaQuantile(a, x, n - x + 1));
  const upperAt = (a: number): number => (x === n ? 1 : betaQuantile(1 - a, x + 1, n - x));
  const alpha = 1 - level;
  let lower: number;
  let upper: number;
  if (alternative === 'two-sided') {
    lower = lowerAt(alpha / 2);
    upper = upperAt(alpha / 2);
  } else if (alternative === 'less') {
    lower = 0;
    upper = upperAt(alpha);
  } else {
    lower = lowerAt(alpha);
    upper = 1;
  }
  return {
    estimate: x / n,
    ci: { lower, upper, level },
    method: alternative === 'two-sided' ? 'Clopper-Pearson exact interval' : `Clopper-Pearson exact interval (one-sided, ${alternative})`,
    alternative,
    x,
    n,
  };
}
