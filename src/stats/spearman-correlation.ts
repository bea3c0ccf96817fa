import { tCdf, tSf } from './distributions.js';
import { completePairs } from './complete-pairs.js';
import { midRanks } from './mid-ranks.js';
import { StatsInputError, type Alternative } from './types.js';

export interface SpearmanCorrelationOptions {
  /** 'two-sided' (default), 'greater' (positive association) or 'less'. */
  alternative?: Alternative;
  /** Allow the exact permutation p-value (n ≤ 9, no ties). Default true; false forces the t approximation. */
  exact?: boolean;
}

export interface SpearmanCorrelationResult {
  /** Spearman's ρ: Pearson's r of the (mid-)ranks. */
  estimate: number;
  /** R's S = (n³ − n)(1 − ρ)/6 (= Σ d² of rank differences without ties). */
  statistic: number;
  p: number;
  /** t = ρ √((n − 2)/(1 − ρ²)) and its df, present when the t approximation was used. */
  t?: number;
  df?: number;
  /** Number of complete pairs used. */
  n: number;
  method: string;
}

/** Largest n for which the exact null distribution of S is enumerated (n! permutations). */
const EXACT_MAX_N = 9;
const exactCache = new Map<number, Float64Array>();

/**
 * Spearman's rank correlation ρ with its test, as R `cor.test(x, y, method = 'spearman')`.
 *
 *   ρ = Pearson correlation of the ranks (ties get mid-ranks),   S = (n³ − n)(1 − ρ)/6.
 *
 * p-value:
 * - exact (n ≤ 9, no ties, `exact` not false): the null distribution of S = Σ (i − π(i))² over all n!
 *   equally likely permutations π is enumerated; 'greater' = P(S ≤ S_obs), 'less' = P(S ≥ S_obs),
 *   two-sided = min(1, 2·(the tail on the side of S_obs from its mean (n³ − n)/6)). This equals R's
 *   AS 89 result, which is exact for n ≤ 9.
 * - otherwise the asymptotic t approximation (R with `exact = FALSE`): t = ρ √((n − 2)/(1 − ρ²)) on
 *   n − 2 df. NB for 10 ≤ n < 1290 without ties R's default uses an Edgeworth series instead, so R's
 *   default p can differ slightly there; compare with `cor.test(..., exact = FALSE)`.
 *
 * Missing values: pairs with null, undefined or NaN on either side are dropped.
 *
 * Sources: Spearman, C. (1904) Am. J. Psychol. 15, 72–101; Best, D. J. & Roberts, D. E. (1975)
 * Algorithm AS 89, Applied Statistics 24, 377–379; R `stats::cor.test`.
 *
 * @throws StatsInputError when x and y differ in length, hold infinite values, have fewer than 3
 *   complete pairs, or either variable is constant.
 */
export function spearmanCorrelation(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  options: SpearmanCorrelationOptions = {},
): SpearmanCorrelationResult {
  const alternative: Alternative = options.alternative ?? 'two-sided';
  const { xs, ys } = completePairs(x, y, 'Spearman correlation test', alternative);
  const n = xs.length;
  if (xs.every((v) => v === xs[0])) throw new StatsInputError('x is constant; a correlation needs variation in both variables');
  if (ys.every((v) => v === ys[0])) throw new StatsInputError('y is constant; a correlation needs variation in both variables');

  const rx = midRanks(xs).ranks;
  const ry = midRanks(ys).ranks;
  const ties = new Set(xs).size < n || new Set(ys).size < n;
  const rho = Math.max(-1, Math.min(1, correlation(rx, ry)));
  const mean = (n * n * n - n) / 6;
  const statistic = mean * (1 - rho);

  if (options.exact !== false && !ties && n <= EXACT_MAX_N) {
    const dist = exactDistribution(n);
    const s = Math.round(statistic);
    let lowerP = 0; // P(S ≤ s)
    let upperP = 0; // P(S ≥ s)
    for (let v = 0; v < dist.length; v++) {
      if (v <= s) lowerP += dist[v];
      if (v >= s) upperP += dist[v];
    }
    let p: number;
    if (alternative === 'greater') p = lowerP;
    else if (alternative === 'less') p = upperP;
    else p = 2 * (statistic > mean ? upperP : lowerP);
    return {
      estimate: rho,
      statistic,
      p: Math.min(1, p),
      n,
      method: "Spearman's rank correlation rho (exact permutation distribution)",
    };
  }

  const df = n - 2;
  const t = Math.abs(rho) === 1 ? rho * Infinity : rho * Math.sqrt(df / (1 - rho * rho));
  let p: number;
  if (alternative === 'greater') p = tSf(t, df);
  else if (alternative === 'less') p = tCdf(t, df);
  else p = 2 * (statistic > mean ? tCdf(t, df) : tSf(t, df));
  return {
    estimate: rho,
    statistic,
    p: Math.min(1, p),
    t,
    df,
    n,
    method: `Spearman's rank correlation rho (asymptotic t approximation${ties ? ', ties present' : ''})`,
  };
}


function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
    sab += (a[i] - ma) * (b[i] - mb);
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Null distribution of S = Σ (i − π(i))² over the n! permutations: probabilities indexed by S
 * (0 ≤ S ≤ (n³ − n)/3), by depth-first enumeration of the permutations.
 */
function exactDistribution(n: number): Float64Array {
  const cached = exactCache.get(n);
  if (cached) return cached;
  const maxS = (n * n * n - n) / 3;
  const counts = new Float64Array(maxS + 1);
  const used = new Array<boolean>(n).fill(false);
  let total = 0;
  const place = (i: number, s: number): void => {
    if (i === n) {
      counts[s]++;
      total++;
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = true;
      place(i + 1, s + (i - v) * (i - v));
      used[v] = false;
    }
  };
  place(0, 0);
  for (let s = 0; s <= maxS; s++) counts[s] /= total;
  exactCache.set(n, counts);
  return counts;
}
