import { fQuantile, fSf } from './distributions.js';
import { type Interval, StatsInputError } from './types.js';

export interface IccClustersResult {
  /** ANOVA estimate of ICC(1). Can be negative when the between-cluster mean square is below the within. */
  icc: number;
  /** F = MSB/MSW of the one-way ANOVA. */
  F: number;
  df1: number;
  df2: number;
  p: number;
  ci: Interval;
  /** Number of clusters k. */
  clusters: number;
  /** Number of observations N. */
  n: number;
  /** Adjusted mean cluster size n₀ = (N − Σnᵢ²/N)/(k − 1). */
  n0: number;
  /** Between- and within-cluster mean squares. */
  msb: number;
  msw: number;
  method: string;
}

/**
 * One-way random-effects ICC(1) of an outcome within clusters of unequal size (e.g. respondents
 * within coaches), by the ANOVA estimator
 *   ICC = (MSB − MSW) / (MSB + (n₀ − 1)·MSW),   n₀ = (N − Σnᵢ²/N)/(k − 1),
 * MSB = Σnᵢ(ȳᵢ − ȳ)²/(k − 1), MSW = ΣΣ(y − ȳᵢ)²/(N − k); F = MSB/MSW on (k − 1, N − k) df
 * (Snedecor & Cochran, Statistical Methods, one-way random model; Donner 1986, Int. Stat. Rev. 54:67–82).
 * Confidence interval by the F-based formula of Searle (1971, Linear Models, §9.8), with n₀ in place
 * of the common cluster size (exact for equal sizes, approximate otherwise; Donner 1986 §3):
 *   F_L = F / F_{1−α/2}(k − 1, N − k),  F_U = F · F_{1−α/2}(N − k, k − 1),
 *   lower = (F_L − 1)/(F_L + n₀ − 1),  upper = (F_U − 1)/(F_U + n₀ − 1).
 * With equal cluster sizes this is ICC(1,1) of Shrout & Fleiss (1979) and its psych::ICC interval.
 */
export function iccClusters(values: number[], clusters: string[], options: { level?: number } = {}): IccClustersResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must be between 0 and 1, got ${level}`);
  const N = values.length;
  if (clusters.length !== N) throw new StatsInputError(`${N} values but ${clusters.length} cluster labels; they must match`);
  const index = new Map<string, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  let grand = 0;
  for (let i = 0; i < N; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new StatsInputError(`value ${i + 1} is not a finite number`);
    let g = index.get(clusters[i]);
    if (g === undefined) {
      g = sums.length;
      index.set(clusters[i], g);
      sums.push(0);
      counts.push(0);
    }
    sums[g] += v;
    counts[g] += 1;
    grand += v;
  }
  const k = sums.length;
  if (k < 2) throw new StatsInputError(`${k} cluster(s): the ICC needs at least 2 clusters`);
  if (N - k < 1) throw new StatsInputError('every cluster has a single observation: the within-cluster variance needs clusters of size ≥ 2');
  grand /= N;
  const means = sums.map((s, g) => s / counts[g]);
  let ssb = 0;
  let sumN2 = 0;
  for (let g = 0; g < k; g++) {
    ssb += counts[g] * (means[g] - grand) ** 2;
    sumN2 += counts[g] * counts[g];
  }
  let ssw = 0;
  for (let i = 0; i < N; i++) ssw += (values[i] - means[index.get(clusters[i])!]) ** 2;
  const df1 = k - 1;
  const df2 = N - k;
  const msb = ssb / df1;
  const msw = ssw / df2;
  if (!(msw > 0)) throw new StatsInputError('no variation within clusters: the ICC F test is undefined');
  const n0 = (N - sumN2 / N) / df1;
  const F = msb / msw;
  const icc = (msb - msw) / (msb + (n0 - 1) * msw);
  const a = 1 - level;
  const FL = F / fQuantile(1 - a / 2, df1, df2);
  const FU = F * fQuantile(1 - a / 2, df2, df1);
  return {
    icc,
    F,
    df1,
    df2,
    p: fSf(F, df1, df2),
    ci: { lower: (FL - 1) / (FL + n0 - 1), upper: (FU - 1) / (FU + n0 - 1), level },
    clusters: k,
    n: N,
    n0,
    msb,
    msw,
    method: 'one-way random-effects ANOVA ICC(1) with n0; Searle F-based CI',
  };
}
