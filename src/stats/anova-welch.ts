import { fSf } from './distributions.js';
import { StatsInputError } from './types.js';

export interface AnovaWelchResult {
  /** Welch's F */
  statistic: number;
  /** k − 1 */
  df1: number;
  /** 1 / (3·A), see below (fractional). */
  df2: number;
  p: number;
  /** Observations used per group (missing values dropped). */
  n: number[];
  method: string;
}

/**
 * Welch's heteroscedastic one-way ANOVA, as R's `oneway.test(y ~ g, var.equal = FALSE)`
 * (Welch 1951, Biometrika 38:330–336).
 * wᵢ = nᵢ/sᵢ², W = Σwᵢ, x̃ = Σwᵢx̄ᵢ/W, A = Σ(1 − wᵢ/W)²/(nᵢ − 1) / (k² − 1),
 * F = Σwᵢ(x̄ᵢ − x̃)² / [(k − 1)(1 + 2(k − 2)A)], df1 = k − 1, df2 = 1/(3A),
 * p = P(F_{df1, df2} ≥ F).
 *
 * Missing values (null / NaN) are dropped. Throws StatsInputError with fewer than 2 groups,
 * a group with fewer than 2 values, infinite values, or a group with zero variance (its weight
 * nᵢ/sᵢ² would be infinite).
 */
export function anovaWelch(groups: readonly (readonly (number | null)[])[]): AnovaWelchResult {
  if (groups.length < 2) throw new StatsInputError(`Welch's ANOVA needs at least 2 groups (got ${groups.length})`);
  const k = groups.length;
  const n: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  groups.forEach((g, i) => {
    const xs: number[] = [];
    for (const v of g) {
      if (v === null || Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw new StatsInputError(`group ${i + 1} contains an infinite value`);
      xs.push(v);
    }
    if (xs.length < 2) throw new StatsInputError(`group ${i + 1} has ${xs.length} non-missing value(s); Welch's ANOVA needs at least 2 per group`);
    let s = 0;
    for (const v of xs) s += v;
    const m = s / xs.length;
    let ss = 0;
    for (const v of xs) ss += (v - m) ** 2;
    const variance = ss / (xs.length - 1);
    if (!(variance > (1e-14 * m) ** 2 && variance > 0)) {
      throw new StatsInputError(
        `group ${i + 1} is constant (zero variance); Welch's ANOVA weights each group by n/s² and cannot use it`,
        'use the classic one-way ANOVA or a rank test instead',
      );
    }
    n.push(xs.length);
    means.push(m);
    weights.push(xs.length / variance);
  });
  let sumW = 0;
  for (const w of weights) sumW += w;
  let centre = 0;
  for (let i = 0; i < k; i++) centre += (weights[i] * means[i]) / sumW;
  let a = 0;
  for (let i = 0; i < k; i++) a += (1 - weights[i] / sumW) ** 2 / (n[i] - 1);
  a /= k * k - 1;
  let between = 0;
  for (let i = 0; i < k; i++) between += weights[i] * (means[i] - centre) ** 2;
  const statistic = between / ((k - 1) * (1 + 2 * (k - 2) * a));
  const df1 = k - 1;
  const df2 = 1 / (3 * a);
  return {
    statistic,
    df1,
    df2,
    p: fSf(statistic, df1, df2),
    n,
    method: "Welch's one-way ANOVA (not assuming equal variances)",
  };
}
