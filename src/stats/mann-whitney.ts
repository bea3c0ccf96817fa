import { lchoose } from './distributions.js';
import { normalApproximation } from './normal-approximation.js';
import { midRanks, presentValues } from './mid-ranks.js';
import { StatsInputError, type Alternative } from './types.js';

export interface MannWhitneyOptions {
  /**
   * 'auto' (default): exact when there are no ties and both groups have fewer than 50 values,
   * otherwise the normal approximation (R's rule). 'exact' asks for the exact distribution (falls
   * back to the normal approximation when there are ties, and says so in `method`, as R does).
   */
  method?: 'auto' | 'exact' | 'normal';
  /** Continuity correction in the normal approximation (default true, as R's `correct = TRUE`). */
  continuity?: boolean;
  alternative?: Alternative;
}

export interface MannWhitneyResult {
  /** W = R₁ − n₁(n₁+1)/2 = U of x: the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½. */
  statistic: number;
  p: number;
  /** z of the normal approximation (with any continuity correction); null when p is exact. */
  z: number | null;
  /** 'exact' when p comes from the exact null distribution of W, else 'normal'. */
  pMethod: 'exact' | 'normal';
  /** Rank-biserial correlation r = 2W/(n₁n₂) − 1: positive when x tends to be larger than y. */
  rankBiserial: number;
  /** Whether the pooled sample has tied values. */
  ties: boolean;
  alternative: Alternative;
  /** Observations used per group (missing values dropped). */
  n: [number, number];
  /** Missing values (null / NaN) dropped per group. */
  nMissing: [number, number];
  method: string;
}

/**
 * Wilcoxon rank-sum / Mann–Whitney U test, as R's `wilcox.test(x, y)` (Hollander & Wolfe 1973, ch. 4).
 *
 * W = R₁ − n₁(n₁+1)/2, with R₁ the sum of the mid-ranks of x in the pooled sample.
 * Exact p: under H0 all C(n₁+n₂, n₁) orderings of the x's and y's are equally likely, and the
 * number c(w) of orderings with W = w is the number of partitions of w into at most n₁ parts each
 * ≤ n₂, i.e. the coefficient of q^w in the Gaussian binomial [n₁+n₂ choose n₁]_q (Mann & Whitney
 * 1947; Andrews, The Theory of Partitions, §3.3), computed by exact polynomial steps in doubles.
 * Two-sided exact p = min(1, 2·min(P(W ≤ w), P(W ≥ w))) as in R.
 * Normal approximation: z = (W − n₁n₂/2 − c)/σ with
 * σ² = n₁n₂/12 · [(n₁+n₂+1) − Σ(t³ − t)/((n₁+n₂)(n₁+n₂−1))] (t = sizes of tied groups) and
 * continuity correction c = ±½ (sign(W − n₁n₂/2)·½ two-sided), as R.
 * Rank-biserial r = 2W/(n₁n₂) − 1 (Wendt 1972; Kerby 2014): the proportion of pairs favouring x
 * minus the proportion favouring y.
 *
 * Missing values (null / NaN) are dropped. Throws StatsInputError when a group has fewer than
 * 2 values, on infinite values, or when all pooled values are equal (σ = 0).
 */
export function mannWhitney(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const requested = options.method ?? 'auto';
  const continuity = options.continuity ?? true;
  const alternative = options.alternative ?? 'two-sided';
  const xs = presentValues(x, 'x');
  const ys = presentValues(y, 'y');
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 < 2 || n2 < 2) {
    throw new StatsInputError(
      `a Mann–Whitney test needs at least 2 values in each group (got ${n1} and ${n2} non-missing values)`,
    );
  }
  const { ranks, tieSizes } = midRanks([...xs, ...ys]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const w = r1 - (n1 * (n1 + 1)) / 2;
  const ties = tieSizes.length > 0;
  if (tieSizes.length === 1 && tieSizes[0] === n1 + n2) {
    throw new StatsInputError('all values are equal, so the rank-sum test is undefined', 'the pooled data need at least two distinct values');
  }
  const wantExact = requested === 'exact' || (requested === 'auto' && n1 < 50 && n2 < 50);
  const rankBiserial = (2 * w) / (n1 * n2) - 1;
  const common = { statistic: w, rankBiserial, ties, alternative, n: [n1, n2] as [number, number], nMissing: [x.length - n1, y.length - n2] as [number, number] };

  if (wantExact && !ties) {
    // The counts C(n1+n2, n1) must stay below the largest double (≈ 1.8e308).
    if (lchoose(n1 + n2, n1) > 700) {
      throw new StatsInputError(
        `the exact rank-sum distribution is too large to compute for n = ${n1} and ${n2}`,
        "use method 'normal' (or 'auto', which picks it for samples this large)",
      );
    }
    const counts = exactCounts(n1, n2);
    const top = n1 * n2;
    // Σ c(w) = C(n1+n2, n1), summed from the accurate lower half using the symmetry c(w) = c(n1n2 − w).
    const half = Math.floor(top / 2);
    let lowerSum = 0;
    for (let v = 0; v <= half; v++) lowerSum += counts[v];
    const total = top % 2 === 0 ? 2 * lowerSum - counts[half] : 2 * lowerSum;
    // P(W ≤ k), summed over the lower half only: for k above the centre use 1 − P(W ≤ n1n2 − k − 1).
    const lowerTail = (k: number): number => {
      let sum = 0;
      for (let v = 0; v <= k; v++) sum += counts[v];
      return sum / total;
    };
    const cdf = (k: number): number => {
      if (k < 0) return 0;
      if (k >= top) return 1;
      return Math.min(1, 2 * k <= top ? lowerTail(k) : 1 - lowerTail(top - k - 1));
    };
    const sf = (k: number): number => cdf(top - k); // P(W ≥ k) = P(W ≤ n1n2 − k) by symmetry
    let p: number;
    if (alternative === 'less') p = cdf(w);
    else if (alternative === 'greater') p = sf(w);
    else p = Math.min(1, 2 * (w > (n1 * n2) / 2 ? sf(w) : cdf(w)));
    return { ...common, p, z: null, pMethod: 'exact', method: 'Wilcoxon rank-sum (Mann–Whitney) test, exact p' };
  }

  const N = n1 + n2;
  let tieSum = 0;
  for (const t of tieSizes) tieSum += t ** 3 - t;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tieSum / (N * (N - 1))));
  const centred = w - (n1 * n2) / 2;
  const { z, p } = normalApproximation(centred, sigma, alternative, continuity);
  let method = 'Wilcoxon rank-sum (Mann–Whitney) test, normal approximation';
  if (ties) method += ' with tie correction';
  if (continuity) method += ties ? ' and continuity correction' : ' with continuity correction';
  if (requested === 'exact' && ties) method += ' (exact p is not available with ties)';
  return { ...common, p, z, pMethod: 'normal', method };
}

/**
 * Counts c(w) of the orderings with W = w, w = 0 … n1·n2 (they sum to C(n1+n2, n1)). These are the
 * coefficients of the Gaussian binomial [n1+n2 choose n1]_q = Π_{i=1..n1} (1 − q^{n2+i})/(1 − q^i),
 * built one factor at a time (each partial product is again a Gaussian binomial, with coefficients
 * ≥ 0): O(n1²·n2) operations instead of the O(n1²·n2²) of the plain recursion. Only the lower half
 * is used for tail sums (the distribution is symmetric), where each coefficient is computed from
 * smaller, non-decreasing ones, so rounding stays relative.
 */
function exactCounts(n1: number, n2: number): Float64Array {
  const c = new Float64Array(n1 * n2 + n1 + n2 + 1);
  c[0] = 1;
  let degree = 0;
  for (let i = 1; i <= n1; i++) {
    const shift = n2 + i;
    for (let w = degree + shift; w >= shift; w--) c[w] -= c[w - shift]; // × (1 − q^{n2+i})
    for (let w = i; w <= degree + shift; w++) c[w] += c[w - i]; // ÷ (1 − q^i)
    degree += n2;
    for (let w = degree + 1; w <= degree + shift; w++) c[w] = 0; // exact division leaves no remainder
  }
  return c.subarray(0, n1 * n2 + 1);
}


