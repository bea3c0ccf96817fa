import { betaInc, binomCdf, binomPmf } from './distributions.js';
import { proportionClopperPearson } from './proportion-clopper-pearson.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface BinomialTestOptions {
  /** Hypothesised probability of success, 0 ≤ p0 ≤ 1. Default 0.5. */
  p0?: number;
  /** 'two-sided' (default), 'less' (true p < p0) or 'greater' (true p > p0). */
  alternative?: Alternative;
  /** Confidence level of the Clopper–Pearson interval. Default 0.95. */
  level?: number;
}

export interface BinomialTestResult {
  /** p-value, in [0, 1]. */
  p: number;
  /** Sample proportion x / n. */
  estimate: number;
  /** Clopper–Pearson interval matching the alternative (one-sided for 'less' / 'greater'). */
  ci: Interval;
  x: number;
  n: number;
  p0: number;
  alternative: Alternative;
  /** "Exact binomial test". */
  method: string;
}

/** P(X ≥ k) for X ~ Bin(n, p), as the regularized incomplete beta I_p(k, n − k + 1) (no 1 − cdf). */
function binomUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaInc(p, k, n - k + 1);
}

/** P(X ≤ k) for X ~ Bin(n, p). */
function binomLower(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return binomCdf(k, n, p);
}

/**
 * Exact binomial test of H₀: π = p0 for x successes in n trials, as R `stats::binom.test`.
 *
 * With X ~ Bin(n, p0) and d = P(X = x):
 * - 'less':    p = P(X ≤ x)
 * - 'greater': p = P(X ≥ x)
 * - 'two-sided': the sum of P(X = i) over all i with P(X = i) ≤ d·(1 + 10⁻⁷) (the outcomes at most as
 *   likely as the observed one; the relative tolerance 1 + 10⁻⁷ is R's, so that outcomes tied in exact
 *   arithmetic count despite rounding). For x below the mean m = n·p0 this is P(X ≤ x) + P(X ≥ n − y + 1),
 *   with y the number of i ≥ ⌈m⌉ that qualify, and symmetrically above the mean; x = m gives 1.
 *   For p0 = 0 (p0 = 1) the p-value is 1 if x = 0 (x = n) and 0 otherwise. Capped at 1.
 *
 * The interval is the Clopper–Pearson interval (see `proportionClopperPearson`), one-sided for the
 * one-sided alternatives, as in R.
 *
 * Sources: R `stats::binom.test` (R Core Team); Clopper & Pearson (1934), Biometrika 26:404–413.
 *
 * @throws StatsInputError when n is not a positive integer, x is not an integer in [0, n], p0 is not
 *   in [0, 1], the level is not in (0, 1) or the alternative is unknown.
 */
export function binomialTest(x: number, n: number, options: BinomialTestOptions = {}): BinomialTestResult {
  const p0 = options.p0 ?? 0.5;
  const alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  if (!(Number.isFinite(p0) && p0 >= 0 && p0 <= 1)) {
    throw new StatsInputError(`Binomial test: p0 must be a probability between 0 and 1 (got ${p0}).`, 'Give the hypothesised proportion, e.g. 0.5.');
  }
  // Validates x, n, level and alternative.
  const cp = proportionClopperPearson(x, n, { level, alternative });

  let p: number;
  if (alternative === 'less') {
    p = binomLower(x, n, p0);
  } else if (alternative === 'greater') {
    p = binomUpper(x, n, p0);
  } else if (p0 === 0) {
    p = x === 0 ? 1 : 0;
  } else if (p0 === 1) {
    p = x === n ? 1 : 0;
  } else {
    const relErr = 1 + 1e-7;
    const d = binomPmf(x, n, p0);
    const m = n * p0;
    if (x === m) {
      p = 1;
    } else if (x < m) {
      let y = 0;
      for (let i = Math.ceil(m); i <= n; i++) if (binomPmf(i, n, p0) <= d * relErr) y++;
      p = binomLower(x, n, p0) + binomUpper(n - y + 1, n, p0);
    } else {
      let y = 0;
      for (let i = 0; i <= Math.floor(m); i++) if (binomPmf(i, n, p0) <= d * relErr) y++;
      p = binomLower(y - 1, n, p0) + binomUpper(x, n, p0);
    }
  }
  p = Math.min(1, Math.max(0, p));
  return { p, estimate: cp.estimate, ci: cp.ci, x, n, p0, alternative, method: 'Exact binomial test' };
}
