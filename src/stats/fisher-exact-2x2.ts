import { lchoose } from './distributions.js';
import { StatsInputError, type Alternative, type Interval } from './types.js';

export interface FisherExact2x2Options {
  /** 'two-sided' (default), 'less' (true odds ratio < or) or 'greater'. */
  alternative?: Alternative;
  /** Confidence level of the interval, default 0.95. */
  level?: number;
  /** Odds ratio under the null hypothesis, default 1. */
  or?: number;
}

export interface FisherExact2x2Result {
  p: number;
  /** Conditional maximum-likelihood estimate of the odds ratio (0 or Infinity at the edges of the support). */
  oddsRatio: number;
  /** Exact conditional interval for the odds ratio; one-sided ones have lower 0 or upper Infinity. */
  ci: Interval;
  alternative: Alternative;
  method: string;
}

/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], as R `fisher.test` for 2×2 tables.
 *
 * Given all margins, X = a follows the noncentral hypergeometric distribution with odds ratio ψ
 * (Fisher 1935; Cornfield 1956):
 *
 *   P_ψ(X = x) = C(m, x) C(n, k − x) ψ^x / Σ_u C(m, u) C(n, k − u) ψ^u,   x ∈ [max(0, k − n), min(k, m)],
 *
 * where m = a + c and n = b + d are the column totals and k = a + b the first row total.
 * - p-value: 'less' = P_ψ0(X ≤ a), 'greater' = P_ψ0(X ≥ a), 'two-sided' = Σ of P_ψ0(X = x) over the
 *   x whose probability is ≤ P_ψ0(X = a)·(1 + 1e-7) (R's relative tolerance for ties).
 * - estimate: the conditional MLE, the ψ with E_ψ[X] = a (0 when a is the lowest possible value,
 *   Infinity when it is the highest).
 * - interval: lower bound solves P_ψ(X ≥ a) = α, upper bound solves P_ψ(X ≤ a) = α, with α = 1 − level
 *   for one-sided alternatives (the other bound 0 or Infinity) and α = (1 − level)/2 for two-sided.
 *
 * All three equations are monotone in log ψ; they are solved by bracketing and bisection on log ψ to
 * near machine precision. R solves them with `uniroot` (tolerance ≈ 1e-4), so R's printed estimate and
 * bounds can differ from these exact solutions in the 5th–6th significant digit.
 *
 * Sources: R `stats::fisher.test`; Agresti, A. (2002) Categorical Data Analysis, 2nd ed., §3.5.
 *
 * @throws StatsInputError when the table is not 2×2, has negative or non-integer counts, or a zero
 *   row or column total; or when `level` is not in (0, 1) or `or` is not a positive finite number.
 */
export function fisherExact2x2(
  table: [[number, number], [number, number]] | number[][],
  options: FisherExact2x2Options = {},
): FisherExact2x2Result {
  const alternative: Alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  const or0 = options.or ?? 1;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  if (!(or0 > 0 && Number.isFinite(or0))) throw new StatsInputError(`the null odds ratio must be a positive finite number, got ${or0}`);
  if (!['two-sided', 'less', 'greater'].includes(alternative)) {
    throw new StatsInputError(`alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  if (!Array.isArray(table) || table.length !== 2 || table.some((row) => !Array.isArray(row) || row.length !== 2)) {
    throw new StatsInputError('the 2×2 Fisher test needs a table with exactly 2 rows and 2 columns');
  }
  for (const v of table.flat()) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new StatsInputError(`table cells must be non-negative whole counts, got ${String(v)}`);
    }
  }
  const [[a, b], [c, d]] = table;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    throw new StatsInputError('every row and column of the 2×2 table needs a non-zero total');
  }
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support: number[] = [];
  const logBase: number[] = [];
  for (let x = lo; x <= hi; x++) {
    support.push(x);
    logBase.push(lchoose(m, x) + lchoose(n, k - x));
  }

  /** Noncentral hypergeometric probabilities over the support at log odds ratio theta. */
  const density = (theta: number): number[] => {
    const lw = logBase.map((l, i) => l + theta * support[i]);
    const max = Math.max(...lw);
    const w = lw.map((v) => Math.exp(v - max));
    const total = w.reduce((s, v) => s + v, 0);
    return w.map((v) => v / total);
  };
  const mean = (theta: number): number => density(theta).reduce((s, p, i) => s + p * support[i], 0);
  const lowerTail = (x: number, theta: number): number =>
    density(theta).reduce((s, p, i) => (support[i] <= x ? s + p : s), 0);
  const upperTail = (x: number, theta: number): number =>
    density(theta).reduce((s, p, i) => (support[i] >= x ? s + p : s), 0);

  const theta0 = Math.log(or0);
  let p: number;
  if (alternative === 'less') p = lowerTail(a, theta0);
  else if (alternative === 'greater') p = upperTail(a, theta0);
  else {
    const dens = density(theta0);
    const cut = dens[a - lo] * (1 + 1e-7);
    p = dens.reduce((s, v) => (v <= cut ? s + v : s), 0);
  }
  p = Math.min(1, p);

  const oddsRatio = a === lo ? 0 : a === hi ? Infinity : Math.exp(solveIncreasing((t) => mean(t) - a));
  const upperBound = (alpha: number): number =>
    a === hi ? Infinity : Math.exp(solveIncreasing((t) => alpha - lowerTail(a, t)));
  const lowerBound = (alpha: number): number => (a === lo ? 0 : Math.exp(solveIncreasing((t) => upperTail(a, t) - alpha)));
  let ci: Interval;
  if (alternative === 'less') ci = { lower: 0, upper: upperBound(1 - level), level };
  else if (alternative === 'greater') ci = { lower: lowerBound(1 - level), upper: Infinity, level };
  else {
    const alpha = (1 - level) / 2;
    ci = { lower: lowerBound(alpha), upper: upperBound(alpha), level };
  }
  return { p, oddsRatio, ci, alternative, method: "Fisher's exact test (2×2, conditional MLE odds ratio)" };
}

/** Root of a continuous increasing function of the log odds ratio, by bracketing and bisection. */
function solveIncreasing(f: (theta: number) => number): number {
  let lo = -1;
  let hi = 1;
  while (f(lo) > 0 && lo > -745) lo *= 2;
  while (f(hi) < 0 && hi < 745) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo) + Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
