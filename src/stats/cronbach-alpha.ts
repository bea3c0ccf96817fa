import { StatsInputError } from './types.js';

export interface CronbachAlphaOptions {
  /**
   * 'listwise': only respondents who answered every item; 'pairwise': every covariance from the
   * respondents who answered both items (as psych::alpha(use = "pairwise") and pingouin).
   */
  missing: 'listwise' | 'pairwise';
}

export interface CronbachAlphaResult {
  /** Raw Cronbach's α from the item covariance matrix. */
  alpha: number;
  /** Standardised α from the item correlation matrix: k·r̄ / (1 + (k − 1)·r̄). */
  standardizedAlpha: number;
  /** Respondents used: complete rows (listwise) or rows with at least one answer (pairwise). */
  n: number;
  /** Number of items k. */
  items: number;
  /** Raw α of the k − 1 remaining items with item j removed (empty when k = 2). */
  alphaIfDeleted: number[];
  /** Correlation of item j with the sum of the other items (psych's r.drop), from the covariance matrix. */
  itemRestCorrelations: number[];
  missing: 'listwise' | 'pairwise';
  method: string;
}

/**
 * Cronbach's α (Cronbach 1951, Psychometrika 16:297) for respondents × items:
 *   α = k/(k − 1) · (1 − Σ_j C_jj / Σ_jk C_jk),
 * with C the item covariance matrix (n − 1 denominators). With missing = 'pairwise', C_jk uses the
 * respondents who answered both j and k and C_jj all who answered j (R's cov(use = "pairwise"),
 * pandas DataFrame.cov), which is psych::alpha(use = "pairwise") and pingouin.cronbach_alpha.
 * Standardised α = k r̄/(1 + (k − 1) r̄) with r̄ the mean inter-item correlation (pairwise
 * correlations use the pairwise-complete variances, as R's cor). α-if-deleted and the item–rest
 * correlation r_j,rest = Σ_{m≠j} C_jm / √(C_jj · Σ_{m,l≠j} C_ml) come from the same matrix, as psych::alpha.
 *
 * One pass over the rows accumulates sums, sums of squares and cross-products (values shifted by
 * each item's first answer to limit cancellation): complete rows into one k × k cross-product matrix,
 * rows with missing answers (pairwise) into per-pair counts and sums over their answered items only.
 */
export function cronbachAlpha(rows: (number | null)[][], options: CronbachAlphaOptions): CronbachAlphaResult {
  const missing = options.missing;
  if (missing !== 'listwise' && missing !== 'pairwise') {
    throw new StatsInputError(`missing must be 'listwise' or 'pairwise', got ${String(missing)}`);
  }
  const nRows = rows.length;
  if (nRows === 0) throw new StatsInputError('no respondents: Cronbach’s α needs a respondents × items table');
  const k = rows[0].length;
  if (k < 2) throw new StatsInputError(`${k} item(s): Cronbach’s α needs at least 2 items`);

  // Shift per item (first observed value) for numerical stability; validate shape and values.
  const shift = new Float64Array(k);
  const haveShift = new Uint8Array(k);
  for (let i = 0; i < nRows; i++) {
    const r = rows[i];
    if (r.length !== k) throw new StatsInputError(`row ${i + 1} has ${r.length} values, expected ${k} items`);
    for (let j = 0; j < k; j++) {
      const v = r[j];
      if (v === null || v === undefined) continue;
      if (!Number.isFinite(v)) throw new StatsInputError(`row ${i + 1}, item ${j + 1} is not a finite number or null`);
      if (!haveShift[j]) {
        shift[j] = v;
        haveShift[j] = 1;
      }
    }
  }

  // Rows with every item answered: count, per-item Σx and Σx², and the cross-product matrix Σx_j x_m (j ≤ m).
  // Rows with some missing (pairwise only): per pair (j ≤ m), interleaved by 6: count, Σx_j, Σx_m, Σx_j², Σx_m², Σx_j x_m.
  const kk = k * k;
  let cntFull = 0;
  const sFull = new Float64Array(k);
  const ssFull = new Float64Array(k);
  const pFull = new Float64Array(kk);
  const acc = missing === 'pairwise' ? new Float64Array(kk * 6) : new Float64Array(0);
  const x = new Float64Array(k);
  const obs = new Int32Array(k);
  let used = 0;
  for (let i = 0; i < nRows; i++) {
    const r = rows[i];
    let nObs = 0;
    for (let j = 0; j < k; j++) {
      const v = r[j];
      if (v !== null && v !== undefined) {
        x[j] = v - shift[j];
        obs[nObs++] = j;
      }
    }
    if (nObs === k) {
      used++;
      cntFull++;
      for (let j = 0; j < k; j++) {
        const xj = x[j];
        sFull[j] += xj;
        ssFull[j] += xj * xj;
        const base = j * k;
        for (let m = j + 1; m < k; m++) pFull[base + m] += xj * x[m];
      }
      continue;
    }
    if (missing === 'listwise' || nObs === 0) continue;
    used++;
    for (let a = 0; a < nObs; a++) {
      const j = obs[a];
      const xj = x[j];
      const xj2 = xj * xj;
      const base = j * k;
      for (let b = a; b < nObs; b++) {
        const m = obs[b];
        const xm = x[m];
        const q = (base + m) * 6;
        acc[q] += 1;
        acc[q + 1] += xj;
        acc[q + 2] += xm;
        acc[q + 3] += xj2;
        acc[q + 4] += xm * xm;
        acc[q + 5] += xj * xm;
      }
    }
  }
  const cnt = new Float64Array(kk);
  const sj = new Float64Array(kk);
  const sm = new Float64Array(kk);
  const sjj = new Float64Array(kk);
  const smm = new Float64Array(kk);
  const sjm = new Float64Array(kk);
  for (let j = 0; j < k; j++) {
    for (let m = j; m < k; m++) {
      const idx = j * k + m;
      cnt[idx] = cntFull;
      sj[idx] = sFull[j];
      sm[idx] = sFull[m];
      sjj[idx] = ssFull[j];
      smm[idx] = ssFull[m];
      sjm[idx] = j === m ? ssFull[j] : pFull[idx];
      if (acc.length > 0) {
        const q = idx * 6;
        cnt[idx] += acc[q];
        sj[idx] += acc[q + 1];
        sm[idx] += acc[q + 2];
        sjj[idx] += acc[q + 3];
        smm[idx] += acc[q + 4];
        sjm[idx] += acc[q + 5];
      }
    }
  }
  if (used < 2) throw new StatsInputError(`${used} usable respondent(s) (${missing}): Cronbach’s α needs at least 2`);

  // Covariance and correlation matrices.
  const C = new Float64Array(kk);
  const Rm = new Float64Array(kk);
  for (let j = 0; j < k; j++) {
    for (let m = j; m < k; m++) {
      const idx = j * k + m;
      const c = cnt[idx];
      if (c < 2) {
        throw new StatsInputError(`items ${j + 1} and ${m + 1} have ${c} respondent(s) in common: need at least 2`);
      }
      const cov = (sjm[idx] - (sj[idx] * sm[idx]) / c) / (c - 1);
      C[idx] = cov;
      C[m * k + j] = cov;
      if (j === m) {
        if (!(cov > 0)) throw new StatsInputError(`item ${j + 1} is constant: every respondent gave the same answer`);
        Rm[idx] = 1;
      } else {
        const vj = (sjj[idx] - (sj[idx] * sj[idx]) / c) / (c - 1);
        const vm = (smm[idx] - (sm[idx] * sm[idx]) / c) / (c - 1);
        if (!(vj > 0 && vm > 0)) {
          throw new StatsInputError(`items ${j + 1} and ${m + 1}: one is constant among the respondents who answered both`);
        }
        const rr = cov / Math.sqrt(vj * vm);
        Rm[idx] = rr;
        Rm[m * k + j] = rr;
      }
    }
  }

  const alphaOf = (M: Float64Array, skip: number): number => {
    let tr = 0;
    let tot = 0;
    let kUsed = 0;
    for (let j = 0; j < k; j++) {
      if (j === skip) continue;
      kUsed++;
      tr += M[j * k + j];
      for (let m = 0; m < k; m++) if (m !== skip) tot += M[j * k + m];
    }
    if (!(tot > 0)) throw new StatsInputError('the variance of the total score is zero: α is undefined');
    return (kUsed / (kUsed - 1)) * (1 - tr / tot);
  };
  const alpha = alphaOf(C, -1);
  let rSum = 0;
  for (let j = 0; j < k; j++) for (let m = j + 1; m < k; m++) rSum += Rm[j * k + m];
  const rBar = rSum / ((k * (k - 1)) / 2);
  const standardizedAlpha = (k * rBar) / (1 + (k - 1) * rBar);

  const alphaIfDeleted: number[] = [];
  const itemRestCorrelations: number[] = [];
  for (let j = 0; j < k; j++) {
    if (k > 2) alphaIfDeleted.push(alphaOf(C, j));
    let covRest = 0;
    let varRest = 0;
    for (let a = 0; a < k; a++) {
      if (a === j) continue;
      covRest += C[j * k + a];
      for (let b = 0; b < k; b++) if (b !== j) varRest += C[a * k + b];
    }
    if (!(varRest > 0)) throw new StatsInputError(`the items other than item ${j + 1} have a constant sum`);
    itemRestCorrelations.push(covRest / Math.sqrt(C[j * k + j] * varRest));
  }

  return {
    alpha,
    standardizedAlpha,
    n: used,
    items: k,
    alphaIfDeleted,
    itemRestCorrelations,
    missing,
    method:
      missing === 'listwise'
        ? 'Cronbach’s alpha, complete cases (listwise deletion)'
        : 'Cronbach’s alpha, pairwise-complete covariances (psych::alpha use="pairwise")',
  };
}
