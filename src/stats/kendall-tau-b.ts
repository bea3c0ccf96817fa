import { normalCdf, normalSf } from './distributions.js';
import { completePairs } from './complete-pairs.js';
import { StatsInputError, type Alternative } from './types.js';

export interface KendallTauBOptions {
  /** 'two-sided' (default), 'greater' (positive association) or 'less'. */
  alternative?: Alternative;
}

export interface KendallTauBResult {
  /** Kendall's τ-b. */
  estimate: number;
  /** z = S / √Var(S), with S = concordant − discordant pairs and the tie-corrected variance. */
  statistic: number;
  p: number;
  /** Number of complete pairs used. */
  n: number;
  method: string;
}

/**
 * Kendall's τ-b with the normal approximation, as R `cor.test(x, y, method = 'kendall', exact = FALSE)`
 * (no continuity correction).
 *
 *   S = Σ_{i<j} sign(x_i − x_j) sign(y_i − y_j),   n₀ = n(n − 1)/2,
 *   τ_b = S / √((n₀ − n₁)(n₀ − n₂)),   n₁ = Σ t(t − 1)/2 over x tie groups, n₂ likewise for y (u),
 *   Var(S) = [n(n − 1)(2n + 5) − Σ t(t − 1)(2t + 5) − Σ u(u − 1)(2u + 5)] / 18
 *          + Σ t(t − 1) · Σ u(u − 1) / (2n(n − 1))
 *          + Σ t(t − 1)(t − 2) · Σ u(u − 1)(u − 2) / (9n(n − 1)(n − 2)),
 *   z = S / √Var(S); 'greater' = P(Z ≥ z), 'less' = P(Z ≤ z), two-sided = 2·min of the two.
 *
 * Missing values: pairs with null, undefined or NaN on either side are dropped. O(n²) pair count.
 *
 * Sources: Kendall, M. G. (1945) Biometrika 33, 239–251; Kendall & Gibbons (1990) Rank Correlation
 * Methods, 5th ed., ch. 3–4; R `stats::cor.test`.
 *
 * @throws StatsInputError when x and y differ in length, hold infinite values, have fewer than 3
 *   complete pairs, or either variable is constant.
 */
export function kendallTauB(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  options: KendallTauBOptions = {},
): KendallTauBResult {
  const alternative: Alternative = options.alternative ?? 'two-sided';
  const { xs, ys } = completePairs(x, y, 'Kendall correlation test', alternative);
  const n = xs.length;
  if (xs.every((v) => v === xs[0])) throw new StatsInputError('x is constant; a correlation needs variation in both variables');
  if (ys.every((v) => v === ys[0])) throw new StatsInputError('y is constant; a correlation needs variation in both variables');

  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      s += Math.sign(xs[i] - xs[j]) * Math.sign(ys[i] - ys[j]);
    }
  }
  const tx = tieSizes(xs);
  const ty = tieSizes(ys);
  const sum = (t: number[], f: (k: number) => number) => t.reduce((acc, k) => acc + f(k), 0);
  const n0 = (n * (n - 1)) / 2;
  const n1 = sum(tx, (t) => (t * (t - 1)) / 2);
  const n2 = sum(ty, (u) => (u * (u - 1)) / 2);
  const estimate = s / Math.sqrt((n0 - n1) * (n0 - n2));

  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(tx, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(ty, (u) => u * (u - 1) * (2 * u + 5));
  const v1 = sum(tx, (t) => t * (t - 1)) * sum(ty, (u) => u * (u - 1));
  const v2 = sum(tx, (t) => t * (t - 1) * (t - 2)) * sum(ty, (u) => u * (u - 1) * (u - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  const z = s / Math.sqrt(varS);
  let p: number;
  if (alternative === 'greater') p = normalSf(z);
  else if (alternative === 'less') p = normalCdf(z);
  else p = Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
  const anyTies = tx.length > 0 || ty.length > 0;
  return {
    estimate: Math.max(-1, Math.min(1, estimate)),
    statistic: z,
    p,
    n,
    method: `Kendall's rank correlation tau-b (normal approximation${anyTies ? ', tie-corrected variance' : ''})`,
  };
}

/** Sizes of the groups of tied values (only groups of 2 or more). */
function tieSizes(v: number[]): number[] {
  const counts = new Map<number, number>();
  for (const a of v) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}
