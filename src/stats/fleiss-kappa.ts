import { normalSf } from './distributions.js';
import { StatsInputError } from './types.js';

/** Result of {@link fleissKappa}. */
export interface FleissKappaOptions {
  /**
   * How many subjects each row stands for (rows of identical counts given once: the character unit
   * of `hefboom agree` has millions of subjects but a few distinct rows). Default 1 each.
   */
  weights?: readonly number[];
}

export interface FleissKappaResult {
  kappa: number;
  /** P̄: mean over subjects of the proportion of agreeing rater pairs. */
  pBar: number;
  /** P̄_e = Σ_j p_j², the agreement expected by chance from the overall category proportions. */
  peBar: number;
  /** Standard error of kappa under H0: kappa = 0 (Fleiss, Nee & Landis 1979). */
  se0: number;
  /** kappa / se0. Absent if se0 rounds to 0 (a guard: the variance is positive whenever P̄_e < 1). */
  z?: number;
  /** Two-sided p-value of z against the standard normal. Absent when z is. */
  p?: number;
  /** Number of subjects (rows, or the sum of the weights). */
  n: number;
  /** Raters per subject (the common row total). */
  raters: number;
  /** Number of categories (columns). */
  categories: number;
  method: string;
}

/**
 * Fleiss' kappa for m raters per subject (Fleiss 1971, "Measuring nominal scale agreement among
 * many raters", Psychological Bulletin 76:378–382). Input: N subjects × k categories, n_ij the
 * number of raters who put subject i in category j, every row summing to the same m:
 *
 *   P_i = (Σ_j n_ij² − m) / (m (m − 1)),  P̄ = (1/N) Σ_i P_i
 *   p_j = Σ_i n_ij / (N m),  P̄_e = Σ_j p_j²,  κ = (P̄ − P̄_e) / (1 − P̄_e)
 *
 * Test of κ = 0 (Fleiss, Nee & Landis 1979, Psychological Bulletin 86:974–977; as in R
 * `irr::kappam.fleiss`), with q_j = 1 − p_j:
 *
 *   var₀(κ) = 2 / (N m (m − 1)) · [ (Σ_j p_j q_j)² − Σ_j p_j q_j (q_j − p_j) ] / (Σ_j p_j q_j)²
 *
 * z = κ / se₀ with a two-sided normal p-value. The raters need not be the same people for every
 * subject.
 *
 * @throws StatsInputError for an empty table, negative or non-integer counts, rows with different
 * totals, fewer than 2 raters per subject, or all ratings in one category (kappa undefined).
 */
export function fleissKappa(counts: readonly (readonly number[])[], options: FleissKappaOptions = {}): FleissKappaResult {
  const weights = options.weights;
  if (weights && weights.length !== counts.length) throw new StatsInputError(`weights has ${weights.length} entries but the count table has ${counts.length} rows`);
  if (weights?.some((w) => !(w >= 0))) throw new StatsInputError('weights must be ≥ 0');
  // N: the subjects, each row counting `weight` times.
  const subjects = weights ? weights.reduce((a, b) => a + b, 0) : counts.length;
  if (counts.length === 0) throw new StatsInputError('Fleiss kappa needs at least one subject (row) in the count table');
  const k = counts[0].length;
  if (k === 0) throw new StatsInputError('the count table has no categories (columns)');
  let raters = -1;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i];
    if (row.length !== k) {
      throw new StatsInputError(`every row of the count table needs ${k} categories; row ${i + 1} has ${row.length}`);
    }
    let total = 0;
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) {
        throw new StatsInputError(`counts must be non-negative whole numbers; row ${i + 1} has ${v}`);
      }
      total += v;
    }
    if (raters === -1) raters = total;
    else if (total !== raters) {
      throw new StatsInputError(
        `every subject must be rated by the same number of raters; row 1 has ${raters} ratings, row ${i + 1} has ${total}`,
        "drop incompletely rated subjects, or use Krippendorff's alpha, which allows missing ratings",
      );
    }
  }
  if (raters < 2) throw new StatsInputError(`Fleiss kappa needs at least 2 raters per subject; got ${raters}`);

  const m = raters;
  let pSum = 0;
  const colTotals = new Float64Array(k);
  counts.forEach((row, i) => {
    const w = weights ? weights[i] : 1;
    let sq = 0;
    for (let j = 0; j < k; j++) {
      sq += row[j] * row[j];
      colTotals[j] += w * row[j];
    }
    pSum += (w * (sq - m)) / (m * (m - 1));
  });
  if (!(subjects > 0)) throw new StatsInputError('Fleiss kappa needs at least one subject (row) in the count table');
  const pBar = pSum / subjects;
  let peBar = 0;
  let sumPQ = 0;
  let sumPQQP = 0;
  for (let j = 0; j < k; j++) {
    const pj = colTotals[j] / (subjects * m);
    const qj = 1 - pj;
    peBar += pj * pj;
    sumPQ += pj * qj;
    sumPQQP += pj * qj * (qj - pj);
  }
  if (!(sumPQ > 1e-15)) {
    throw new StatsInputError(
      'Fleiss kappa is undefined: every rating falls in one category, so chance agreement is 1',
      'kappa needs variation in the ratings; report the percent agreement instead',
    );
  }
  const kappa = (pBar - peBar) / (1 - peBar);
  const var0 = (2 / (subjects * m * (m - 1))) * (sumPQ * sumPQ - sumPQQP) / (sumPQ * sumPQ);
  const se0 = Math.sqrt(Math.max(0, var0));
  const result: FleissKappaResult = {
    kappa,
    pBar,
    peBar,
    se0,
    n: subjects,
    raters: m,
    categories: k,
    method: "Fleiss' kappa for m raters (Fleiss 1971); z test with the SE under H0 (Fleiss, Nee & Landis 1979)",
  };
  if (se0 > 0) {
    result.z = kappa / se0;
    result.p = Math.min(1, 2 * normalSf(Math.abs(result.z)));
  }
  return result;
}
