import { StatsInputError } from './types.js';

/** Difference function of Krippendorff's alpha. */
export type KrippendorffMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface KrippendorffAlphaOptions {
  metric: KrippendorffMetric;
  /**
   * The categories in their order. Needed for the ordinal metric on text values; when given, this
   * order is used (without it numbers are ordered numerically). Values outside the list are an error.
   */
  categories?: readonly (string | number)[];
}

/** Result of {@link krippendorffAlpha}. */
export interface KrippendorffAlphaResult {
  alpha: number;
  metric: KrippendorffMetric;
  /** Pairable units: units with at least 2 values. */
  units: number;
  /** n: the number of pairable values (values in pairable units). */
  values: number;
  /** D_o = (1/n) Σ_ck o_ck δ²_ck. */
  observedDisagreement: number;
  /** D_e = 1/(n(n − 1)) Σ_ck n_c n_k δ²_ck. */
  expectedDisagreement: number;
  method: string;
}

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Dense coincidence matrices up to this many distinct values (8 MB); a sparse map beyond. */
const DENSE_LIMIT = 1024;

/**
 * Krippendorff's alpha reliability coefficient, following Krippendorff (2011), "Computing
 * Krippendorff's alpha-reliability" (Annenberg School for Communication, Departmental Papers 43)
 * and Krippendorff (2018), *Content Analysis*, 4th ed., ch. 12.
 *
 * Input: one row per coder, one column per unit; null/undefined/NaN is a missing value. For each
 * unit u with m_u ≥ 2 values (a pairable unit; other units are ignored) and n_uc values of
 * category c, the coincidence matrix gets
 *
 *   o_ck += n_uc (n_uk − [c = k]) / (m_u − 1)
 *
 * With marginals n_c = Σ_k o_ck and n = Σ_c n_c (the pairable values):
 *
 *   α = 1 − D_o / D_e,  D_o = (1/n) Σ_ck o_ck δ²_ck,  D_e = 1/(n(n − 1)) Σ_ck n_c n_k δ²_ck
 *
 * Difference functions: nominal δ² = [c ≠ k]; ordinal δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
 * over the ordered categories (ranks from the marginals); interval δ² = (c − k)²;
 * ratio δ² = ((c − k)/(c + k))² (values must be ≥ 0).
 *
 * Cost: one pass over the values to index the categories and one per unit to add its
 * coincidences, O(units × coders + categories²); the nominal and interval expected disagreement
 * use closed forms in the marginals (D_e·n(n − 1) = n² − Σ n_c², and 2(n Σ n_c v_c² − (Σ n_c v_c)²)).
 *
 * @throws StatsInputError when rows differ in length, no unit has 2 values, all pairable values are
 * equal (D_e = 0: alpha is undefined), interval/ratio values are not numbers, ratio values are
 * negative, or ordinal text values come without `categories`.
 */
export function krippendorffAlpha(
  codersByUnits: readonly (readonly (number | string | null)[])[],
  options: KrippendorffAlphaOptions,
): KrippendorffAlphaResult {
  const metric = options.metric;
  if (metric !== 'nominal' && metric !== 'ordinal' && metric !== 'interval' && metric !== 'ratio') {
    throw new StatsInputError(`metric must be 'nominal', 'ordinal', 'interval' or 'ratio'; got ${String(metric)}`);
  }
  const coders = codersByUnits.length;
  if (coders === 0) throw new StatsInputError("Krippendorff's alpha needs a table of coders × units; got no coders");
  const unitCount = codersByUnits[0].length;
  for (let r = 1; r < coders; r++) {
    if (codersByUnits[r].length !== unitCount) {
      throw new StatsInputError(
        `every coder row must cover the same units: coder 1 has ${unitCount} values, coder ${r + 1} has ${codersByUnits[r].length}`,
        'use null for a unit a coder did not code',
      );
    }
  }
  const numericMetric = metric === 'interval' || metric === 'ratio';

  // Category indices, assigned in order of first appearance (given categories first).
  const index = new Map<number | string, number>();
  const labels: (number | string)[] = [];
  const given = options.categories;
  if (given) {
    for (const c of given) {
      if (index.has(c)) throw new StatsInputError(`categories contains ${JSON.stringify(c)} twice`);
      index.set(c, labels.length);
      labels.push(c);
    }
  }

  // Unit-major codes (unit u, coder r at u·coders + r); −1 = missing.
  const codes = new Int32Array(unitCount * coders).fill(-1);
  for (let r = 0; r < coders; r++) {
    const row = codersByUnits[r];
    for (let u = 0; u < unitCount; u++) {
      const v = row[u];
      if (isMissing(v)) continue;
      let c = index.get(v as number | string);
      if (c === undefined) {
        if (given) {
          throw new StatsInputError(`value ${JSON.stringify(v)} (coder ${r + 1}, unit ${u + 1}) is not one of the given categories`);
        }
        if (numericMetric) {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new StatsInputError(`the ${metric} metric needs numbers; coder ${r + 1}, unit ${u + 1} has ${JSON.stringify(v)}`);
          }
          if (metric === 'ratio' && v < 0) {
            throw new StatsInputError(`the ratio metric needs values ≥ 0; coder ${r + 1}, unit ${u + 1} has ${v}`);
          }
        }
        c = labels.length;
        index.set(v as number | string, c);
        labels.push(v as number | string);
      }
      codes[u * coders + r] = c;
    }
  }
  const V = labels.length;

  // Numeric value of each category (interval, ratio) and the rank order (ordinal).
  const valueOf = new Float64Array(V);
  if (numericMetric) {
    for (let c = 0; c < V; c++) {
      const v = labels[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StatsInputError(`the ${metric} metric needs numeric categories; got ${JSON.stringify(v)}`);
      }
      if (metric === 'ratio' && v < 0) throw new StatsInputError(`the ratio metric needs values ≥ 0; got ${v}`);
      valueOf[c] = v;
    }
  }
  let rankOf: Int32Array | undefined;
  if (metric === 'ordinal') {
    const order = Array.from({ length: V }, (_, c) => c);
    if (!given) {
      if (!labels.every((v) => typeof v === 'number')) {
        throw new StatsInputError('the ordinal metric needs numbers, or the ordered list of text values as categories');
      }
      order.sort((x, y) => (labels[x] as number) - (labels[y] as number));
    }
    rankOf = new Int32Array(V);
    order.forEach((c, rank) => { rankOf![c] = rank; });
  }

  // Coincidence matrix, one pass per unit.
  const dense = V <= DENSE_LIMIT;
  const o = dense ? new Float64Array(V * V) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  const add = (c: number, k: number, x: number): void => {
    if (o) o[c * V + k] += x;
    else sparse!.set(c * V + k, (sparse!.get(c * V + k) ?? 0) + x);
  };
  const count = new Int32Array(V);
  const touched = new Int32Array(coders);
  const marginal = new Float64Array(V);
  let pairableUnits = 0;
  for (let u = 0; u < unitCount; u++) {
    let m = 0;
    let t = 0;
    const base = u * coders;
    for (let r = 0; r < coders; r++) {
      const c = codes[base + r];
      if (c < 0) continue;
      if (count[c] === 0) touched[t++] = c;
      count[c]++;
      m++;
    }
    if (m >= 2) {
      pairableUnits++;
      const w = 1 / (m - 1);
      for (let i = 0; i < t; i++) {
        const c = touched[i];
        const nc = count[c];
        marginal[c] += nc;
        if (nc > 1) add(c, c, nc * (nc - 1) * w);
        for (let j = 0; j < t; j++) {
          if (j !== i) add(c, touched[j], nc * count[touched[j]] * w);
        }
      }
    }
    for (let i = 0; i < t; i++) count[touched[i]] = 0;
  }
  return alphaFromCoincidences({ metric, V, o, sparse, marginal, pairableUnits, valueOf, rankOf });
}

/** A unit given by its value counts: `counts[c]` values of category c; it stands for `weight` such units (default 1). */
export interface CountedUnit {
  counts: readonly number[];
  weight?: number;
}

/**
 * Krippendorff's alpha from units given as value counts (Krippendorff 2011, the values-by-units
 * form), each unit standing for `weight` identical units: o_ck += w_u n_uc (n_uk − [c = k]) / (m_u − 1).
 * The same α as {@link krippendorffAlpha} on the expanded data, without expanding it — the character
 * unit of `hefboom agree` has millions of units but a handful of distinct patterns. Categories are
 * the count positions; for the ordinal, interval and ratio metrics `options.categories` gives their
 * numeric values (in that order).
 *
 * @throws StatsInputError as krippendorffAlpha, and for counts of different lengths, negative counts
 * or weights, or numeric metrics without numeric categories.
 */
export function krippendorffAlphaFromCounts(units: readonly CountedUnit[], options: KrippendorffAlphaOptions): KrippendorffAlphaResult {
  const metric = options.metric;
  if (metric !== 'nominal' && metric !== 'ordinal' && metric !== 'interval' && metric !== 'ratio') {
    throw new StatsInputError(`metric must be 'nominal', 'ordinal', 'interval' or 'ratio'; got ${String(metric)}`);
  }
  const V = units.length ? units[0].counts.length : options.categories?.length ?? 0;
  const valueOf = new Float64Array(V);
  let rankOf: Int32Array | undefined;
  if (metric !== 'nominal') {
    const cats = options.categories;
    if (!cats || cats.length !== V || !cats.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new StatsInputError(`the ${metric} metric needs the numeric value of each of the ${V} categories`);
    }
    cats.forEach((c, i) => { valueOf[i] = c as number; });
    if (metric === 'ratio' && valueOf.some((v) => v < 0)) throw new StatsInputError('the ratio metric needs values ≥ 0');
    if (metric === 'ordinal') {
      const order = Array.from({ length: V }, (_, c) => c).sort((x, y) => valueOf[x] - valueOf[y]);
      rankOf = new Int32Array(V);
      order.forEach((c, rank) => { rankOf![c] = rank; });
    }
  }
  const o = new Float64Array(V * V);
  const marginal = new Float64Array(V);
  let pairableUnits = 0;
  units.forEach((u, i) => {
    const w = u.weight ?? 1;
    if (u.counts.length !== V) throw new StatsInputError(`unit ${i + 1} has ${u.counts.length} counts, unit 1 has ${V}`);
    if (!(w >= 0)) throw new StatsInputError(`unit ${i + 1} has weight ${w}; weights must be ≥ 0`);
    let m = 0;
    for (const x of u.counts) {
      if (!(x >= 0)) throw new StatsInputError(`unit ${i + 1} has a count of ${x}; counts must be ≥ 0`);
      m += x;
    }
    if (m < 2 || w === 0) return;
    pairableUnits += w;
    const f = w / (m - 1);
    for (let c = 0; c < V; c++) {
      const nc = u.counts[c];
      if (!nc) continue;
      marginal[c] += w * nc;
      for (let k = 0; k < V; k++) {
        const nk = u.counts[k];
        if (nk) o[c * V + k] += f * nc * (c === k ? nk - 1 : nk);
      }
    }
  });
  return alphaFromCoincidences({ metric, V, o, marginal, pairableUnits, valueOf, rankOf });
}

/** The coincidences of the pairable units and what the difference functions need. */
interface Coincidences {
  metric: KrippendorffMetric;
  /** Number of categories. */
  V: number;
  /** o_ck, dense (V × V) or sparse (key c·V + k). */
  o?: Float64Array;
  sparse?: Map<number, number>;
  /** n_c = Σ_k o_ck. */
  marginal: Float64Array;
  pairableUnits: number;
  /** Numeric value of each category (interval, ratio). */
  valueOf: Float64Array;
  /** Rank of each category (ordinal). */
  rankOf?: Int32Array;
}

/** α = 1 − D_o / D_e from the coincidence matrix (the second half of both entry points). */
function alphaFromCoincidences(k: Coincidences): KrippendorffAlphaResult {
  const { metric, V, o, sparse, marginal, pairableUnits, valueOf, rankOf } = k;
  let n = 0;
  for (let c = 0; c < V; c++) n += marginal[c];
  if (pairableUnits === 0) {
    throw new StatsInputError("Krippendorff's alpha needs at least one unit coded by 2 or more coders; no unit is pairable");
  }

  // Ordinal distances use cumulative marginals over the ranked categories.
  let cumulative: Float64Array | undefined;
  if (rankOf) {
    const byRank = new Float64Array(V);
    for (let c = 0; c < V; c++) byRank[rankOf[c]] = marginal[c];
    cumulative = new Float64Array(V + 1);
    for (let g = 0; g < V; g++) cumulative[g + 1] = cumulative[g] + byRank[g];
  }
  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (metric) {
      case 'nominal':
        return 1;
      case 'ordinal': {
        const lo = Math.min(rankOf![c], rankOf![k]);
        const hi = Math.max(rankOf![c], rankOf![k]);
        const d = cumulative![hi + 1] - cumulative![lo] - (marginal[c] + marginal[k]) / 2;
        return d * d;
      }
      case 'interval': {
        const d = valueOf[c] - valueOf[k];
        return d * d;
      }
      case 'ratio': {
        const s = valueOf[c] + valueOf[k];
        if (s === 0) return 0;
        const d = (valueOf[c] - valueOf[k]) / s;
        return d * d;
      }
    }
  };

  let observedSum = 0;
  if (o) {
    for (let c = 0; c < V; c++) {
      for (let k = 0; k < V; k++) {
        const x = o[c * V + k];
        if (x !== 0 && c !== k) observedSum += x * delta2(c, k);
      }
    }
  } else {
    for (const [key, x] of sparse!) observedSum += x * delta2(Math.floor(key / V), key % V);
  }

  let expectedSum = 0;
  if (metric === 'nominal') {
    let sq = 0;
    for (let c = 0; c < V; c++) sq += marginal[c] * marginal[c];
    expectedSum = n * n - sq;
  } else if (metric === 'interval') {
    // Σ_ck n_c n_k (v_c − v_k)² = 2(n Σ n_c v_c² − (Σ n_c v_c)²); centre first to limit cancellation.
    let mean = 0;
    for (let c = 0; c < V; c++) mean += marginal[c] * valueOf[c];
    mean /= n;
    let ss = 0;
    for (let c = 0; c < V; c++) ss += marginal[c] * (valueOf[c] - mean) ** 2;
    expectedSum = 2 * n * ss;
  } else {
    const used: number[] = [];
    for (let c = 0; c < V; c++) if (marginal[c] > 0) used.push(c);
    for (const c of used) for (const k of used) if (c !== k) expectedSum += marginal[c] * marginal[k] * delta2(c, k);
  }
  const observedDisagreement = observedSum / n;
  const expectedDisagreement = expectedSum / (n * (n - 1));
  if (!(expectedDisagreement > 0)) {
    throw new StatsInputError(
      "Krippendorff's alpha is undefined: all pairable values are the same, so there is no disagreement to expect",
      'alpha needs variation in the values; report the percent agreement instead',
    );
  }
  return {
    alpha: 1 - observedDisagreement / expectedDisagreement,
    metric,
    units: pairableUnits,
    values: n,
    observedDisagreement,
    expectedDisagreement,
    method: `Krippendorff's alpha, ${metric} metric, from the coincidence matrix (Krippendorff 2011)`,
  };
}
