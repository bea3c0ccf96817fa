import { normalQuantile } from './distributions.js';
import { StatsInputError } from './types.js';

export type KaplanMeierConfType = 'log' | 'log-log' | 'plain';

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise intervals and of the median's interval, 0 < level < 1. Default 0.95. */
  level?: number;
  /** Scale on which the pointwise interval is built (R's `conf.type`). Default 'log'. */
  confType?: KaplanMeierConfType;
}

/** One row of R's `summary(survfit(...), censored = TRUE)`: a distinct time with an event or a censoring. */
export interface KaplanMeierStep {
  time: number;
  /** Subjects with time ≥ this time: those censored at this time count as at risk here. */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** Kaplan–Meier estimate of S just after this time. */
  survival: number;
  /**
   * Greenwood standard error on the S scale (R's `std.err` in the summary). null where S = 0 (R prints
   * NaN there: the Greenwood term d/(n(n − d)) is infinite when everyone at risk has the event).
   */
  se: number | null;
  /** Pointwise interval. null where R gives NA: S = 0 (all types) and S = 1 (log-log only). */
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierMedian {
  /** Median time; null when S never falls to 0.5. */
  time: number | null;
  /** Where the lower confidence curve first falls to 0.5; null when it never does. */
  lower: number | null;
  /** Where the upper confidence curve first falls to 0.5; null when it never does. */
  upper: number | null;
}

export interface KaplanMeierResult {
  /** Number of subjects. */
  n: number;
  /** Number of events. */
  events: number;
  steps: KaplanMeierStep[];
  median: KaplanMeierMedian;
  level: number;
  confType: KaplanMeierConfType;
  method: string;
}

/** The estimate at one time point, as R's `summary(fit, times = t)`. */
export interface KaplanMeierPoint {
  time: number;
  /** Subjects still at risk at t (time ≥ t). */
  nRisk: number;
  survival: number;
  se: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
}

/** The share with the event by time t, 1 − S(t), with its interval (1 − upper, 1 − lower). */
export interface ShareEventBy {
  time: number;
  nRisk: number;
  estimate: number;
  lower: number | null;
  upper: number | null;
  level: number;
}

/** R's `survmean` takes values within √ε of 0.5 as equal to 0.5. */
const HALF_TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * Kaplan–Meier (product-limit) estimate of the survival function for right-censored data, with
 * Greenwood variances and pointwise confidence intervals, as R's `survival::survfit(Surv(time, status) ~ 1)`
 * and its `summary(..., censored = TRUE)` and `print` methods.
 *
 * At each distinct time tⱼ with nⱼ at risk (time ≥ tⱼ, so a censoring tied with an event counts as
 * still at risk), dⱼ events:
 *
 *     S(t) = Π_{tⱼ ≤ t} (1 − dⱼ/nⱼ)
 *     σ²(t) = Σ_{tⱼ ≤ t} dⱼ / (nⱼ(nⱼ − dⱼ))            (Greenwood 1926; variance of log S)
 *     se(t) = S(t)·σ(t)                                (R's std.err, on the S scale)
 *
 * With z = Φ⁻¹((1 + level)/2) the interval is, by `confType`:
 *   - 'log' (R's default):   exp(log S ± z·σ), upper limit capped at 1; NA (null) where S = 0;
 *   - 'log-log':             exp(−exp(log(−log S) ∓ z·σ/log S)); null where S = 0 or S = 1;
 *   - 'plain':               S ± z·se, clipped to [0, 1]; null where S = 0.
 *
 * The median and its interval follow R's `print.survfit` (internal `survmean`): the median is the first
 * time where S ≤ 0.5; when S equals 0.5 there (within √ε) and later drops below it, the median is the
 * average of that time and the first time S is below 0.5. The lower limit of the median's interval
 * is the same rule applied to the lower confidence curve, the upper limit to the upper confidence
 * curve (missing limits are skipped); each is null when its curve never reaches 0.5.
 *
 * R also merges times that differ only by rounding error (`timefix`); here times are compared exactly.
 *
 * Sources: E. L. Kaplan & P. Meier (1958), JASA 53:457–481; M. Greenwood (1926), Reports on Public
 * Health and Medical Subjects 33; R. Brookmeyer & J. Crowley (1982), Biometrics 38:29–41 (median CI);
 * T. Therneau, R package `survival` (survfit, survfit_confint, survmean).
 *
 * @param times follow-up times, finite and ≥ 0.
 * @param events 1/true for an event (e.g. dropout), 0/false for a censored time.
 * @throws StatsInputError on unequal lengths, no subjects, a negative or non-finite time, a status
 *   other than 0/1/true/false, or a level outside (0, 1).
 */
export function kaplanMeier(
  times: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  opts: KaplanMeierOptions = {},
): KaplanMeierResult {
  const level = opts.level ?? 0.95;
  const confType = opts.confType ?? 'log';
  if (!(level > 0 && level < 1)) {
    throw new StatsInputError(`Kaplan–Meier: level must be between 0 and 1 (got ${level}).`, 'Use e.g. 0.95 for a 95% interval.');
  }
  if (confType !== 'log' && confType !== 'log-log' && confType !== 'plain') {
    throw new StatsInputError(`Kaplan–Meier: unknown confidence interval type '${String(confType)}'.`, "Use 'log', 'log-log' or 'plain'.");
  }
  const { t, d } = survivalInput('Kaplan–Meier', times, events);
  const n = t.length;
  const order = sortedOrder(t);
  const z = normalQuantile((1 + level) / 2);

  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0; // Σ d/(n(n − d)); Infinity once S = 0
  let totalEvents = 0;
  for (let i = 0; i < n; ) {
    const time = t[order[i]];
    let nEvent = 0;
    let nCensor = 0;
    while (i < n && t[order[i]] === time) {
      if (d[order[i]] === 1) nEvent++;
      else nCensor++;
      i++;
    }
    if (nEvent > 0) {
      survival *= 1 - nEvent / atRisk;
      greenwood += nEvent === atRisk ? Number.POSITIVE_INFINITY : nEvent / (atRisk * (atRisk - nEvent));
      if (nEvent === atRisk) survival = 0;
    }
    const ci = pointwiseInterval(survival, greenwood, z, confType);
    steps.push({
      time,
      nRisk: atRisk,
      nEvent,
      nCensor,
      survival,
      se: survival === 0 ? null : survival * Math.sqrt(greenwood),
      lower: ci.lower,
      upper: ci.upper,
    });
    totalEvents += nEvent;
    atRisk -= nEvent + nCensor;
  }

  const stepTimes = steps.map((s) => s.time);
  const median: KaplanMeierMedian = {
    time: firstAtOrBelowHalf(steps.map((s) => s.survival), stepTimes),
    lower: firstAtOrBelowHalf(steps.map((s) => s.lower), stepTimes),
    upper: firstAtOrBelowHalf(steps.map((s) => s.upper), stepTimes),
  };
  return {
    n,
    events: totalEvents,
    steps,
    median,
    level,
    confType,
    method: `Kaplan–Meier estimate, Greenwood standard errors, ${Math.round(level * 1000) / 10}% ${confType} confidence intervals`,
  };
}

/**
 * The Kaplan–Meier estimate at time t: the step function's value just after t (events at t
 * included), 1 before the first time. As R's `summary(fit, times = t)`: beyond the last observed time
 * the curve is not estimated (unless it has reached 0), so that is an error.
 *
 * @throws StatsInputError when t is not finite or lies beyond the last follow-up time.
 */
export function survivalAt(km: KaplanMeierResult, t: number): number {
  return kaplanMeierAt(km, t).survival;
}

/**
 * The estimate, its standard error and interval and the number still at risk at time t (see
 * {@link survivalAt}); the values are those of the last step at or before t.
 */
export function kaplanMeierAt(km: KaplanMeierResult, t: number): KaplanMeierPoint {
  if (!Number.isFinite(t)) {
    throw new StatsInputError(`Kaplan–Meier: the time point must be a finite number (got ${t}).`);
  }
  const steps = km.steps;
  const last = steps[steps.length - 1];
  if (t > last.time && last.survival > 0) {
    throw new StatsInputError(
      `Kaplan–Meier: time ${t} is after the last follow-up time (${last.time}); the curve is not estimated there.`,
      `Ask for a time up to ${last.time}.`,
    );
  }
  // Last step with time ≤ t (binary search); none → before the first time, S = 1.
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  const idx = lo - 1;
  // At risk at t: subjects with time ≥ t, i.e. those of the first step at or after t.
  let nRisk = 0;
  const next = idx >= 0 && steps[idx].time === t ? idx : idx + 1;
  if (next < steps.length) nRisk = steps[next].nRisk;
  if (idx < 0) {
    const ci = km.confType === 'log-log' ? { lower: null, upper: null } : { lower: 1, upper: 1 };
    return { time: t, nRisk, survival: 1, se: 0, lower: ci.lower, upper: ci.upper, level: km.level };
  }
  const s = steps[idx];
  return { time: t, nRisk, survival: s.survival, se: s.se, lower: s.lower, upper: s.upper, level: km.level };
}

/**
 * The share of subjects with the event by time t (e.g. "dropped out within 3 semesters"):
 * 1 − S(t), with the interval (1 − upper, 1 − lower) of the Kaplan–Meier interval at t.
 *
 * @throws StatsInputError as {@link survivalAt}.
 */
export function shareEventBy(km: KaplanMeierResult, t: number): ShareEventBy {
  const p = kaplanMeierAt(km, t);
  return {
    time: t,
    nRisk: p.nRisk,
    estimate: 1 - p.survival,
    lower: p.upper === null ? null : 1 - p.upper,
    upper: p.lower === null ? null : 1 - p.lower,
    level: p.level,
  };
}

/** Validated copies of time and status (1 = event). Shared by the log-rank test. */
export function survivalInput(
  what: string,
  times: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
): { t: Float64Array; d: Uint8Array } {
  if (times.length !== events.length) {
    throw new StatsInputError(
      `${what}: times and events differ in length (${times.length} times, ${events.length} event indicators).`,
      'Give one event indicator (1 = event, 0 = censored) per time.',
    );
  }
  if (times.length === 0) {
    throw new StatsInputError(`${what}: no subjects.`, 'Give at least one time with its event indicator.');
  }
  const n = times.length;
  const t = new Float64Array(n);
  const d = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ti = times[i];
    if (typeof ti !== 'number' || !Number.isFinite(ti) || ti < 0) {
      throw new StatsInputError(
        `${what}: time ${i + 1} is ${String(ti)}; times must be finite numbers ≥ 0.`,
        'Remove or correct the subject; a subject still without the event at the end of follow-up gets its last time and event 0.',
      );
    }
    const e = events[i];
    if (e === true || e === 1) d[i] = 1;
    else if (e === false || e === 0) d[i] = 0;
    else {
      throw new StatsInputError(
        `${what}: event indicator ${i + 1} is ${String(e)}; it must be 1 (event) or 0 (censored).`,
        'Use 1/true for an event and 0/false for a censored time.',
      );
    }
    t[i] = ti;
  }
  return { t, d };
}

/** Indices 0…n−1 ordered by time (stable). */
function sortedOrder(t: Float64Array): Uint32Array {
  const order = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) order[i] = i;
  order.sort((a, b) => t[a] - t[b] || a - b);
  return order;
}

function pointwiseInterval(
  s: number,
  greenwood: number,
  z: number,
  confType: KaplanMeierConfType,
): { lower: number | null; upper: number | null } {
  if (s === 0) return { lower: null, upper: null };
  const sigma = Math.sqrt(greenwood); // standard error of log S
  if (confType === 'plain') {
    const half = z * sigma * s;
    return { lower: Math.max(s - half, 0), upper: Math.min(s + half, 1) };
  }
  if (confType === 'log') {
    const logS = Math.log(s);
    return { lower: Math.exp(logS - z * sigma), upper: Math.min(Math.exp(logS + z * sigma), 1) };
  }
  if (s === 1) return { lower: null, upper: null };
  const logS = Math.log(s);
  const w = (z * sigma) / logS; // negative
  const c = Math.log(-logS);
  return { lower: Math.exp(-Math.exp(c - w)), upper: Math.exp(-Math.exp(c + w)) };
}

/**
 * R's `minmin` (inside `survmean`): the first x where y ≤ 0.5 (within √ε), averaged with the first x
 * where y is below that value when y sits at 0.5 there; missing y are skipped.
 */
function firstAtOrBelowHalf(y: readonly (number | null)[], x: readonly number[]): number | null {
  const ys: number[] = [];
  const xs: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== null && v < 0.5 + HALF_TOLERANCE) {
      ys.push(v);
      xs.push(x[i]);
    }
  }
  if (ys.length === 0) return null;
  if (Math.abs(ys[0] - 0.5) < HALF_TOLERANCE) {
    const below = ys.findIndex((v) => v < ys[0]);
    if (below >= 0) return (xs[0] + xs[below]) / 2;
  }
  return xs[0];
}
