import { StatsInputError } from './types.js';

export interface BrennanPredigerOptions {
  /**
   * The number of categories q, or the list of categories (q = its length; ratings outside it are
   * an error). Default: the number of distinct categories the two raters used.
   */
  categories?: number | readonly (string | number)[];
}

/** Result of {@link brennanPrediger}. */
export interface BrennanPredigerResult {
  kappa: number;
  /** Proportion of complete pairs on which the raters agree. */
  observedAgreement: number;
  /** Number of categories used for chance agreement 1/q. */
  q: number;
  /** Complete pairs. */
  n: number;
  /** Pairs dropped because a rating was missing. */
  dropped: number;
}

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * Brennan–Prediger kappa (Brennan & Prediger 1981, "Coefficient kappa: some uses, misuses, and
 * alternatives", Educational and Psychological Measurement 41:687–699), chance agreement taken as
 * uniform over q categories:
 *
 *   κ_BP = (P_o − 1/q) / (1 − 1/q)
 *
 * with P_o the proportion of agreeing complete pairs (missing ratings dropped and counted). Also
 * known as Bennett, Alpert & Goldstein's S (1954) and as the free-marginal kappa (Randolph 2005).
 * q should be the number of categories the coding scheme offers; by default it is the number of
 * distinct categories observed, which can be smaller.
 *
 * @throws StatsInputError when the arrays differ in length, no complete pair remains, q < 2, or q
 * is smaller than the number of distinct categories observed.
 */
export function brennanPrediger(
  a: readonly (string | number | null)[],
  b: readonly (string | number | null)[],
  options: BrennanPredigerOptions = {},
): BrennanPredigerResult {
  if (a.length !== b.length) {
    throw new StatsInputError(`the two raters must rate the same units: got ${a.length} and ${b.length} ratings`);
  }
  const seen = new Set<string | number>();
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (isMissing(x) || isMissing(y)) continue;
    n++;
    if (x === y) same++;
    seen.add(x as string | number);
    seen.add(y as string | number);
  }
  if (n === 0) throw new StatsInputError('Brennan–Prediger kappa needs at least one unit rated by both raters');

  const given = options.categories;
  let q: number;
  if (given === undefined) {
    q = seen.size;
  } else if (typeof given === 'number') {
    if (!Number.isInteger(given)) throw new StatsInputError(`the number of categories must be a whole number; got ${given}`);
    if (given < seen.size) {
      throw new StatsInputError(`categories = ${given}, but the raters used ${seen.size} distinct categories`);
    }
    q = given;
  } else {
    const allowed = new Set(given);
    if (allowed.size !== given.length) throw new StatsInputError('categories contains duplicates');
    for (const v of seen) {
      if (!allowed.has(v)) throw new StatsInputError(`rating ${JSON.stringify(v)} is not one of the given categories`);
    }
    q = allowed.size;
  }
  if (q < 2) {
    throw new StatsInputError(`Brennan–Prediger kappa needs at least 2 categories; got ${q}`, 'give the number of categories of the coding scheme as categories');
  }
  const observedAgreement = same / n;
  return { kappa: (observedAgreement - 1 / q) / (1 - 1 / q), observedAgreement, q, n, dropped: a.length - n };
}
