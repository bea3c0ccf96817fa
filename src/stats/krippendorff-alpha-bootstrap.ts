import { krippendorffAlpha, type KrippendorffMetric } from './krippendorff-alpha.js';
import { seededRandom } from './random.js';
import { type Interval, StatsInputError } from './types.js';
import { quantileSorted } from './quantile.js';

export interface KrippendorffAlphaBootstrapOptions {
  metric: KrippendorffMetric;
  /** Number of bootstrap resamples, default 1000. */
  samples?: number;
  /** Seed of the pseudo-random generator; the same seed gives the same interval. */
  seed: number;
  /** Confidence level of `ci`, default 0.95. */
  level?: number;
  /** Ordered categories, passed on to {@link krippendorffAlpha}. */
  categories?: readonly (string | number)[];
}

/** Result of {@link krippendorffAlphaBootstrap}. */
export interface KrippendorffAlphaBootstrapResult {
  /** Alpha of the data as given. */
  alpha: number;
  /** Percentile interval of the bootstrap alphas. */
  ci: Interval;
  /** Standard deviation of the bootstrap alphas. */
  se: number;
  metric: KrippendorffMetric;
  /** Pairable units (the units that are resampled). */
  units: number;
  /** Pairable values in the original data. */
  values: number;
  /** Resamples requested. */
  samples: number;
  /** Resamples on which alpha was defined (a resample whose values are all equal has no alpha and is left out). */
  validSamples: number;
  seed: number;
  method: string;
}

/**
 * Bootstrap percentile interval for Krippendorff's alpha by resampling UNITS with replacement
 * (the nonparametric case bootstrap of Efron & Tibshirani 1993, ch. 13). This is not Krippendorff's
 * own bootstrap (Hayes & Krippendorff 2007, which resamples pairs of values from the coincidence
 * matrix); it keeps each unit's values together, so the dependence within units is respected.
 *
 * Procedure: the pairable units (≥ 2 values) are resampled `samples` times with a seeded
 * Mulberry32 generator ({@link seededRandom}); alpha is computed on each resample with
 * {@link krippendorffAlpha}; the interval is the (1 − level)/2 and (1 + level)/2 quantiles (R type 7)
 * of the resampled alphas, and `se` their standard deviation. Resamples on which alpha is undefined
 * (every value equal) are left out and counted. Deterministic for a given seed.
 *
 * @throws StatsInputError for the errors of {@link krippendorffAlpha}, fewer than 2 pairable units,
 * a samples count below 2 or a level outside (0, 1), or fewer than 2 resamples with a defined alpha.
 */
export function krippendorffAlphaBootstrap(
  codersByUnits: readonly (readonly (number | string | null)[])[],
  options: KrippendorffAlphaBootstrapOptions,
): KrippendorffAlphaBootstrapResult {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  const { metric, seed, categories } = options;
  if (!Number.isInteger(samples) || samples < 2) throw new StatsInputError(`samples must be a whole number ≥ 2; got ${samples}`);
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1; got ${level}`);
  const random = seededRandom(seed);

  const full = krippendorffAlpha(codersByUnits, { metric, categories });

  // Only pairable units carry information; resample those.
  const unitCount = codersByUnits[0].length;
  const pairable: number[] = [];
  for (let u = 0; u < unitCount; u++) {
    let m = 0;
    for (const row of codersByUnits) {
      const v = row[u];
      if (!(v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)))) m++;
    }
    if (m >= 2) pairable.push(u);
  }
  const P = pairable.length;
  if (P < 2) throw new StatsInputError(`the bootstrap needs at least 2 pairable units; got ${P}`);

  const alphas: number[] = [];
  const picked = new Array<number>(P);
  const resample = codersByUnits.map(() => new Array<number | string | null>(P));
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < P; i++) picked[i] = pairable[Math.floor(random() * P)];
    codersByUnits.forEach((row, r) => {
      const out = resample[r];
      for (let i = 0; i < P; i++) out[i] = row[picked[i]];
    });
    try {
      alphas.push(krippendorffAlpha(resample, { metric, categories }).alpha);
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
    }
  }
  if (alphas.length < 2) {
    throw new StatsInputError(`alpha was defined on only ${alphas.length} of ${samples} resamples; the data vary too little for a bootstrap`);
  }
  const sorted = Float64Array.from(alphas).sort();
  let mean = 0;
  for (const a of sorted) mean += a;
  mean /= sorted.length;
  let ss = 0;
  for (const a of sorted) ss += (a - mean) ** 2;

  return {
    alpha: full.alpha,
    ci: { lower: quantileSorted(sorted, (1 - level) / 2), upper: quantileSorted(sorted, (1 + level) / 2), level },
    se: Math.sqrt(ss / (sorted.length - 1)),
    metric,
    units: full.units,
    values: full.values,
    samples,
    validSamples: sorted.length,
    seed,
    method: `Krippendorff's alpha (${metric}) with a percentile interval from ${samples} bootstrap resamples of units (not Krippendorff's own bootstrap)`,
  };
}
