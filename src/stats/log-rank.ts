import { chisqSf } from './distributions.js';
import { survivalInput } from './kaplan-meier.js';
import { StatsInputError } from './types.js';

export interface LogRankGroup {
  group: string;
  /** Subjects in the group. */
  n: number;
  /** Observed events O. */
  observed: number;
  /** Expected events E under equal hazards. */
  expected: number;
  /** (O − E)²/E; null when E = 0 (the group is never at risk at an event time). */
  oMinusESqOverE: number | null;
  /** (O − E)²/V with V the group's own variance; null when V = 0. */
  oMinusESqOverV: number | null;
}

export interface LogRankResult {
  /** In order of first appearance in the input. */
  groups: LogRankGroup[];
  chiSquare: number;
  /** Groups with E > 0, minus 1. */
  df: number;
  /** P(χ²_df ≥ chiSquare). */
  p: number;
  /** Covariance matrix of O − E (k × k, same order as `groups`), R's `survdiff(...)$var`. */
  variance: number[][];
  method: string;
}

/**
 * Log-rank (Mantel–Haenszel) test that k ≥ 2 survival curves are equal, as R's
 * `survival::survdiff(Surv(time, status) ~ group)` with rho = 0.
 *
 * At each distinct event time tⱼ with nⱼ at risk (time ≥ tⱼ) and dⱼ events in all groups, and n_gj at
 * risk, d_gj events in group g:
 *
 *     E_g   = Σⱼ dⱼ · n_gj / nⱼ
 *     V_gh  = Σⱼ dⱼ (nⱼ − dⱼ)/(nⱼ − 1) · (n_gj/nⱼ) · (δ_gh − n_hj/nⱼ)     (terms with nⱼ = 1 are 0)
 *     χ²    = (O − E)ᵀ V⁻¹ (O − E)   over the groups with E > 0, leaving out the first of them,
 *
 * with df = (number of groups with E > 0) − 1 and p from the upper tail of χ²_df. A censoring at the
 * same time as an event counts as at risk at that time. (O − E)²/V uses V's diagonal, as R prints it.
 *
 * Sources: N. Mantel (1966), Cancer Chemotherapy Reports 50:163–170; R. Peto & J. Peto (1972), JRSS A
 * 135:185–207; D. P. Harrington & T. R. Fleming (1982), Biometrika 69:553–566; T. Therneau, R package
 * `survival` (survdiff).
 *
 * @throws StatsInputError on invalid times/events (see kaplanMeier), unequal lengths, fewer than two
 *   groups, no events, fewer than two groups at risk at an event time, or a singular variance matrix.
 */
export function logRank(
  times: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  groups: ArrayLike<string>,
): LogRankResult {
  const { t, d } = survivalInput('Log-rank test', times, events);
  const n = t.length;
  if (groups.length !== n) {
    throw new StatsInputError(
      `Log-rank test: times and groups differ in length (${n} times, ${groups.length} group labels).`,
      'Give one group label per subject.',
    );
  }
  const labels: string[] = [];
  const index = new Map<string, number>();
  const g = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const label = groups[i];
    if (typeof label !== 'string') {
      throw new StatsInputError(`Log-rank test: group label ${i + 1} is ${String(label)}; expected a text label.`, 'Give every subject a group.');
    }
    let gi = index.get(label);
    if (gi === undefined) {
      gi = labels.length;
      index.set(label, gi);
      labels.push(label);
    }
    g[i] = gi;
  }
  const k = labels.length;
  if (k < 2) {
    throw new StatsInputError(
      `Log-rank test: needs at least 2 groups (got ${k}${k === 1 ? `: '${labels[0]}'` : ''}).`,
      'Compare two or more groups.',
    );
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => t[a] - t[b] || a - b);

  const size = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) size[g[i]]++;
  const atRisk = size.slice();
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const eventsNow = new Array<number>(k).fill(0);
  const leavingNow = new Array<number>(k).fill(0);
  let totalAtRisk = n;
  let totalEvents = 0;

  for (let i = 0; i < n; ) {
    const time = t[order[i]];
    eventsNow.fill(0);
    leavingNow.fill(0);
    let dj = 0;
    while (i < n && t[order[i]] === time) {
      const gi = g[order[i]];
      leavingNow[gi]++;
      if (d[order[i]] === 1) {
        eventsNow[gi]++;
        dj++;
      }
      i++;
    }
    if (dj > 0) {
      const nj = totalAtRisk;
      const factor = nj > 1 ? (dj * (nj - dj)) / (nj - 1) : 0;
      for (let a = 0; a < k; a++) {
        observed[a] += eventsNow[a];
        const pa = atRisk[a] / nj;
        expected[a] += dj * pa;
        if (factor === 0 || pa === 0) continue;
        for (let b = 0; b < k; b++) {
          const pb = atRisk[b] / nj;
          variance[a][b] += factor * pa * ((a === b ? 1 : 0) - pb);
        }
      }
      totalEvents += dj;
    }
    for (let a = 0; a < k; a++) atRisk[a] -= leavingNow[a];
    totalAtRisk -= leavingNow.reduce((s, v) => s + v, 0);
  }

  if (totalEvents === 0) {
    throw new StatsInputError('Log-rank test: there are no events, so the groups cannot be compared.', 'Check the event column (1 = event, 0 = censored).');
  }
  const used: number[] = [];
  for (let a = 0; a < k; a++) if (expected[a] > 0) used.push(a);
  if (used.length < 2) {
    throw new StatsInputError(
      'Log-rank test: only one group has subjects at risk when events happen, so there is nothing to compare.',
      'Check that the groups overlap in follow-up time.',
    );
  }
  const kept = used.slice(1);
  const diff = kept.map((a) => observed[a] - expected[a]);
  const v = kept.map((a) => kept.map((b) => variance[a][b]));
  const solved = solveLinear(v, diff);
  if (solved === null) {
    throw new StatsInputError(
      'Log-rank test: the variance matrix of O − E is singular, so the test statistic is undefined.',
      'This happens when at every event time all subjects at risk have the event; more data or fewer groups are needed.',
    );
  }
  let chiSquare = 0;
  for (let i = 0; i < kept.length; i++) chiSquare += solved[i] * diff[i];
  const df = used.length - 1;

  return {
    groups: labels.map((group, a) => {
      const oe2 = (observed[a] - expected[a]) ** 2;
      return {
        group,
        n: size[a],
        observed: observed[a],
        expected: expected[a],
        oMinusESqOverE: expected[a] > 0 ? oe2 / expected[a] : null,
        oMinusESqOverV: variance[a][a] > 0 ? oe2 / variance[a][a] : null,
      };
    }),
    chiSquare,
    df,
    p: chisqSf(chiSquare, df),
    variance,
    method: 'Log-rank test (Mantel–Haenszel, rho = 0)',
  };
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular (a pivot
 * below 1e-10 times the largest diagonal element).
 */
function solveLinear(A: number[][], b: number[]): number[] | null {
  const m = b.length;
  const a = A.map((row, i) => [...row, b[i]]);
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(A[i][i]));
  const tol = 1e-10 * scale;
  if (!(scale > 0)) return null;
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > tol)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < m; r++) {
      const f = a[r][col] / a[col][col];
      if (f === 0) continue;
      for (let c = col; c <= m; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let s = a[r][m];
    for (let c = r + 1; c < m; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}
