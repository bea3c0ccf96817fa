import { seededRandom } from './random.js';
import { StatsInputError } from './types.js';

export interface FisherExactRxCOptions {
  /**
   * Budget of the exact enumeration, in steps (cells visited + completions stored), default
   * 1e7. When the enumeration would need more, the p-value is estimated by Monte Carlo instead.
   */
  maxWork?: number;
  /** Skip enumeration and always use Monte Carlo. Default false. */
  simulate?: boolean;
  /** Monte Carlo: number of random tables, default 10000. */
  samples?: number;
  /** Monte Carlo: seed of the pseudo-random generator, default 1. */
  seed?: number;
}

export interface FisherExactRxCResult {
  /** Two-sided p-value: probability of the tables no more likely than the observed one. */
  p: number;
  /** Probability of the observed table under independence given its margins. */
  tableProbability: number;
  /** Total count. */
  n: number;
  /** Exact: number of tables enumerated (all tables with the observed margins). */
  tables?: number;
  /** Monte Carlo: number of random tables and the seed. */
  samples?: number;
  seed?: number;
  method: string;
}

/**
 * Fisher's exact test for an r×c table (Freeman & Halton 1951), two-sided as R `fisher.test`.
 *
 * Under independence and given both margins, a table has probability
 *   P(x) = Π r_i! Π c_j! / (n! Π x_ij!),
 * and p = Σ P(y) over all tables y with the same margins and P(y) ≤ P(x_obs) (on the log scale with a
 * relative tolerance of 1e-7, as R does for ties in probability).
 *
 * Rule for exact vs Monte Carlo: the tables with the observed margins are enumerated exactly unless
 * that takes more than `maxWork` steps (default 1e7, about 2 s; a step is one cell visited or one
 * completion stored, so the work is at most about (number of tables) × (cells per table) and usually
 * far less: e.g. the 4×4 Job table of R's ?fisher.test, 90 million tables, is done exactly). The enumeration sorts the columns by total, recurses over the first c − 2 columns
 * cell by cell with the remaining row totals as bookkeeping (the last cell of a column follows from
 * the column total), and for each distinct vector of remaining row totals enumerates the completions
 * of the last two columns once, sorted by Σ log x!, so the qualifying mass for every prefix is a
 * binary search plus a suffix sum. Beyond the budget — or straight away with `simulate: true` — the
 * p-value is estimated by Monte Carlo: `samples` random tables with the observed margins, each cell
 * drawn in turn from its hypergeometric distribution given the
 * margins and the cells already drawn (the conditional scheme of Patefield 1981, AS 159), by inversion
 * with a seeded generator (`seededRandom`). As R `fisher.test(simulate.p.value = TRUE)`,
 * p = (1 + #{simulated P ≤ observed P}) / (samples + 1). The same seed gives the same p.
 *
 * Note R uses the network algorithm (Mehta & Patel 1983) and so stays exact for many tables beyond
 * our enumeration limit; for those our p is a Monte Carlo estimate, reported as such in `method`.
 *
 * Sources: Freeman, G. H. & Halton, J. H. (1951) Biometrika 38, 141–149; Patefield, W. M. (1981)
 * Applied Statistics 30, 91–97; R `stats::fisher.test`.
 *
 * @throws StatsInputError for fewer than 2 rows or columns, ragged rows, negative or non-integer
 *   counts, a row or column total of zero, or invalid options.
 */
export function fisherExactRxC(table: number[][], options: FisherExactRxCOptions = {}): FisherExactRxCResult {
  const maxWork = options.maxWork ?? 1e7;
  const samples = options.samples ?? 10000;
  const seed = options.seed ?? 1;
  if (!(maxWork >= 0)) throw new StatsInputError(`maxWork must be a non-negative number, got ${maxWork}`);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new StatsInputError(`samples must be a positive whole number, got ${samples}`);
  }
  if (!Array.isArray(table) || table.length < 2) throw new StatsInputError('Fisher test needs a table with at least 2 rows');
  const nc = table[0]?.length ?? 0;
  if (nc < 2) throw new StatsInputError('Fisher test needs a table with at least 2 columns');
  for (const row of table) {
    if (!Array.isArray(row) || row.length !== nc) {
      throw new StatsInputError('every row of the table must have the same number of columns');
    }
    for (const v of row) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new StatsInputError(`table cells must be non-negative whole counts, got ${String(v)}`);
      }
    }
  }
  const nr = table.length;
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: nc }, (_, j) => table.reduce((a, row) => a + row[j], 0));
  rowSums.forEach((s, i) => {
    if (s === 0) throw new StatsInputError(`row ${i + 1} has a total of zero; drop empty rows before testing`);
  });
  colSums.forEach((s, j) => {
    if (s === 0) throw new StatsInputError(`column ${j + 1} has a total of zero; drop empty columns before testing`);
  });
  const n = rowSums.reduce((a, b) => a + b, 0);

  // lf[k] = log k!
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1] + Math.log(k);
  const logConst =
    rowSums.reduce((s, r) => s + lf[r], 0) + colSums.reduce((s, c) => s + lf[c], 0) - lf[n];
  let obsLf = 0;
  for (const row of table) for (const v of row) obsLf += lf[v];
  const logPobs = logConst - obsLf;
  const tableProbability = Math.exp(logPobs);
  // a table y counts when log P(y) ≤ log P(obs) + 1e-7, i.e. Σ log y_ij! ≥ obsLf − 1e-7
  const threshold = obsLf - 1e-7;

  if (!options.simulate) {
    const exact = enumerate(rowSums, colSums, lf, threshold, logConst, maxWork);
    if (exact) {
      return { p: Math.min(1, exact.p), tableProbability, n, tables: exact.tables, method: 'exact (enumeration)' };
    }
  }

  const rng = seededRandom(seed);
  let hits = 0;
  const colRem = new Array<number>(nc);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < nc; j++) colRem[j] = colSums[j];
    let left = n; // items not yet placed
    let simLf = 0;
    for (let i = 0; i < nr - 1; i++) {
      let need = rowSums[i];
      let pool = left; // items of the remaining columns j..nc-1 still unplaced
      for (let j = 0; j < nc - 1 && need > 0; j++) {
        const x = drawHypergeometric(pool, colRem[j], need, rng, lf);
        pool -= colRem[j];
        colRem[j] -= x;
        need -= x;
        simLf += lf[x];
      }
      if (need > 0) {
        colRem[nc - 1] -= need;
        simLf += lf[need];
      }
      left -= rowSums[i];
    }
    for (let j = 0; j < nc; j++) simLf += lf[colRem[j]];
    if (simLf >= threshold) hits++;
  }
  return {
    p: (1 + hits) / (samples + 1),
    tableProbability,
    n,
    samples,
    seed,
    method: `Monte Carlo (${samples} samples, seed ${seed})`,
  };
}

/**
 * Exact p by enumeration of all tables with the given margins. Columns 0..c−3 are enumerated cell by
 * cell (the last row of each column follows from the column total); the last two columns depend only
 * on the remaining row totals R, so for every distinct R the completions are enumerated once, their
 * Σ log x! values g sorted, and the qualifying probability mass of a prefix found by binary search
 * (Σ over completions with g ≥ threshold − acc of exp(logConst − acc − g)). Returns null when the
 * work (cells visited + completions stored) would exceed `maxWork`.
 */
function enumerate(
  rowSums: number[],
  colSumsIn: number[],
  lf: Float64Array,
  threshold: number,
  logConst: number,
  maxWork: number,
): { p: number; tables: number } | null {
  const nr = rowSums.length;
  // the two largest columns last: they are handled by the memoized completions
  const colSums = colSumsIn.slice().sort((a, b) => a - b);
  const nc = colSums.length;
  const rem = rowSums.slice();
  let work = 0;
  let tables = 0;
  let p = 0;
  let aborted = false;
  const cache = new Map<number | string, { g: Float64Array; suffix: Float64Array }>();
  // key of a vector of remaining row totals: mixed-radix number when it fits in 2^53, else a string
  const radix: number[] = [];
  let span = 1;
  for (const r of rowSums) {
    radix.push(span);
    span *= r + 1;
  }
  const numericKey = span <= Number.MAX_SAFE_INTEGER;
  const keyOf = (): number | string => {
    if (!numericKey) return rem.join(',');
    let k = 0;
    for (let i = 0; i < nr; i++) k += rem[i] * radix[i];
    return k;
  };

  /** Completions of the last two columns for remaining row totals `rem`; null when over budget. */
  const completions = (): { g: Float64Array; suffix: Float64Array } | null => {
    const key = keyOf();
    const hit = cache.get(key);
    if (hit) return hit;
    const values: number[] = [];
    const cap = new Array<number>(nr + 1).fill(0);
    for (let i = nr - 1; i >= 0; i--) cap[i] = cap[i + 1] + rem[i];
    const walk = (i: number, need: number, acc: number): boolean => {
      if (i === nr - 1) {
        values.push(acc + lf[need] + lf[rem[i] - need]);
        return ++work <= maxWork;
      }
      const lo = Math.max(0, need - cap[i + 1]);
      const hi = Math.min(rem[i], need);
      for (let x = lo; x <= hi; x++) {
        if (!walk(i + 1, need - x, acc + lf[x] + lf[rem[i] - x])) return false;
      }
      return true;
    };
    if (!walk(0, colSums[nc - 2], 0)) return null;
    const g = Float64Array.from(values).sort();
    // suffix[k] = Σ_{m ≥ k} exp(g[0] − g[m]); suffix has one extra 0 at the end
    const suffix = new Float64Array(g.length + 1);
    for (let k = g.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + Math.exp(g[0] - g[k]);
    const entry = { g, suffix };
    cache.set(key, entry);
    return entry;
  };

  const finish = (acc: number): void => {
    if (++work > maxWork) {
      aborted = true;
      return;
    }
    const c = completions();
    if (!c) {
      aborted = true;
      return;
    }
    tables += c.g.length;
    // first index with g ≥ threshold − acc
    const target = threshold - acc;
    let lo = 0;
    let hi = c.g.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c.g[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    if (lo < c.g.length) p += Math.exp(logConst - acc - c.g[0]) * c.suffix[lo];
  };

  const fillColumn = (j: number, acc: number): void => {
    if (aborted) return;
    if (j === nc - 2) {
      finish(acc);
      return;
    }
    const cap = new Array<number>(nr + 1).fill(0);
    for (let i = nr - 1; i >= 0; i--) cap[i] = cap[i + 1] + rem[i];
    const cell = (i: number, need: number, accCell: number): void => {
      if (aborted) return;
      if (++work > maxWork) {
        aborted = true;
        return;
      }
      if (i === nr - 1) {
        // the last row takes what the column still needs (cap guarantees need ≤ rem[i])
        rem[i] -= need;
        fillColumn(j + 1, accCell + lf[need]);
        rem[i] += need;
        return;
      }
      const lo = Math.max(0, need - cap[i + 1]);
      const hi = Math.min(rem[i], need);
      for (let x = lo; x <= hi; x++) {
        rem[i] -= x;
        cell(i + 1, need - x, accCell + lf[x]);
        rem[i] += x;
        if (aborted) return;
      }
    };
    cell(0, colSums[j], acc);
  };
  fillColumn(0, 0);
  return aborted ? null : { p, tables };
}

/**
 * One draw from the hypergeometric distribution: the number of "successes" among `draws` items taken
 * without replacement from `total` items of which `successes` are successes. Inversion, searching
 * outwards from the mode with the pmf ratio recursions.
 */
function drawHypergeometric(
  total: number,
  successes: number,
  draws: number,
  rng: () => number,
  lf: Float64Array,
): number {
  const failures = total - successes;
  const lo = Math.max(0, draws - failures);
  const hi = Math.min(draws, successes);
  if (lo === hi) return lo;
  let mode = Math.floor(((draws + 1) * (successes + 1)) / (total + 2));
  mode = Math.min(hi, Math.max(lo, mode));
  const logPmf = (x: number): number =>
    lf[successes] - lf[x] - lf[successes - x] + lf[failures] - lf[draws - x] - lf[failures - draws + x] -
    (lf[total] - lf[draws] - lf[total - draws]);
  let u = rng();
  const pMode = Math.exp(logPmf(mode));
  u -= pMode;
  if (u <= 0) return mode;
  let up = mode;
  let down = mode;
  let pUp = pMode;
  let pDown = pMode;
  while (up < hi || down > lo) {
    if (up < hi) {
      pUp *= ((successes - up) * (draws - up)) / ((up + 1) * (failures - draws + up + 1));
      up++;
      u -= pUp;
      if (u <= 0) return up;
    }
    if (down > lo) {
      pDown *= (down * (failures - draws + down)) / ((successes - down + 1) * (draws - down + 1));
      down--;
      u -= pDown;
      if (u <= 0) return down;
    }
  }
  return mode; // only reached through rounding when u was within ~1e-15 of 1
}

