/**
 * Agreement statistics on presence/absence data given as a histogram of unit patterns instead of one
 * value per unit. The character unit of `hefboom agree` has millions of units (characters) but only
 * a handful of distinct patterns per code, so expanding them into the coders × units arrays that
 * src/stats/krippendorff-alpha.ts and src/stats/fleiss-kappa.ts take would cost hundreds of MB and
 * seconds per code. These functions evaluate the SAME formulas as those modules on the pattern counts;
 * agreement-stats.test.ts checks them against the src/stats functions on expanded data.
 * (Proposed to the integrator: a weighted-units input in src/stats, after which this file goes.)
 *
 * A unit with μ coders' values (2 ≤ μ ≤ m) of which k say "present" falls in slot (μ, k).
 */
import { normalSf } from '../stats/distributions.js';
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

/**
 * Krippendorff's alpha, nominal metric, for binary values (as src/stats/krippendorff-alpha.ts, Krippendorff
 * 2011). A unit (μ, k) adds k(k−1)/(μ−1) to o₁₁, (μ−k)(μ−k−1)/(μ−1) to o₀₀ and k(μ−k)/(μ−1) to o₀₁ and
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
 * Fleiss' kappa (Fleiss 1971; test as Fleiss, Nee & Landis 1979, as src/stats/fleiss-kappa.ts) over the
 * units rated by all m coders, two categories. With N units, P(k) = (k(k−1) + (m−k)(m−k−1)) / (m(m−1)):
 * P̄ = Σ h_k P(k) / N, p₁ = Σ k h_k / (N m), P̄_e = p₀² + p₁², κ = (P̄ − P̄_e)/(1 − P̄_e). With two
 * categories Σ p_j q_j (q_j − p_j) = 0, so var₀(κ) = 2 / (N m (m − 1)).
 *
 * @throws StatsInputError when no unit is complete or all ratings fall in one category.
 */
export function fleissFromHistogram(counts: Float64Array, m: number): HistogramFleissResult {
  if (m < 2) throw new StatsInputError(`Fleiss kappa needs at least 2 raters per subject; got ${m}`);
  let units = 0;
  let agreeing = 0;
  let present = 0;
  for (let k = 0; k <= m; k++) {
    const h = counts[slotOf(m, k)];
    if (!h) continue;
    units += h;
    present += h * k;
    agreeing += (h * (k * (k - 1) + (m - k) * (m - k - 1))) / (m * (m - 1));
  }
  if (units === 0) throw new StatsInputError('Fleiss kappa needs at least one subject rated by every coder');
  const p1 = present / (units * m);
  const p0 = 1 - p1;
  if (!(p0 * p1 > 1e-15)) {
    throw new StatsInputError(
      'Fleiss kappa is undefined: every rating falls in one category, so chance agreement is 1',
      'kappa needs variation in the ratings; report the percent agreement instead',
    );
  }
  const pBar = agreeing / units;
  const peBar = p0 * p0 + p1 * p1;
  const kappa = (pBar - peBar) / (1 - peBar);
  const se0 = Math.sqrt(2 / (units * m * (m - 1)));
  const z = kappa / se0;
  return { kappa, pBar, peBar, se0, z, p: Math.min(1, 2 * normalSf(Math.abs(z))), n: units, raters: m };
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
