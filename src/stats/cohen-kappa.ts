import { normalQuantile, normalSf } from './distributions.js';
import { type Interval, StatsInputError } from './types.js';

/** Agreement weights: none (only identical categories agree), linear or quadratic in the category distance. */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Two raters' ratings of the same units (index i = unit i), or a square confusion table (rows rater A, columns rater B). */
export type CohenKappaInput =
  | { a: readonly (string | number | null)[]; b: readonly (string | number | null)[] }
  | { table: readonly (readonly number[])[] };

export interface CohenKappaOptions {
  /** Default 'none'. */
  weights?: KappaWeights;
  /** Confidence level of `ci`, default 0.95. */
  level?: number;
  /**
   * The ordered categories (for rating input). Needed when the order is not the sorted order of the
   * values, or to include categories nobody used. Values outside this list are an error.
   */
  categories?: readonly (string | number)[];
}

export interface CohenKappaResult {
  kappa: number;
  /** Asymptotic standard error of kappa under the alternative (Fleiss, Cohen & Everitt 1969; SAS PROC FREQ "ASE"). */
  se: number;
  /** Wald interval kappa ± z_(1−α/2) · se. */
  ci: Interval;
  /** kappa / se0, with se0 the standard error under H0: kappa = 0. Absent when se0 is 0. */
  z?: number;
  /** Two-sided p-value of z against the standard normal. Absent when z is. */
  p?: number;
  /** Σ w_ij p_ij (plain proportion of agreement when unweighted). */
  observedAgreement: number;
  /** Σ w_ij p_i. p_.j, the agreement expected from the raters' marginal distributions. */
  expectedAgreement: number;
  /** Number of units (complete pairs, or the table total). */
  n: number;
  /** Pairs dropped because a rating was missing (0 for table input). */
  dropped: number;
  weights: KappaWeights;
  method: string;
}

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Orders the categories of rating input: the given list, else numeric order for numbers, code-unit order for text. */
function orderCategories(values: (string | number)[], given: readonly (string | number)[] | undefined): (string | number)[] {
  if (given) {
    if (new Set(given).size !== given.length) throw new StatsInputError('categories contains duplicates');
    const known = new Set(given);
    for (const v of values) {
      if (!known.has(v)) {
        throw new StatsInputError(`rating ${JSON.stringify(v)} is not one of the given categories`, 'add it to categories or correct the rating');
      }
    }
    return [...given];
  }
  const unique = [...new Set(values)];
  const numeric = unique.every((v) => typeof v === 'number');
  const textual = unique.every((v) => typeof v === 'string');
  if (!numeric && !textual) {
    throw new StatsInputError('ratings mix numbers and text, so their order is ambiguous', 'give the ordered list as categories');
  }
  return numeric ? (unique as number[]).sort((x, y) => x - y) : (unique as string[]).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/** Builds the k × k count table from two raters' ratings, dropping incomplete pairs. */
function tableFromRatings(
  a: readonly (string | number | null)[],
  b: readonly (string | number | null)[],
  given: readonly (string | number)[] | undefined,
): { table: number[][]; dropped: number } {
  if (a.length !== b.length) {
    throw new StatsInputError(`the two raters must rate the same units: got ${a.length} and ${b.length} ratings`);
  }
  const pairs: [string | number, string | number][] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (isMissing(x) || isMissing(y)) continue;
    pairs.push([x as string | number, y as string | number]);
  }
  if (pairs.length === 0) throw new StatsInputError('kappa needs at least one unit rated by both raters');
  const categories = orderCategories(pairs.flat(), given);
  const index = new Map<string | number, number>(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [x, y] of pairs) table[index.get(x)!][index.get(y)!]++;
  return { table, dropped: a.length - pairs.length };
}

function checkTable(table: readonly (readonly number[])[]): void {
  const k = table.length;
  if (k === 0) throw new StatsInputError('the confusion table is empty');
  for (const row of table) {
    if (row.length !== k) {
      throw new StatsInputError(`the confusion table must be square (k × k, same categories for both raters); got ${k} rows and a row of ${row.length}`);
    }
    for (const v of row) {
      if (!Number.isFinite(v) || v < 0) throw new StatsInputError(`confusion table counts must be finite and non-negative; got ${v}`);
    }
  }
}

/**
 * Cohen's kappa for two raters, unweighted or weighted (Cohen 1960, 1968):
 *
 *   κ_w = (P_o − P_e) / (1 − P_e),  P_o = Σ_ij w_ij p_ij,  P_e = Σ_ij w_ij p_i. p_.j
 *
 * with p_ij the cell proportions, and agreement weights over category positions i, j = 0..k−1:
 * none w_ij = [i = j]; linear (Cicchetti–Allison) w_ij = 1 − |i − j|/(k − 1); quadratic
 * (Fleiss–Cohen) w_ij = 1 − (i − j)²/(k − 1)². Weights use the categories' positions, not their
 * numeric values (equally spaced scores).
 *
 * Standard error under the alternative (Fleiss, Cohen & Everitt 1969; SAS PROC FREQ, "ASE"), with
 * w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij:
 *
 *   var(κ_w) = [ Σ_ij p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ_w))² − (κ_w − P_e(1 − κ_w))² ] / (n (1 − P_e)²)
 *
 * and the interval is κ_w ± z_(1−α/2) · se (not truncated to [−1, 1], as in SAS). The test of κ_w = 0 uses the variance under H0:
 *
 *   var₀(κ_w) = [ Σ_ij p_i. p_.j (w_ij − (w̄_i. + w̄_.j))² − P_e² ] / (n (1 − P_e)²)
 *
 * z = κ_w / se₀, two-sided p from the standard normal. Agrees with sklearn `cohen_kappa_score`
 * (κ) and SAS PROC FREQ / statsmodels `cohens_kappa` (κ, ASE, CI).
 *
 * Rating input: pairs with a missing rating are dropped (counted in `dropped`); categories are the
 * sorted distinct values (numeric order for numbers) unless `categories` gives the order.
 *
 * @throws StatsInputError for a non-square or empty table, negative counts, no complete pair, or
 * P_e = 1 (both raters used a single, identical category: kappa is undefined).
 */
export function cohenKappa(input: CohenKappaInput, options: CohenKappaOptions = {}): CohenKappaResult {
  const weights = options.weights ?? 'none';
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1; got ${level}`);
  if (weights !== 'none' && weights !== 'linear' && weights !== 'quadratic') {
    throw new StatsInputError(`weights must be 'none', 'linear' or 'quadratic'; got ${String(weights)}`);
  }

  let table: readonly (readonly number[])[];
  let dropped = 0;
  if ('table' in input) {
    checkTable(input.table);
    table = input.table;
  } else {
    ({ table, dropped } = tableFromRatings(input.a, input.b, options.categories));
  }

  const k = table.length;
  let n = 0;
  for (const row of table) for (const v of row) n += v;
  if (!(n > 0)) throw new StatsInputError('the confusion table has no observations');

  const w = (i: number, j: number): number => {
    if (i === j) return 1;
    if (weights === 'none' || k === 1) return 0;
    const d = Math.abs(i - j) / (k - 1);
    return weights === 'linear' ? 1 - d : 1 - d * d;
  };

  const row = new Float64Array(k);
  const col = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      row[i] += table[i][j] / n;
      col[j] += table[i][j] / n;
    }
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w(i, j) * (table[i][j] / n);
      pe += w(i, j) * row[i] * col[j];
    }
  }
  if (!(1 - pe > 1e-12)) {
    throw new StatsInputError(
      'kappa is undefined: the agreement expected by chance is 1 (both raters used one and the same category for every unit)',
      'kappa needs variation in the ratings; report the percent agreement instead',
    );
  }
  const kappa = (po - pe) / (1 - pe);

  // Mean weights per row category (against the column margins) and per column category.
  const wRow = new Float64Array(k);
  const wCol = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      wRow[i] += col[j] * w(i, j);
      wCol[j] += row[i] * w(i, j);
    }
  }
  let sumAlt = 0;
  let sumNull = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const p = table[i][j] / n;
      const dAlt = w(i, j) - (wRow[i] + wCol[j]) * (1 - kappa);
      sumAlt += p * dAlt * dAlt;
      const dNull = w(i, j) - (wRow[i] + wCol[j]);
      sumNull += row[i] * col[j] * dNull * dNull;
    }
  }
  const denom = n * (1 - pe) * (1 - pe);
  const c = kappa - pe * (1 - kappa);
  // Rounding can push a true zero variance (perfect agreement) a hair below 0.
  const se = Math.sqrt(Math.max(0, (sumAlt - c * c) / denom));
  const se0 = Math.sqrt(Math.max(0, (sumNull - pe * pe) / denom));
  const zq = normalQuantile(1 - (1 - level) / 2);

  const label = weights === 'none' ? "Cohen's kappa (unweighted)"
    : weights === 'linear' ? "weighted kappa, linear (Cicchetti–Allison) weights"
    : "weighted kappa, quadratic (Fleiss–Cohen) weights";
  const result: CohenKappaResult = {
    kappa,
    se,
    ci: { lower: kappa - zq * se, upper: kappa + zq * se, level },
    observedAgreement: po,
    expectedAgreement: pe,
    n,
    dropped,
    weights,
    method: `${label}; asymptotic SE (Fleiss, Cohen & Everitt 1969) with Wald interval; z test of kappa = 0 with the SE under H0`,
  };
  if (se0 > 0) {
    result.z = kappa / se0;
    result.p = Math.min(1, 2 * normalSf(Math.abs(result.z)));
  }
  return result;
}
