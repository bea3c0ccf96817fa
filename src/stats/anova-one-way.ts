import { fSf } from './distributions.js';
import { presentValues } from './mid-ranks.js';
import { StatsInputError } from './types.js';

export interface GroupSummary {
  n: number;
  mean: number;
  /** Sample SD (n − 1 denominator). */
  sd: number;
}

export interface AnovaOneWayResult {
  /** F = MS_between / MS_within */
  statistic: number;
  /** k − 1 */
  df1: number;
  /** N − k */
  df2: number;
  p: number;
  /** Σ nᵢ(x̄ᵢ − x̄)² */
  ssBetween: number;
  /** Σᵢ Σⱼ (xᵢⱼ − x̄ᵢ)² */
  ssWithin: number;
  msBetween: number;
  msWithin: number;
  /** η² = SS_between / (SS_between + SS_within) */
  etaSquared: number;
  /** Per-group n, mean and SD, in input order (missing values dropped). */
  groups: GroupSummary[];
  method: string;
}

/**
 * Classic one-way analysis of variance (equal variances assumed), as R's
 * `anova(lm(y ~ g))` / `oneway.test(y ~ g, var.equal = TRUE)` (Fisher 1925; e.g. Howell,
 * Statistical Methods for Psychology, ch. 11).
 * F = [SS_between/(k−1)] / [SS_within/(N−k)], p = P(F_{k−1, N−k} ≥ F), η² = SS_between/SS_total.
 *
 * Missing values (null / NaN) are dropped. Throws StatsInputError with fewer than 2 groups, a
 * group with fewer than 2 values, infinite values, or when every group is constant (SS_within 0).
 */
export function anovaOneWay(groups: readonly (readonly (number | null)[])[]): AnovaOneWayResult {
  if (groups.length < 2) throw new StatsInputError(`one-way ANOVA needs at least 2 groups (got ${groups.length})`);
  const clean = groups.map((g, i) => presentValues(g, `group ${i + 1}`));
  clean.forEach((g, i) => {
    if (g.length < 2) throw new StatsInputError(`group ${i + 1} has ${g.length} non-missing value(s); one-way ANOVA needs at least 2 per group`);
  });
  const k = clean.length;
  let total = 0;
  let nTotal = 0;
  for (const g of clean) for (const v of g) { total += v; nTotal++; }
  const grand = total / nTotal;
  let ssBetween = 0;
  let ssWithin = 0;
  const summaries: GroupSummary[] = clean.map((g) => {
    let s = 0;
    for (const v of g) s += v;
    const m = s / g.length;
    let ss = 0;
    for (const v of g) ss += (v - m) ** 2;
    ssBetween += g.length * (m - grand) ** 2;
    ssWithin += ss;
    return { n: g.length, mean: m, sd: Math.sqrt(ss / (g.length - 1)) };
  });
  // Within-group SS of exactly 0 (or at rounding level relative to the data's scale) leaves F undefined.
  if (!(ssWithin > 1e-14 * (ssBetween + ssWithin) && ssWithin > 0)) {
    throw new StatsInputError(
      'every group is constant (within-group sum of squares 0), so F is undefined',
      'one-way ANOVA needs variation within the groups',
    );
  }
  const df1 = k - 1;
  const df2 = nTotal - k;
  const msBetween = ssBetween / df1;
  const msWithin = ssWithin / df2;
  const statistic = msBetween / msWithin;
  return {
    statistic,
    df1,
    df2,
    p: fSf(statistic, df1, df2),
    ssBetween,
    ssWithin,
    msBetween,
    msWithin,
    etaSquared: ssBetween / (ssBetween + ssWithin),
    groups: summaries,
    method: 'One-way ANOVA (equal variances assumed)',
  };
}

