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
  return clusterBootstrapProportions([{ successes, trials }], options)[0];
}

/**
 * Several proportions over the same clusters (the headline items of one survey), from the same
 * resampled clusters: one draw of G clusters per replicate serves every proportion, so the cost is
 * one pass of random draws per replicate instead of one per proportion. Each proportion's interval is
 * exactly what clusterBootstrapProportion would give it alone with the same seed.
 */
export function clusterBootstrapProportions(
  proportions: readonly { successes: ArrayLike<number>; trials: ArrayLike<number> }[],
  options: { replicates?: number; level?: number; seed?: number } = {},
): ClusterBootstrapProportionResult[] {
  const B = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  const J = proportions.length;
  if (!J) return [];
  const G = proportions[0].successes.length;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1; got ${level}`);
  if (!Number.isInteger(B) || B < 1) throw new StatsInputError(`replicates must be a whole number ≥ 1; got ${B}`);
  // Successes and trials of every proportion side by side per cluster: a cluster's pattern.
  const packed = new Float64Array(G * 2 * J);
  const X = new Float64Array(J);
  const N = new Float64Array(J);
  proportions.forEach(({ successes, trials }, j) => {
    if (successes.length !== G || trials.length !== G) throw new StatsInputError('successes and trials need one value per cluster');
    for (let g = 0; g < G; g++) {
      const x = successes[g];
      const n = trials[g];
      if (!(n >= 0 && x >= 0 && x <= n)) throw new StatsInputError(`cluster ${g + 1}: successes must lie between 0 and the trials`);
      packed[(g * J + j) * 2] = x;
      packed[(g * J + j) * 2 + 1] = n;
      X[j] += x;
      N[j] += n;
    }
    if (G === 0 || N[j] === 0) throw new StatsInputError('a proportion needs at least one trial');
  });
  // Clusters with the same successes and trials on every proportion are interchangeable: a replicate
  // only needs how often each distinct pattern is drawn. G uniform draws are tallied per pattern (one
  // array increment each), then the sums are formed per pattern, not per cluster.
  const patternOf = new Map<string, number>();
  const patterns: Float64Array[] = [];
  const patternOfCluster = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    const v = packed.subarray(g * 2 * J, (g + 1) * 2 * J);
    const key = v.join(',');
    let t = patternOf.get(key);
    if (t === undefined) { t = patterns.length; patternOf.set(key, t); patterns.push(Float64Array.from(v)); }
    patternOfCluster[g] = t;
  }
  const T = patterns.length;
  const drawn = new Float64Array(T);
  const random = seededRandom(seed);
  const reps = Array.from({ length: J }, () => new Float64Array(B));
  const valid = new Int32Array(J);
  const x = new Float64Array(J);
  const n = new Float64Array(J);
  for (let b = 0; b < B; b++) {
    drawn.fill(0);
    for (let k = 0; k < G; k++) drawn[patternOfCluster[Math.floor(random() * G)]]++;
    x.fill(0);
    n.fill(0);
    for (let t = 0; t < T; t++) {
      const w = drawn[t];
      if (!w) continue;
      const v = patterns[t];
      for (let j = 0; j < J; j++) {
        x[j] += w * v[2 * j];
        n[j] += w * v[2 * j + 1];
      }
    }
    for (let j = 0; j < J; j++) if (n[j] > 0) reps[j][valid[j]++] = x[j] / n[j];
  }
  return reps.map((all, j) => {
    const sorted = all.subarray(0, valid[j]).sort();
    let mean = 0;
    for (const r of sorted) mean += r;
    mean /= valid[j];
    let ss = 0;
    for (const r of sorted) ss += (r - mean) ** 2;
    return {
      estimate: X[j] / N[j],
      ci: { lower: quantileSorted(sorted, (1 - level) / 2), upper: quantileSorted(sorted, (1 + level) / 2), level },
      se: Math.sqrt(ss / Math.max(1, valid[j] - 1)),
      replicates: B,
      validReplicates: valid[j],
      clusters: G,
      seed,
      method: `cluster bootstrap (whole clusters resampled, ${B} replicates, seed ${seed}), percentile interval`,
    };
  });
}
