import { fSf, tQuantile, tSf } from './distributions.js';
import { type Interval, StatsInputError } from './types.js';

export interface OlsOptions {
  /** Names of the columns of X (without the intercept); default x1, x2, … */
  names?: string[];
  /** Add an intercept column named "(Intercept)" (default true). */
  intercept?: boolean;
  /** Confidence level of the coefficient intervals (default 0.95). */
  level?: number;
  /** Cluster label of every row; adds cluster-robust (CR1) standard errors. */
  clusters?: string[];
}

export interface OlsCoefficient {
  name: string;
  estimate: number;
  se: number;
  t: number;
  p: number;
  ci: Interval;
}

export interface OlsResult {
  coefficients: OlsCoefficient[];
  rSquared: number;
  adjRSquared: number;
  /** Overall F test of all slopes = 0 (against the intercept-only model; against 0 without intercept). */
  F: number;
  df1: number;
  df2: number;
  /** p of the F test. */
  p: number;
  residualSe: number;
  /** Residual sum of squares. */
  sse: number;
  n: number;
  /** Number of coefficients, intercept included. */
  k: number;
  intercept: boolean;
  /** Present when `clusters` was given: cluster-robust CR1 inference, t on G − 1 df. */
  clusterRobust?: { clusters: number; df: number; coefficients: OlsCoefficient[]; method: string };
  method: string;
}

/** Relative tolerance for a column that is (numerically) a linear combination of the previous ones (as R's lm, 1e-7). */
const RANK_TOL = 1e-7;

/**
 * Ordinary least squares y = Xβ + ε, solved by Householder QR, never by the normal equations:
 * X = QR, β = R⁻¹(Qᵀy), SSE = ‖(Qᵀy)[k..n)‖², Var(β) = σ̂²(RᵀR)⁻¹ = σ̂² R⁻¹R⁻ᵀ with σ̂² = SSE/(n − k)
 * (Golub & Van Loan, Matrix Computations, §5.2–5.3). The QR is accumulated over blocks of 256 rows
 * (the current R stacked on the next block and re-triangularised by Householder reflections, a
 * tall-skinny QR), so memory is O(k²) beyond the input and the work stays in cache; for n ≤ 256 it is
 * exactly the Householder QR of the full matrix.
 *
 * R² = 1 − SSE/TSS (TSS centred with an intercept, uncentred without, as R's summary.lm);
 * adjusted R² = 1 − (1 − R²)(n − i)/(n − k) with i = 1 with an intercept, 0 without;
 * F = ((TSS − SSE)/(k − i)) / (SSE/(n − k)).
 *
 * With `clusters`: cluster-robust sandwich V = c·(XᵀX)⁻¹ (Σ_g X_gᵀu_g u_gᵀX_g) (XᵀX)⁻¹ with the
 * Stata CR1 small-sample factor c = G/(G − 1)·(N − 1)/(N − K), t statistics on G − 1 df
 * (Cameron & Miller 2015, "A practitioner's guide to cluster-robust inference", J. Human Resources 50(2)).
 *
 * A column whose part orthogonal to the earlier columns has norm ≤ 1e-7 × its own norm (a constant
 * column next to the intercept, a collinear column) makes X rank-deficient: StatsInputError naming it.
 * Verified against the NIST StRD Longley certified values.
 */
export function ols(y: number[], X: number[][], options: OlsOptions = {}): OlsResult {
  const intercept = options.intercept ?? true;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must be between 0 and 1, got ${level}`);
  const n = y.length;
  if (X.length !== n) throw new StatsInputError(`y has ${n} values but X has ${X.length} rows; they must match`);
  if (n === 0) throw new StatsInputError('no observations: ols needs rows of data');
  const p0 = X[0].length;
  const names0 = options.names ?? Array.from({ length: p0 }, (_, j) => `x${j + 1}`);
  if (names0.length !== p0) throw new StatsInputError(`names has ${names0.length} entries but X has ${p0} columns`);
  const names = intercept ? ['(Intercept)', ...names0] : [...names0];
  const k = names.length;
  if (k === 0) throw new StatsInputError('no columns: ols needs at least one predictor or the intercept');
  if (n <= k) throw new StatsInputError(`${n} observations for ${k} coefficients: ols needs more rows than coefficients`);
  const off = intercept ? 1 : 0;
  if (p0 === 0) throw new StatsInputError('no predictors: ols needs at least one column in X');

  // Householder QR accumulated over blocks of rows (a "tall-skinny" QR): the current k × k triangle R
  // (row-major Rm) and its right-hand side c = (Qᵀy)[0..k) are stacked on the next block of rows B
  // (column-major, BLOCK × k) and re-triangularised by k Householder reflections. A reflection for column j
  // is non-zero only in row j of R and in the block rows, so it touches nothing else. The parts of Qᵀy
  // rotated into the block rows are orthogonal to everything later: their squares add up to the SSE.
  const Rm = new Float64Array(k * k);
  const c = new Float64Array(k);
  const colSq = new Float64Array(k);
  const BLOCK = 256;
  const B = new Float64Array(BLOCK * k);
  const yb = new Float64Array(BLOCK);
  let sse = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const b = Math.min(BLOCK, n - start);
    for (let i = 0; i < b; i++) {
      const r = start + i;
      const row = X[r];
      if (row.length !== p0) throw new StatsInputError(`row ${r + 1} of X has ${row.length} values, expected ${p0}`);
      const yi = y[r];
      if (!Number.isFinite(yi)) throw new StatsInputError(`y[${r + 1}] is not a finite number`);
      yb[i] = yi;
      if (intercept) B[i] = 1;
      for (let j = 0; j < p0; j++) {
        const v = row[j];
        if (!Number.isFinite(v)) throw new StatsInputError(`X[${r + 1}][${names0[j]}] is not a finite number`);
        B[(j + off) * BLOCK + i] = v;
        colSq[j + off] += v * v;
      }
    }
    if (intercept) colSq[0] += b;
    for (let j = 0; j < k; j++) {
      const jb = j * BLOCK;
      const x0 = Rm[j * k + j];
      let s = x0 * x0;
      for (let i = 0; i < b; i++) s += B[jb + i] * B[jb + i];
      if (s === 0) continue;
      const norm = Math.sqrt(s);
      const alpha = x0 >= 0 ? -norm : norm;
      const v0 = x0 - alpha; // v = (v0 at row j; B[·, j] in the block rows)
      const vtv = 2 * norm * (norm + Math.abs(x0));
      for (let cc = j + 1; cc < k; cc++) {
        const cb = cc * BLOCK;
        let d = v0 * Rm[j * k + cc];
        for (let i = 0; i < b; i++) d += B[jb + i] * B[cb + i];
        const f = (2 * d) / vtv;
        Rm[j * k + cc] -= f * v0;
        for (let i = 0; i < b; i++) B[cb + i] -= f * B[jb + i];
      }
      let d = v0 * c[j];
      for (let i = 0; i < b; i++) d += B[jb + i] * yb[i];
      const f = (2 * d) / vtv;
      c[j] -= f * v0;
      for (let i = 0; i < b; i++) yb[i] -= f * B[jb + i];
      Rm[j * k + j] = alpha;
    }
    for (let i = 0; i < b; i++) sse += yb[i] * yb[i];
  }
  // Rank: |R_jj| is the norm of column j orthogonal to the earlier columns.
  for (let j = 0; j < k; j++) {
    const colNorm = Math.sqrt(colSq[j]);
    if (colNorm === 0) throw new StatsInputError(`column "${names[j]}" is all zero: X is rank-deficient`);
    if (Math.abs(Rm[j * k + j]) <= RANK_TOL * colNorm) {
      throw new StatsInputError(
        `column "${names[j]}" is constant or a linear combination of the earlier columns: X is rank-deficient`,
        'drop the column or one of the collinear columns',
      );
    }
  }
  const rDiag = new Float64Array(k);
  for (let j = 0; j < k; j++) rDiag[j] = Rm[j * k + j];
  const qty = c;
  const R = (i: number, j: number): number => Rm[i * k + j]; // i ≤ j

  // β by back substitution.
  const beta = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = qty[i];
    for (let j = i + 1; j < k; j++) s -= R(i, j) * beta[j];
    beta[i] = s / rDiag[i];
  }

  // Rinv (upper triangular), then (XᵀX)⁻¹ = Rinv Rinvᵀ.
  const Rinv = new Float64Array(k * k); // row-major
  for (let j = 0; j < k; j++) {
    Rinv[j * k + j] = 1 / rDiag[j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += R(i, m) * Rinv[m * k + j];
      Rinv[i * k + j] = -s / rDiag[i];
    }
  }
  const XtXinv = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let m = Math.max(a, b); m < k; m++) s += Rinv[a * k + m] * Rinv[b * k + m];
      XtXinv[a * k + b] = s;
      XtXinv[b * k + a] = s;
    }
  }

  let tss = 0;
  if (intercept) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    for (let i = 0; i < n; i++) tss += (y[i] - mean) * (y[i] - mean);
  } else {
    for (let i = 0; i < n; i++) tss += y[i] * y[i];
  }
  if (tss === 0) throw new StatsInputError(intercept ? 'y is constant: R² and the F test are undefined' : 'y is all zero');

  const df2 = n - k;
  const df1 = k - off;
  const sigma2 = sse / df2;
  const rSquared = 1 - sse / tss;
  const adjRSquared = 1 - ((1 - rSquared) * (n - off)) / df2;
  const F = (tss - sse) / df1 / sigma2;
  const pF = sse === 0 ? 0 : fSf(F, df1, df2);

  const makeCoefs = (variances: ArrayLike<number>, df: number): OlsCoefficient[] => {
    const q = tQuantile(1 - (1 - level) / 2, df);
    return names.map((name, j) => {
      const se = Math.sqrt(variances[j]);
      const t = beta[j] / se;
      return {
        name,
        estimate: beta[j],
        se,
        t,
        p: Math.min(1, 2 * tSf(Math.abs(t), df)),
        ci: { lower: beta[j] - q * se, upper: beta[j] + q * se, level },
      };
    });
  };
  const classicVar = Array.from({ length: k }, (_, j) => sigma2 * XtXinv[j * k + j]);

  const result: OlsResult = {
    coefficients: makeCoefs(classicVar, df2),
    rSquared,
    adjRSquared,
    F,
    df1,
    df2,
    p: pF,
    residualSe: Math.sqrt(sigma2),
    sse,
    n,
    k,
    intercept,
    method: 'OLS via Householder QR' + (options.clusters ? '; cluster-robust CR1 (Stata small-sample factor), t on G − 1 df' : ''),
  };
  if (options.clusters) {
    const cl = options.clusters;
    if (cl.length !== n) throw new StatsInputError(`clusters has ${cl.length} labels but there are ${n} rows`);
    const index = new Map<string, number>();
    const gOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let g = index.get(cl[i]);
      if (g === undefined) {
        g = index.size;
        index.set(cl[i], g);
      }
      gOf[i] = g;
    }
    const G = index.size;
    if (G < 2) throw new StatsInputError('cluster-robust standard errors need at least 2 clusters');
    // Score sums s_g = Σ_{i∈g} x_i u_i, residuals from the original data.
    const S = new Float64Array(G * k);
    for (let i = 0; i < n; i++) {
      const row = X[i];
      let fit = intercept ? beta[0] : 0;
      for (let j = 0; j < p0; j++) fit += beta[j + off] * row[j];
      const u = y[i] - fit;
      const sb = gOf[i] * k;
      if (intercept) S[sb] += u;
      for (let j = 0; j < p0; j++) S[sb + j + off] += row[j] * u;
    }
    const meat = new Float64Array(k * k);
    for (let g = 0; g < G; g++) {
      const sb = g * k;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] += S[sb + a] * S[sb + b];
    }
    const c = (G / (G - 1)) * ((n - 1) / (n - k));
    const robustVar: number[] = [];
    for (let j = 0; j < k; j++) {
      // (XᵀX)⁻¹ meat (XᵀX)⁻¹, diagonal element j
      let s = 0;
      for (let a = 0; a < k; a++) {
        const la = XtXinv[j * k + a];
        if (la === 0) continue;
        for (let b = 0; b < k; b++) s += la * meat[a * k + b] * XtXinv[b * k + j];
      }
      robustVar.push(c * s);
    }
    result.clusterRobust = {
      clusters: G,
      df: G - 1,
      coefficients: makeCoefs(robustVar, G - 1),
      method: 'CR1: sandwich with factor G/(G−1)·(N−1)/(N−K) (Stata), t on G − 1 df',
    };
  }
  return result;
}
