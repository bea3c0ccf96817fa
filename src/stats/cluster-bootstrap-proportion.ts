import { quantileSorted } from './quantile.js';
import { seededRandom } from './random.js';
import { type Interval, StatsInputError } from './types.js';

export interface ClusterBootstrapProportionResult {
  /** Σx / Σn over all clusters. */
  estimate: number;
  /** Percentile interval of the replicate proportions. */
  ci: Interval;
  /** Standard deviation of the replicate proportions. */
  se: number;
  replicates: number;
  /** Replicates with a positive denominator (the others have no proportion and are left out). */
  validReplicates: number;
  clusters: number;
  seed: number;
  method: string;
}

/**
 * Percentile bootstrap interval for a proportion of respondents nested in clusters (staff within
 * coaching trajectories): whole clusters are resampled with replacement, so answers that resemble
 * each other within a trajectory widen the interval as they should; a Wilson interval treats every
 * respondent as independent. Replicate b draws G clusters with replacement and takes
 * p*_b = Σ x_g / Σ n_g over the drawn clusters; the interval is the (α/2, 1 − α/2) type-7 quantiles of
 * the p*_b (Efron & Tibshirani 1993, An Introduction to the Bootstrap, §13.3; Davison & Hinkley 1997,
 * Bootstrap Methods and their Application, §3.8, the cluster case resampling whole clusters).
 * Seeded (src/stats/random.ts), so the same input gives the same interval.
 */
export function clusterBootstrapProportion(
  successes: ArrayLike<number>, trials: ArrayLike<number>,
  options: { replicates?: number; level?: number; seed?: number } = {},
): ClusterBootstrapProportionResult {
  const B = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  const G = successes.length;
  if (trials.length !== G) throw new StatsInputError('successes and trials need one value per cluster');
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1; got ${level}`);
  if (!Number.isInteger(B) || B < 1) throw new StatsInputError(`replicates must be a whole number ≥ 1; got ${B}`);
  let X = 0;
  let N = 0;
  for (let g = 0; g < G; g++) {
    const x = successes[g];
    const n = trials[g];
    if (!(n >= 0 && x >= 0 && x <= n)) throw new StatsInputError(`cluster ${g + 1}: successes must lie between 0 and the trials`);
    X += x;
    N += n;
  }
  if (G === 0 || N === 0) throw new StatsInputError('a proportion needs at least one trial');
  const random = seededRandom(seed);
  const reps = new Float64Array(B);
  let valid = 0;
  for (let b = 0; b < B; b++) {
    let x = 0;
    let n = 0;
    for (let k = 0; k < G; k++) {
      const g = Math.floor(random() * G);
      x += successes[g];
      n += trials[g];
    }
    if (n > 0) reps[valid++] = x / n;
  }
  const sorted = reps.subarray(0, valid).sort();
  let mean = 0;
  for (const r of sorted) mean += r;
  mean /= valid;
  let ss = 0;
  for (const r of sorted) ss += (r - mean) ** 2;
  return {
    estimate: X / N,
    ci: { lower: quantileSorted(sorted, (1 - level) / 2), upper: quantileSorted(sorted, (1 + level) / 2), level },
    se: Math.sqrt(ss / Math.max(1, valid - 1)),
    replicates: B,
    validReplicates: valid,
    clusters: G,
    seed,
    method: `cluster bootstrap (whole clusters resampled, ${B} replicates, seed ${seed}), percentile interval`,
  };
}
