import { chisqSf } from './distributions.js';
import { midRanks } from './mid-ranks.js';
import { StatsInputError } from './types.js';

export interface KruskalWallisResult {
  /** H, tie-corrected */
  statistic: number;
  /** k − 1 */
  df: number;
  /** P(χ²_{k−1} ≥ H) */
  p: number;
  /** ε² = H(n + 1)/(n² − 1) = H/(n − 1) (Tomczak & Tomczak 2014) */
  epsilonSquared: number;
  /** Observations used per group (missing values dropped). */
  n: number[];
  /** Mean rank per group. */
  meanRanks: number[];
  ties: boolean;
  method: string;
}

/**
 * Kruskal–Wallis rank-sum test, as R's `kruskal.test` (Kruskal & Wallis 1952; Hollander & Wolfe
 * 1973, §6.1). With mid-ranks over all n observations and Rᵢ the rank sum of group i,
 * H = [12/(n(n+1)) · Σ Rᵢ²/nᵢ − 3(n+1)] / [1 − Σ(t³ − t)/(n³ − n)] (t = sizes of tied groups),
 * p from χ² with k − 1 df.
 *
 * Missing values (null / NaN) are dropped. Throws StatsInputError with fewer than 2 groups, a
 * group with fewer than 2 values, infinite values, or when all values are equal.
 */
export function kruskalWallis(groups: readonly (readonly (number | null)[])[]): KruskalWallisResult {
  if (groups.length < 2) throw new StatsInputError(`the Kruskal–Wallis test needs at least 2 groups (got ${groups.length})`);
  const values: number[] = [];
  const owner: number[] = [];
  const sizes: number[] = [];
  groups.forEach((g, i) => {
    let count = 0;
    for (const v of g) {
      if (v === null || Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw new StatsInputError(`group ${i + 1} contains an infinite value`);
      values.push(v);
      owner.push(i);
      count++;
    }
    if (count < 2) throw new StatsInputError(`group ${i + 1} has ${count} non-missing value(s); the Kruskal–Wallis test needs at least 2 per group`);
    sizes.push(count);
  });
  const n = values.length;
  const k = groups.length;
  const { ranks, tieSizes } = midRanks(values);
  let tieSum = 0;
  for (const t of tieSizes) tieSum += t ** 3 - t;
  const tieFactor = 1 - tieSum / (n ** 3 - n);
  if (!(tieFactor > 0)) {
    throw new StatsInputError('all values are equal, so the Kruskal–Wallis statistic is undefined', 'the data need at least two distinct values');
  }
  const rankSums = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) rankSums[owner[i]] += ranks[i];
  let s = 0;
  for (let i = 0; i < k; i++) s += rankSums[i] ** 2 / sizes[i];
  const statistic = ((12 * s) / (n * (n + 1)) - 3 * (n + 1)) / tieFactor;
  const df = k - 1;
  return {
    statistic,
    df,
    p: chisqSf(statistic, df),
    epsilonSquared: (statistic * (n + 1)) / (n * n - 1),
    n: sizes,
    meanRanks: rankSums.map((r, i) => r / sizes[i]),
    ties: tieSizes.length > 0,
    method: tieSizes.length > 0 ? 'Kruskal–Wallis rank-sum test with tie correction' : 'Kruskal–Wallis rank-sum test',
  };
}

