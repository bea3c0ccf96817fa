import { lchoose, normalQuantile, normalSf } from './distributions.js';
import { type Interval, StatsInputError } from './types.js';

export interface LogisticCoefficient {
  name: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  /** Wald interval estimate ± z_{1−α/2}·SE on the log-odds scale. */
  ci: Interval;
  /** exp(estimate): the odds ratio. */
  oddsRatio: number;
}

export interface LogisticRegressionResult {
  coefficients: LogisticCoefficient[];
  deviance: number;
  nullDeviance: number;
  dfResidual: number;
  dfNull: number;
  aic: number;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Separation / non-convergence warnings, naming the offending variable where one can be found. */
  warnings: string[];
  /** Number of rows (observations or groups). */
  n: number;
  method: string;
  /** Present when `clusters` was given: cluster-robust (sandwich) standard errors, Wald z. */
  clusterRobust?: { clusters: number; coefficients: LogisticCoefficient[]; method: string };
}

export interface LogisticRegressionOptions {
  names?: string[];
  intercept?: boolean;
  level?: number;
  maxIterations?: number;
  /** Cluster label of every row; adds cluster-robust standard errors. */
  clusters?: string[];
}

const EPS_P = 10 * Number.EPSILON; // as R's binomial()$linkinv clamp / glm.fit warning threshold

/**
 * Logistic regression by iteratively reweighted least squares (Fisher scoring; McCullagh & Nelder,
 * Generalized Linear Models, 2nd ed., §4.4; R's glm.fit with family = binomial):
 *   W = m·p(1 − p),  z = η + (y/m − p)/(p(1 − p)),  β ← (XᵀWX)⁻¹XᵀWz  (Cholesky of XᵀWX),
 * started from p = (m·y + 0.5)/(m + 1), stopped when |D − D_old|/(|D| + 0.1) < 1e-8 (as glm.control).
 * Var(β̂) = (XᵀWX)⁻¹ at the fit; Wald z = β̂/SE, p = 2·P(Z > |z|), CI β̂ ± z_{1−α/2}·SE.
 * Deviance D = 2Σ[y·log(y/μ) + (m − y)·log((m − y)/(m − μ))]; the null deviance uses the
 * intercept-only fit; AIC = −2·Σlog dbinom(y; m, p) + 2k (R's binomial()$aic).
 * `y` is either 0/1 per row or { successes, trials } per row.
 *
 * Separation is reported, not thrown: `warnings` names every predictor that on its own separates the outcome
 * (max x among failures ≤ min x among successes, or the reverse: complete or quasi-complete
 * separation; Albert & Anderson 1984, Biometrika 71:1–10; checked with an intercept, or whenever the fit
 * is suspect). If fitted probabilities come within 1e-8 of 0 or 1 or IRLS does not converge and no single
 * predictor separates, the warning names the predictor with the largest |β̂|·sd(x) (joint separation).
 *
 * With `clusters`: the sandwich V = c·(XᵀWX)⁻¹ (Σ_g s_g s_gᵀ) (XᵀWX)⁻¹ with score sums
 * s_g = Σ_{i∈g} x_i (y_i − m_i p̂_i) and c = G/(G − 1), Wald z as for the model-based SEs — Stata's
 * `logit, vce(cluster)` (Cameron & Miller 2015, J. Human Resources 50(2), §II.D for non-linear
 * models); R: sandwich::vcovCL(fit, cluster, type = "HC0", cadjust = TRUE).
 */
export function logisticRegression(
  y: number[] | { successes: number[]; trials: number[] },
  X: number[][],
  options: LogisticRegressionOptions = {},
): LogisticRegressionResult {
  const intercept = options.intercept ?? true;
  const level = options.level ?? 0.95;
  const maxIt = options.maxIterations ?? 25;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must be between 0 and 1, got ${level}`);
  let succ: number[];
  let trials: number[];
  if (Array.isArray(y)) {
    succ = y;
    trials = y.map(() => 1);
    y.forEach((v, i) => {
      if (v !== 0 && v !== 1) throw new StatsInputError(`y[${i + 1}] = ${v}: a 0/1 outcome is needed`);
    });
  } else {
    succ = y.successes;
    trials = y.trials;
    if (succ.length !== trials.length) throw new StatsInputError('successes and trials must have the same length');
    succ.forEach((s, i) => {
      const m = trials[i];
      if (!Number.isInteger(m) || m < 1 || !Number.isInteger(s) || s < 0 || s > m) {
        throw new StatsInputError(`row ${i + 1}: successes ${s} of ${m} trials is not a valid count`);
      }
    });
  }
  const n = succ.length;
  if (X.length !== n) throw new StatsInputError(`${n} outcomes but X has ${X.length} rows; they must match`);
  if (n === 0) throw new StatsInputError('no observations');
  const p0 = X[0].length;
  const names0 = options.names ?? Array.from({ length: p0 }, (_, j) => `x${j + 1}`);
  if (names0.length !== p0) throw new StatsInputError(`names has ${names0.length} entries but X has ${p0} columns`);
  const names = intercept ? ['(Intercept)', ...names0] : [...names0];
  const k = names.length;
  if (k === 0) throw new StatsInputError('no columns: the model needs at least one predictor or the intercept');
  const off = intercept ? 1 : 0;
  const D = new Float64Array(n * k); // row-major design
  for (let i = 0; i < n; i++) {
    const r = X[i];
    if (r.length !== p0) throw new StatsInputError(`row ${i + 1} of X has ${r.length} values, expected ${p0}`);
    if (intercept) D[i * k] = 1;
    for (let j = 0; j < p0; j++) {
      if (!Number.isFinite(r[j])) throw new StatsInputError(`X[${i + 1}][${names0[j]}] is not a finite number`);
      D[i * k + j + off] = r[j];
    }
  }
  const totalS = succ.reduce((a, b) => a + b, 0);
  const totalM = trials.reduce((a, b) => a + b, 0);
  if (totalS === 0 || totalS === totalM) {
    throw new StatsInputError(totalS === 0 ? 'no successes: the outcome is constant' : 'no failures: the outcome is constant');
  }
  if (n < k) throw new StatsInputError(`${n} rows for ${k} coefficients: need at least as many rows`);

  const devOf = (mu: Float64Array): number => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const s = succ[i];
      const f = trials[i] - s;
      if (s > 0) d += s * Math.log(s / mu[i]);
      if (f > 0) d += f * Math.log(f / (trials[i] - mu[i]));
    }
    return 2 * d;
  };
  const clamp = (p: number): number => Math.min(1 - EPS_P, Math.max(EPS_P, p));

  const beta = new Float64Array(k);
  const eta = new Float64Array(n);
  const prob = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = (succ[i] + 0.5) / (trials[i] + 1);
    prob[i] = p;
    eta[i] = Math.log(p / (1 - p));
    mu[i] = trials[i] * p;
  }
  let dev = devOf(mu);
  const XtWX = new Float64Array(k * k);
  const XtWz = new Float64Array(k);
  const L = new Float64Array(k * k);

  // Cholesky of XtWX into L; throws naming the first column with no independent information.
  const cholesky = (): void => {
    const scale = Math.max(...Array.from({ length: k }, (_, j) => XtWX[j * k + j]));
    for (let j = 0; j < k; j++) {
      let s = XtWX[j * k + j];
      for (let m = 0; m < j; m++) s -= L[j * k + m] ** 2;
      if (!(s > 1e-10 * XtWX[j * k + j]) || !(XtWX[j * k + j] > 1e-300 * scale)) {
        throw new StatsInputError(
          `column "${names[j]}" is constant or a linear combination of the earlier columns: X is rank-deficient`,
        );
      }
      const d = Math.sqrt(s);
      L[j * k + j] = d;
      for (let i = j + 1; i < k; i++) {
        let t = XtWX[i * k + j];
        for (let m = 0; m < j; m++) t -= L[i * k + m] * L[j * k + m];
        L[i * k + j] = t / d;
      }
    }
  };
  const solve = (b: Float64Array): Float64Array => {
    const x = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = b[i];
      for (let m = 0; m < i; m++) s -= L[i * k + m] * x[m];
      x[i] = s / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = x[i];
      for (let m = i + 1; m < k; m++) s -= L[m * k + i] * x[m];
      x[i] = s / L[i * k + i];
    }
    return x;
  };
  const accumulate = (): void => {
    XtWX.fill(0);
    XtWz.fill(0);
    for (let i = 0; i < n; i++) {
      const p = prob[i];
      const v = p * (1 - p);
      const w = trials[i] * v;
      const z = eta[i] + (succ[i] / trials[i] - p) / v;
      const rb = i * k;
      for (let a = 0; a < k; a++) {
        const wa = w * D[rb + a];
        XtWz[a] += wa * z;
        for (let b = 0; b <= a; b++) XtWX[a * k + b] += wa * D[rb + b];
      }
    }
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) XtWX[a * k + b] = XtWX[b * k + a];
  };

  let converged = false;
  let iterations = 0;
  for (iterations = 1; iterations <= maxIt; iterations++) {
    accumulate();
    cholesky();
    const next = solve(XtWz);
    beta.set(next);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let a = 0; a < k; a++) e += D[i * k + a] * beta[a];
      eta[i] = e;
      prob[i] = clamp(1 / (1 + Math.exp(-e)));
      mu[i] = trials[i] * prob[i];
    }
    const devNew = devOf(mu);
    if (Math.abs(devNew - dev) / (Math.abs(devNew) + 0.1) < 1e-8) {
      dev = devNew;
      converged = true;
      break;
    }
    dev = devNew;
  }
  if (iterations > maxIt) iterations = maxIt;

  // Covariance at the fit.
  accumulate();
  cholesky();
  const cov = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const e = new Float64Array(k);
    e[j] = 1;
    const col = solve(e);
    for (let i = 0; i < k; i++) cov[i * k + j] = col[i];
  }

  const zq = normalQuantile(1 - (1 - level) / 2);
  const wald = (se: number, j: number): LogisticCoefficient => {
    const z = beta[j] / se;
    return {
      name: names[j],
      estimate: beta[j],
      se,
      z,
      p: Math.min(1, 2 * normalSf(Math.abs(z))),
      ci: { lower: beta[j] - zq * se, upper: beta[j] + zq * se, level },
      oddsRatio: Math.exp(beta[j]),
    };
  };
  const coefficients: LogisticCoefficient[] = names.map((_, j) => wald(Math.sqrt(cov[j * k + j]), j));

  let clusterRobust: LogisticRegressionResult['clusterRobust'];
  if (options.clusters) {
    const cl = options.clusters;
    if (cl.length !== n) throw new StatsInputError(`clusters has ${cl.length} labels but there are ${n} rows`);
    const index = new Map<string, number>();
    const S: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      let g = index.get(cl[i]);
      if (g === undefined) {
        g = index.size;
        index.set(cl[i], g);
        S.push(new Float64Array(k));
      }
      const u = succ[i] - mu[i];
      for (let a = 0; a < k; a++) S[g][a] += D[i * k + a] * u;
    }
    const G = index.size;
    if (G < 2) throw new StatsInputError('cluster-robust standard errors need at least 2 clusters');
    // bread·s_g for every cluster; V_jj = c·Σ_g (bread·s_g)_j².
    const c = G / (G - 1);
    const v = new Float64Array(k);
    for (const s of S) {
      for (let j = 0; j < k; j++) {
        let t = 0;
        for (let a = 0; a < k; a++) t += cov[j * k + a] * s[a];
        v[j] += t * t;
      }
    }
    clusterRobust = {
      clusters: G,
      coefficients: names.map((_, j) => wald(Math.sqrt(c * v[j]), j)),
      method: 'cluster-robust sandwich, G/(G − 1) small-sample factor (Stata logit vce(cluster)), Wald z',
    };
  }

  // Null deviance: intercept-only fit p̄ = Σy/Σm, or p = 1/2 without intercept (η = 0).
  const pNull = intercept ? totalS / totalM : 0.5;
  const muNull = new Float64Array(n);
  for (let i = 0; i < n; i++) muNull[i] = trials[i] * pNull;
  const nullDeviance = devOf(muNull);

  let logLik = 0;
  for (let i = 0; i < n; i++) {
    const s = succ[i];
    const f = trials[i] - s;
    logLik += lchoose(trials[i], s) + (s > 0 ? s * Math.log(prob[i]) : 0) + (f > 0 ? f * Math.log(1 - prob[i]) : 0);
  }

  const warnings: string[] = [];
  let extreme = false;
  for (let i = 0; i < n; i++) if (prob[i] <= 1e-8 || prob[i] >= 1 - 1e-8) extreme = true;
  if (!converged) warnings.push(`IRLS did not converge in ${maxIt} iterations`);
  if (extreme) warnings.push('fitted probabilities numerically 0 or 1 occurred: the outcome is (quasi-)separated');
  // A predictor that on its own separates the outcome separates it in the model too when there is an intercept.
  if (extreme || !converged || intercept) {
    const separating: string[] = [];
    for (let j = 0; j < p0; j++) {
      let minS = Infinity, maxS = -Infinity, minF = Infinity, maxF = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = X[i][j];
        if (succ[i] > 0) { minS = Math.min(minS, v); maxS = Math.max(maxS, v); }
        if (trials[i] - succ[i] > 0) { minF = Math.min(minF, v); maxF = Math.max(maxF, v); }
      }
      if (maxF <= minS || maxS <= minF) {
        const complete = maxF < minS || maxS < minF;
        separating.push(names0[j]);
        warnings.push(`"${names0[j]}" ${complete ? 'completely' : 'quasi-completely'} separates the outcome: its coefficient diverges and its SE and p are meaningless`);
      }
    }
    if (separating.length === 0 && p0 > 0 && (extreme || !converged)) {
      let best = 0;
      let bestVal = -1;
      for (let j = 0; j < p0; j++) {
        let m1 = 0, m2 = 0;
        for (let i = 0; i < n; i++) { m1 += X[i][j]; m2 += X[i][j] ** 2; }
        const sd = Math.sqrt(Math.max(0, m2 / n - (m1 / n) ** 2));
        const val = Math.abs(beta[j + off]) * sd;
        if (val > bestVal) { bestVal = val; best = j; }
      }
      warnings.push(`"${names0[best]}" has the largest diverging coefficient: the predictors jointly separate the outcome`);
    }
  }

  return {
    coefficients,
    deviance: dev,
    nullDeviance,
    dfResidual: n - k,
    dfNull: n - off,
    aic: -2 * logLik + 2 * k,
    logLik,
    iterations,
    converged,
    warnings,
    n,
    method: 'logistic regression by IRLS (Fisher scoring); Wald SEs, z tests and CIs',
    ...(clusterRobust ? { clusterRobust } : {}),
  };
}
