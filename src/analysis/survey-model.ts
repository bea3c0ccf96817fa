/**
 * `survey model`: an outcome (Likert code, top-box 0/1, number or construct score) regressed on survey
 * items, attributes and CRM fields through the join — OLS with CR1 cluster-robust standard errors, or
 * logistic regression — on complete cases, plus the coach-level ICC(1) of the outcome: does the coach
 * explain differences in reported impact (seed 004: "no coach-level variance")?
 */
import type { SurveyData } from '../model/survey.js';
import { ols, type OlsCoefficient } from '../stats/ols.js';
import { logisticRegression, type LogisticCoefficient } from '../stats/logistic-regression.js';
import { iccClusters } from '../stats/icc-clusters.js';
import { StatsInputError } from '../stats/types.js';
import { constructScores } from './survey-describe.js';
import type { RespondentVariable } from './survey-join.js';

/** A model that cannot be fitted as asked (outcome type, constant predictor …): the CLI makes it exit 2. */
export class ModelSpecError extends Error {
  constructor(message: string, readonly hint?: string) { super(message); }
}

export interface ModelOutcome {
  name: string;
  /** What the numbers are: `code` (Likert 1..k), `top-box` (0/1), `value` (number item), `score` (construct mean). */
  scale: 'code' | 'top-box' | 'value' | 'score';
  values: Float64Array;
  /** top-box: the labels counted as 1. */
  topLabels?: string[];
}

/**
 * The outcome variable for an item or construct id: Likert → code, or top-box 0/1 with `logistic`;
 * number → value; construct → score. Undefined when the id is neither an item nor a construct.
 */
export function outcomeVariable(survey: SurveyData, id: string, logistic: boolean): ModelOutcome | undefined {
  const n = survey.respondents.length;
  const item = survey.definition.items.find((i) => i.id === id);
  if (item) {
    const col = survey.columns[item.id];
    if (col?.type === 'likert') {
      const k = item.labels.length;
      const top = Math.min(item.top, k);
      const values = Float64Array.from({ length: n }, (_, r) => {
        const c = col.codes[r];
        if (col.missing[r] !== 0 || c === 0) return NaN;
        return logistic ? (c > k - top ? 1 : 0) : c;
      });
      return logistic ? { name: id, scale: 'top-box', values, topLabels: item.labels.slice(k - top) } : { name: id, scale: 'code', values };
    }
    if (col?.type === 'number') {
      if (logistic) throw new ModelSpecError(`--logistic needs a Likert outcome (top box = 1); "${id}" is a number item`, 'leave out --logistic for a linear model of the number');
      return { name: id, scale: 'value', values: Float64Array.from({ length: n }, (_, r) => (col.missing[r] === 0 ? col.values[r] : NaN)) };
    }
    throw new ModelSpecError(`"${id}" is a ${item.type} item: an outcome must be a Likert or number item, or a construct`, 'single-choice items can be predictors (dummy-coded) or used in `survey compare`');
  }
  const construct = survey.definition.constructs.find((c) => c.id === id);
  if (construct) {
    if (logistic) throw new ModelSpecError(`--logistic needs a Likert outcome (top box = 1); "${id}" is a construct score`, 'leave out --logistic for a linear model of the score');
    return { name: id, scale: 'score', values: constructScores(survey, construct) };
  }
  return undefined;
}

export interface ModelInput {
  outcome: ModelOutcome;
  predictors: readonly RespondentVariable[];
  /** Respondents in the selection (after filters). */
  rows: readonly number[];
  logistic: boolean;
  /** Cluster for CR1 standard errors (OLS); rows without a cluster value are dropped. */
  cluster?: { name: string; values: readonly (string | null)[] };
  /** Coach of every respondent, for the coach-level ICC of the outcome. */
  coach?: readonly (string | null)[];
}

export interface ModelTerm {
  /** Column name: the predictor, or `predictor=level` for a dummy. */
  name: string;
  variable: string;
  level?: string;
}

export interface ModelCoefficient extends ModelTerm {
  estimate: number;
  se: number;
  /** t (OLS) or z (logistic). */
  statistic: number;
  p: number;
  ci: [number, number];
  /** OLS: b·sd(x)/sd(y) over the rows used (dummies too); null for the intercept. */
  standardized?: number | null;
  /** Logistic: exp(estimate). */
  oddsRatio?: number;
}

export interface ModelPredictorInfo {
  name: string;
  kind: 'numeric' | 'categorical';
  source: string;
  /** Categorical: the reference level (the most frequent among the rows used) and every level with its count. */
  reference?: string;
  levels?: { level: string; n: number }[];
}

export interface IccSummary {
  icc: number;
  ci: [number, number];
  F: number;
  df1: number;
  df2: number;
  p: number;
  clusters: number;
  n: number;
  method: string;
}

export interface ModelResult {
  kind: 'ols' | 'logistic';
  outcome: { name: string; scale: ModelOutcome['scale']; topLabels?: string[] };
  /** Respondents in the selection. */
  respondents: number;
  /** Complete cases used. */
  n: number;
  /** Rows dropped, and per variable how many of the selected rows miss it (a row can miss several). */
  dropped: { total: number; byVariable: { variable: string; missing: number }[] };
  predictors: ModelPredictorInfo[];
  /** The coefficients to read: cluster-robust when `cluster` was given, else model-based. */
  coefficients: ModelCoefficient[];
  /** Model-based coefficients when the main ones are cluster-robust. */
  modelBased?: ModelCoefficient[];
  fit:
    | { rSquared: number; adjRSquared: number; F: number; df1: number; df2: number; p: number; residualSe: number }
    | { deviance: number; nullDeviance: number; dfResidual: number; dfNull: number; aic: number; converged: boolean; warnings: string[] };
  /** Cluster-robust inference: OLS CR1 with t on `df` = G − 1; logistic with Wald z (`df` null). */
  cluster: { name: string; clusters: number; df: number | null; method: string } | null;
  icc: IccSummary | null;
  iccNote?: string;
  method: string;
}

/** Fit the model on complete cases. Throws ModelSpecError / StatsInputError for what cannot be fitted. */
export function fitSurveyModel(input: ModelInput): ModelResult {
  const { outcome, predictors, rows, logistic, cluster } = input;
  const isMissing = (v: RespondentVariable, r: number) => (v.kind === 'numeric' ? !Number.isFinite(v.values[r]) : v.values[r] === null);
  const byVariable = [
    { variable: outcome.name, missing: rows.filter((r) => !Number.isFinite(outcome.values[r])).length },
    ...predictors.map((p) => ({ variable: p.name, missing: rows.filter((r) => isMissing(p, r)).length })),
    ...(cluster ? [{ variable: `cluster ${cluster.name}`, missing: rows.filter((r) => cluster.values[r] === null).length }] : []),
  ];
  const used = rows.filter((r) => Number.isFinite(outcome.values[r]) && predictors.every((p) => !isMissing(p, r)) && (!cluster || cluster.values[r] !== null));
  const n = used.length;

  // Design matrix: numeric predictors as they are; categorical ones as dummies against the most frequent level.
  const infos: ModelPredictorInfo[] = [];
  const terms: ModelTerm[] = [];
  const columns: number[][] = [];
  for (const p of predictors) {
    if (p.kind === 'numeric') {
      infos.push({ name: p.name, kind: 'numeric', source: p.source });
      terms.push({ name: p.name, variable: p.name });
      columns.push(used.map((r) => p.values[r]));
      continue;
    }
    const counts = new Map<string, number>();
    for (const r of used) counts.set(p.values[r]!, (counts.get(p.values[r]!) ?? 0) + 1);
    const order = p.levels ? p.levels.filter((l) => counts.has(l)) : [...counts.keys()].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }));
    if (order.length < 2) {
      throw new ModelSpecError(`predictor "${p.name}" has ${order.length ? `only one value ("${order[0]}")` : 'no values'} among the ${n} complete cases`, 'leave it out of --predictors, or widen the selection');
    }
    const reference = order.reduce((best, l) => (counts.get(l)! > counts.get(best)! ? l : best), order[0]);
    infos.push({ name: p.name, kind: 'categorical', source: p.source, reference, levels: order.map((level) => ({ level, n: counts.get(level)! })) });
    for (const level of order) {
      if (level === reference) continue;
      terms.push({ name: `${p.name}=${level}`, variable: p.name, level });
      columns.push(used.map((r) => (p.values[r] === level ? 1 : 0)));
    }
  }
  const y = used.map((r) => outcome.values[r]);
  const X = used.map((_, i) => columns.map((c) => c[i]));
  const names = terms.map((t) => t.name);
  const dropped = { total: rows.length - n, byVariable };
  const outcomeJson = { name: outcome.name, scale: outcome.scale, ...(outcome.topLabels ? { topLabels: outcome.topLabels } : {}) };
  const icc = coachIcc(input);

  if (logistic) {
    const fit = logisticRegression(y, X, { names, ...(cluster ? { clusters: used.map((r) => cluster.values[r]!) } : {}) });
    const toJson = (cs: LogisticCoefficient[]) => cs.map((c, i) => ({
      ...termOf(i, terms), estimate: c.estimate, se: c.se, statistic: c.z, p: c.p, ci: [c.ci.lower, c.ci.upper] as [number, number], oddsRatio: c.oddsRatio,
    }));
    const robust = fit.clusterRobust;
    return {
      kind: 'logistic', outcome: outcomeJson, respondents: rows.length, n, dropped, predictors: infos,
      coefficients: toJson(robust ? robust.coefficients : fit.coefficients),
      ...(robust ? { modelBased: toJson(fit.coefficients) } : {}),
      fit: { deviance: fit.deviance, nullDeviance: fit.nullDeviance, dfResidual: fit.dfResidual, dfNull: fit.dfNull, aic: fit.aic, converged: fit.converged, warnings: fit.warnings },
      cluster: robust && cluster ? { name: cluster.name, clusters: robust.clusters, df: null, method: robust.method } : null,
      ...icc, method: fit.method,
    };
  }

  const fit = ols(y, X, { names, ...(cluster ? { clusters: used.map((r) => cluster.values[r]!) } : {}) });
  const sdY = sd(y);
  const standardized = (i: number) => (i === 0 ? null : sdY > 0 ? fit.coefficients[i].estimate * sd(columns[i - 1]) / sdY : null);
  const toJson = (cs: OlsCoefficient[]) => cs.map((c, i) => ({
    ...termOf(i, terms), estimate: c.estimate, se: c.se, statistic: c.t, p: c.p, ci: [c.ci.lower, c.ci.upper] as [number, number], standardized: standardized(i),
  }));
  const robust = fit.clusterRobust;
  return {
    kind: 'ols', outcome: outcomeJson, respondents: rows.length, n, dropped, predictors: infos,
    coefficients: toJson(robust ? robust.coefficients : fit.coefficients),
    ...(robust ? { modelBased: toJson(fit.coefficients) } : {}),
    fit: { rSquared: fit.rSquared, adjRSquared: fit.adjRSquared, F: fit.F, df1: fit.df1, df2: fit.df2, p: fit.p, residualSe: fit.residualSe },
    cluster: robust && cluster ? { name: cluster.name, clusters: robust.clusters, df: robust.df, method: robust.method } : null,
    ...icc, method: fit.method,
  };
}

/** Coefficient i of a fit with an intercept: 0 is the intercept, i ≥ 1 the term i − 1. */
function termOf(i: number, terms: ModelTerm[]): ModelTerm {
  return i === 0 ? { name: '(Intercept)', variable: '(Intercept)' } : terms[i - 1];
}

function sd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * ICC(1) of the outcome within coaches, over every selected respondent with an outcome and a coach
 * (not only the model's complete cases: the question is about the outcome itself).
 */
function coachIcc(input: ModelInput): { icc: IccSummary | null; iccNote?: string } {
  const coach = input.coach;
  if (!coach) return { icc: null, iccNote: 'no coach known for the respondents (no coach column and no CRM join)' };
  const rs = input.rows.filter((r) => Number.isFinite(input.outcome.values[r]) && coach[r] !== null);
  try {
    const r = iccClusters(rs.map((i) => input.outcome.values[i]), rs.map((i) => coach[i]!));
    return { icc: { icc: r.icc, ci: [r.ci.lower, r.ci.upper], F: r.F, df1: r.df1, df2: r.df2, p: r.p, clusters: r.clusters, n: r.n, method: r.method } };
  } catch (e) {
    if (e instanceof StatsInputError) return { icc: null, iccNote: e.message };
    throw e;
  }
}
