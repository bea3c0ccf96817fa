import { normalApproximation } from './normal-approximation.js';
import { midRanks } from './mid-ranks.js';
import { StatsInputError, type Alternative } from './types.js';

export interface WilcoxonSignedRankOptions {
  /**
   * 'auto' (default): exact when there are no ties and no zero differences and n < 50, otherwise
   * the normal approximation (R's rule). 'exact' asks for the exact distribution (falls back to the
   * normal approximation with ties or zeros and says so in `method`, as R does).
   */
  method?: 'auto' | 'exact' | 'normal';
  /** Continuity correction in the normal approximation (default true, as R's `correct = TRUE`). */
  continuity?: boolean;
  alternative?: Alternative;
  /** Hypothesised location of the differences (default 0). */
  mu?: number;
}

export interface WilcoxonSignedRankResult {
  /** V: the sum of the ranks of |d| over the positive differences d = x − y − mu. */
  statistic: number;
  p: number;
  /** z of the normal approximation (with any continuity correction); null when p is exact. */
  z: number | null;
  pMethod: 'exact' | 'normal';
  /** Matched-pairs rank-biserial r = 4V/(n(n+1)) − 1 (Kerby 2014): positive when x − y tends to exceed mu. */
  rankBiserial: number;
  /** Non-zero differences used. */
  n: number;
  /** Zero differences dropped before ranking (as R does). */
  nZeros: number;
  /** Pairs dropped because x or y was missing (null / NaN). */
  nDropped: number;
  ties: boolean;
  alternative: Alternative;
  method: string;
}

/**
 * Wilcoxon signed-rank test, as R's `wilcox.test(x, y, paired = TRUE)` or, with `y` omitted,
 * the one-sample `wilcox.test(x, mu = mu)` (Wilcoxon 1945; Hollander & Wolfe 1973, ch. 3).
 *
 * d = x − y − mu; zero differences are dropped (counted in `nZeros`); the |d| get mid-ranks and
 * V = Σ rank over d > 0. Exact p: V is a sum of independent terms k·Bernoulli(½), k = 1 … n, so
 * its distribution follows from the recursion P_k(v) = ½P_{k−1}(v) + ½P_{k−1}(v − k).
 * Two-sided exact p = min(1, 2·min(P(V ≤ v), P(V ≥ v))) as R.
 * Normal approximation: z = (V − n(n+1)/4 − c)/σ with σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48
 * (t = sizes of tied groups of |d|), continuity correction c = ±½ as R.
 *
 * Throws StatsInputError when x and y differ in length, on infinite values, or when fewer than
 * 2 non-zero differences remain.
 */
export function wilcoxonSignedRank(
  x: readonly (number | null)[],
  y: readonly (number | null)[] | null = null,
  options: WilcoxonSignedRankOptions = {},
): WilcoxonSignedRankResult {
  const requested = options.method ?? 'auto';
  const continuity = options.continuity ?? true;
  const alternative = options.alternative ?? 'two-sided';
  const mu = options.mu ?? 0;
  if (!Number.isFinite(mu)) throw new StatsInputError(`mu must be a finite number, got ${mu}`);
  if (y !== null && y.length !== x.length) {
    throw new StatsInputError(`a paired signed-rank test needs x and y of equal length (got ${x.length} and ${y.length})`);
  }
  const d: number[] = [];
  let complete = 0;
  let nZeros = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y === null ? 0 : y[i];
    if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) continue;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatsInputError(`observation ${i + 1} contains an infinite value`);
    complete++;
    const diff = a - b - mu;
    if (diff === 0) nZeros++;
    else d.push(diff);
  }
  const n = d.length;
  if (n < 2) {
    throw new StatsInputError(
      `the signed-rank test needs at least 2 non-zero differences (got ${n}; ${nZeros} zero difference(s) dropped)`,
    );
  }
  const { ranks, tieSizes } = midRanks(d.map(Math.abs));
  let v = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) v += ranks[i];
  const ties = tieSizes.length > 0;
  const zeros = nZeros > 0;
  const common = {
    statistic: v,
    rankBiserial: (4 * v) / (n * (n + 1)) - 1,
    n,
    nZeros,
    nDropped: x.length - complete,
    ties,
    alternative,
  };
  const wantExact = requested === 'exact' || (requested === 'auto' && n < 50);
  if (wantExact && !ties && !zeros) {
    // Point probabilities reach 2⁻ⁿ, which underflows a double beyond n ≈ 1070.
    if (n > 1000) {
      throw new StatsInputError(
        `the exact signed-rank distribution is not computed for n = ${n} > 1000`,
        "use method 'normal' (or 'auto', which picks it for samples this large)",
      );
    }
    const dist = exactDistribution(n);
    const cdf = (k: number): number => {
      let s = 0;
      for (let t = 0; t <= Math.min(k, dist.length - 1); t++) s += dist[t];
      return Math.min(1, s);
    };
    const sf = (k: number): number => {
      let s = 0;
      for (let t = Math.max(0, k); t < dist.length; t++) s += dist[t];
      return Math.min(1, s);
    };
    let p: number;
    if (alternative === 'less') p = cdf(v);
    else if (alternative === 'greater') p = sf(v);
    else p = Math.min(1, 2 * (v > (n * (n + 1)) / 4 ? sf(v) : cdf(v)));
    return { ...common, p, z: null, pMethod: 'exact', method: 'Wilcoxon signed-rank test, exact p' };
  }
  let tieSum = 0;
  for (const t of tieSizes) tieSum += t ** 3 - t;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieSum / 48);
  const centred = v - (n * (n + 1)) / 4;
  const { z, p } = normalApproximation(centred, sigma, alternative, continuity);
  const notes: string[] = [];
  if (ties) notes.push('tie correction');
  if (continuity) notes.push('continuity correction');
  let method = 'Wilcoxon signed-rank test, normal approximation';
  if (notes.length > 0) method += ` with ${notes.join(' and ')}`;
  if (zeros) method += `; ${nZeros} zero difference(s) dropped`;
  if (requested === 'exact') method += ' (exact p is not available with ties or zero differences)';
  return { ...common, p, z, pMethod: 'normal', method };
}

/** P(V = v), v = 0 … n(n+1)/2, under H0 (each rank's sign ± with probability ½). */
function exactDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const dist = new Float64Array(max + 1);
  dist[0] = 1;
  for (let k = 1; k <= n; k++) {
    // In place, from the top down, so dist[v − k] still holds P_{k−1}.
    for (let v = (k * (k + 1)) / 2; v >= k; v--) dist[v] = 0.5 * dist[v] + 0.5 * dist[v - k];
    for (let v = Math.min(k - 1, max); v >= 0; v--) dist[v] *= 0.5;
  }
  return dist;
}

