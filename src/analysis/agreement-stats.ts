/**
 * Agreement statistics on presence/absence data given as a histogram of unit patterns instead of one
 * value per unit. The character unit of `hefboom agree` has millions of units (characters) but only
 * a handful of distinct patterns per code, so expanding them into the coders × units arrays would cost
 * hundreds of MB and seconds per code. The patterns go to src/stats as weighted units (fleissKappa with
 * weights); alpha, needed once per bootstrap resample, has its closed form here. agreement.test.ts
 * checks the results against src/stats on the expanded data and on the weighted units.
 *
 * A unit with μ coders' values (2 ≤ μ ≤ m) of which k say "present" falls in slot (μ, k).
 */
import { fleissKappa } from '../stats/fleiss-kappa.js';
import { StatsInputError, type Interval } from '../stats/types.js';
import { quantileSorted } from '../stats/quantile.js';

/** First slot of the units with μ values: slots for μ = 2, 3, … follow each other (μ + 1 each). */
export const slotBase = (mu: number): number => (mu * (mu + 1)) / 2 - 3;
export const slotOf = (mu: number, k: number): number => slotBase(mu) + k;
/** Number of slots for up to m coders. */
export const histogramSize = (m: number): number => slotBase(m + 1);

export function emptyHistogram(m: number): Float64Array {
  return new Float64Array(histogramSize(m));
}

/** The histogram as weighted units [absent, present] for src/stats (slots with no units left out). */
export function countedUnits(counts: Float64Array, m: number, from = 2): { counts: number[]; weight: number }[] {
  const units: { counts: number[]; weight: number }[] = [];
  for (let mu = from; mu <= m; mu++) {
    for (let k = 0; k <= mu; k++) {
      const h = counts[slotOf(mu, k)];
      if (h) units.push({ counts: [mu - k, k], weight: h });
    }
  }
  return units;
}

/**
 * Krippendorff's alpha, nominal metric, for binary values: krippendorffAlphaFromCounts
 * (src/stats/krippendorff-alpha.ts, Krippendorff 2011) in closed form for two values, kept because the
 * bootstrap of `hefboom agree` calls it for every resample of every code (the general function
 * allocates per call and made `agree --unit character` half again as slow); agreement.test.ts checks
 * that both give the same α. A unit (μ, k) adds k(k−1)/(μ−1) to o₁₁, (μ−k)(μ−k−1)/(μ−1) to o₀₀ and k(μ−k)/(μ−1) to o₀₁ and
 * o₁₀; with n₁ = Σ k, n₀ = Σ (μ − k), n = n₀ + n₁:
 *
 *   α = 1 − D_o / D_e = 1 − (n − 1) · o₀₁ / (n₀ n₁)
 *
 * @throws StatsInputError when no unit is pairable, or all values are equal (α undefined), with the
 * messages of krippendorffAlpha.
 */
export function alphaFromHistogram(counts: Float64Array, m: number): { alpha: number; units: number; values: number } {
  let units = 0;
  let n0 = 0;
  let n1 = 0;
  let o01 = 0;
  for (let mu = 2; mu <= m; mu++) {
    for (let k = 0; k <= mu; k++) {
      const h = counts[slotOf(mu, k)];
      if (!h) continue;
      units += h;
      n1 += h * k;
      n0 += h * (mu - k);
      o01 += (h * k * (mu - k)) / (mu - 1);
    }
  }
  if (units === 0) throw new StatsInputError("Krippendorff's alpha needs at least one unit coded by 2 or more coders; no unit is pairable");
  if (n0 === 0 || n1 === 0) {
    throw new StatsInputError(
      "Krippendorff's alpha is undefined: all pairable values are the same, so there is no disagreement to expect",
      'alpha needs variation in the values; report the percent agreement instead',
    );
  }
  const n = n0 + n1;
  return { alpha: 1 - ((n - 1) * o01) / (n0 * n1), units, values: n };
}

export interface HistogramFleissResult {
  kappa: number;
  pBar: number;
  peBar: number;
  se0: number;
  z?: number;
  p?: number;
  /** Complete units (rated by all m coders). */
  n: number;
  raters: number;
}

/**
 * Fleiss' kappa over the units rated by all m coders (src/stats/fleiss-kappa.ts on the weighted
 * rows [absent, present]).
 *
 * @throws StatsInputError when no unit is complete or all ratings fall in one category.
 */
export function fleissFromHistogram(counts: Float64Array, m: number): HistogramFleissResult {
  if (m < 2) throw new StatsInputError(`Fleiss kappa needs at least 2 raters per subject; got ${m}`);
  const units = countedUnits(counts, m, m);
  if (!units.length) throw new StatsInputError('Fleiss kappa needs at least one subject rated by every coder');
  const r = fleissKappa(units.map((u) => u.counts), { weights: units.map((u) => u.weight) });
  return { kappa: r.kappa, pBar: r.pBar, peBar: r.peBar, se0: r.se0, z: r.z, p: r.p, n: r.n, raters: r.raters };
}

/**
 * Mean proportion of agreeing coder pairs per unit, over every pairable unit (a unit with μ values
 * has μ(μ−1)/2 pairs); over complete units this is Fleiss' P̄, and for two coders the plain percent
 * agreement. Returns a share in [0, 1], or null without pairable units.
 */
export function meanPairAgreement(counts: Float64Array, m: number): number | null {
  let units = 0;
  let agreeing = 0;
  for (let mu = 2; mu <= m; mu++) {
    for (let k = 0; k <= mu; k++) {
      const h = counts[slotOf(mu, k)];
      if (!h) continue;
      units += h;
      agreeing += (h * (k * (k - 1) + (mu - k) * (mu - k - 1))) / (mu * (mu - 1));
    }
  }
  return units ? agreeing / units : null;
}

/** Percentile interval of bootstrap estimates by R's quantile type 7 (as src/stats/krippendorff-alpha-bootstrap.ts). */
export function percentileInterval(estimates: readonly number[], level: number): Interval & { se: number } {
  const sorted = Float64Array.from(estimates).sort();
  const q = (p: number) => quantileSorted(sorted, p);
  let mean = 0;
  for (const a of sorted) mean += a;
  mean /= sorted.length;
  let ss = 0;
  for (const a of sorted) ss += (a - mean) ** 2;
  return { lower: q((1 - level) / 2), upper: q((1 + level) / 2), level, se: Math.sqrt(ss / Math.max(1, sorted.length - 1)) };
}
