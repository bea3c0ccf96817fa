/**
 * `survey compare --by ATTR`: one test per item (per option for multiple-choice items, per construct
 * score), chosen by the item's type, with an effect size and Holm's adjustment across every test run.
 *
 *   single            χ² test of independence (options × groups); Fisher's exact test when an expected
 *                     count is below `minExpected`. Effect: Cramér's V (from χ², descriptive for Fisher).
 *   multiple          per option, present/absent × groups among those who answered, as for single.
 *   likert            2 groups: Mann–Whitney (rank-biserial r); > 2: Kruskal–Wallis (ε²).
 *   number, construct 2 groups: Welch's t (Hedges' g); > 2: Welch's ANOVA (η² of the classic one-way
 *                     ANOVA, descriptive: Welch's F has no effect size of its own in src/stats).
 *   text              not tested.
 */
import type { SurveyData, SurveyItem } from '../model/survey.js';
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { fisherExact2x2 } from '../stats/fisher-exact-2x2.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { mannWhitney } from '../stats/mann-whitney.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { tTestTwoSample } from '../stats/t-test-two-sample.js';
import { anovaWelch } from '../stats/anova-welch.js';
import { anovaOneWay } from '../stats/anova-one-way.js';
import { hedgesG } from '../stats/hedges-g.js';
import { holm } from '../stats/p-adjust-holm.js';
import { StatsInputError } from '../stats/types.js';
import { constructScores, type RespondentGroup } from './survey-describe.js';
import { quantileSorted } from '../stats/quantile.js';

export type CompareTest = 'chisq' | 'fisher' | 'mann-whitney' | 'kruskal-wallis' | 'welch-t' | 'welch-anova';

export interface GroupSummary {
  value: string;
  /** Valid answers in this group (the test's n). */
  n: number;
  /** likert: median code; number/construct: mean; single/multiple: null (see `counts`). */
  centre: number | null;
  /** single: count per option; multiple: count choosing the option. */
  counts?: number[];
}

export interface ItemComparison {
  /** Item or construct id. */
  id: string;
  label: string;
  type: SurveyItem['type'] | 'construct';
  /** multiple: the option tested (present vs absent). */
  option?: string;
  test: CompareTest | null;
  statistic: number | null;
  /** Degrees of freedom (χ², t, H; for Welch's ANOVA the numerator df, `df2` the denominator). */
  df: number | null;
  df2?: number | null;
  p: number | null;
  /** Holm-adjusted over every test of this comparison. */
  pHolm: number | null;
  effect: { name: 'cramers-v' | 'rank-biserial' | 'epsilon-squared' | 'hedges-g' | 'eta-squared'; value: number } | null;
  groups: GroupSummary[];
  method: string | null;
  /** Why no test was run (one group with answers, no variance, a text item …). */
  skipped?: string;
}

export interface CompareOptions {
  /** Use Fisher's test when an expected count is below this (default 5). */
  minExpected?: number;
  /** Fisher r×c: enumeration budget before Monte Carlo, samples and seed. */
  maxWork?: number;
  samples?: number;
  seed?: number;
}

export interface CompareResult {
  comparisons: ItemComparison[];
  /** Number of tests run (Holm's m). */
  tested: number;
}

/** Compare `groups` on the given items and constructs (ids resolved by the caller). */
export function compareGroups(survey: SurveyData, items: readonly SurveyItem[], constructIds: readonly string[], groups: readonly RespondentGroup[], opts: CompareOptions = {}): CompareResult {
  const out: ItemComparison[] = [];
  for (const item of items) out.push(...compareItem(survey, item, groups, opts));
  for (const id of constructIds) {
    const c = survey.definition.constructs.find((x) => x.id === id);
    if (!c) continue;
    const scores = constructScores(survey, c);
    out.push(compareNumbers(id, c.label, 'construct', groups.map((g) => g.rows.map((r) => scores[r]).filter(Number.isFinite)), groups));
  }
  const ps = out.map((c) => c.p);
  const tested = ps.filter((p) => p !== null).length;
  if (tested) {
    const adj = holm(ps).adjusted;
    out.forEach((c, i) => { c.pHolm = adj[i]; });
  }
  return { comparisons: out, tested };
}

function compareItem(survey: SurveyData, item: SurveyItem, groups: readonly RespondentGroup[], opts: CompareOptions): ItemComparison[] {
  const col = survey.columns[item.id];
  if (!col) return [];
  if (col.type === 'likert') {
    const values = groups.map((g) => g.rows.filter((r) => col.missing[r] === 0 && col.codes[r] > 0).map((r) => col.codes[r]));
    return [compareRanks(item, values, groups)];
  }
  if (col.type === 'number') {
    const values = groups.map((g) => g.rows.filter((r) => col.missing[r] === 0 && Number.isFinite(col.values[r])).map((r) => col.values[r]));
    return [compareNumbers(item.id, item.label, 'number', values, groups)];
  }
  if (col.type === 'single') {
    const table = item.labels.map((_, o) => groups.map((g) => g.rows.filter((r) => col.missing[r] === 0 && col.codes[r] === o + 1).length));
    return [compareCounts(item, undefined, table, groups, opts)];
  }
  if (col.type === 'multiple') {
    return item.labels.map((label, o) => {
      const answered = groups.map((g) => g.rows.filter((r) => col.missing[r] === 0 && col.choices[r] !== null));
      const chose = answered.map((rs) => rs.filter((r) => col.choices[r]!.includes(o + 1)).length);
      const table = [chose, answered.map((rs, j) => rs.length - chose[j])];
      return compareCounts(item, label, table, groups, opts);
    });
  }
  return [{ ...empty(item.id, item.label, item.type, groups), skipped: 'open answers are not tested' }];
}

function empty(id: string, label: string, type: ItemComparison['type'], groups: readonly RespondentGroup[]): ItemComparison {
  return { id, label, type, test: null, statistic: null, df: null, p: null, pHolm: null, effect: null, groups: groups.map((g) => ({ value: g.value, n: 0, centre: null })), method: null };
}

/** χ² or Fisher on a (rows = options) × (columns = groups) count table; empty rows and columns are left out. */
function compareCounts(item: SurveyItem, option: string | undefined, table: number[][], groups: readonly RespondentGroup[], opts: CompareOptions): ItemComparison {
  const colTotals = groups.map((_, j) => table.reduce((s, row) => s + row[j], 0));
  const base: ItemComparison = {
    ...empty(item.id, item.label, item.type, groups), option,
    groups: groups.map((g, j) => ({ value: g.value, n: colTotals[j], centre: null, counts: table.map((row) => row[j]) })),
  };
  const keepCols = colTotals.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  const keepRows = table.filter((row) => keepCols.some((j) => row[j] > 0));
  if (keepCols.length < 2) return { ...base, skipped: 'fewer than two groups with answers' };
  if (keepRows.length < 2) return { ...base, skipped: option ? 'every respondent gave the same answer for this option' : 'only one answer was given' };
  const t = keepRows.map((row) => keepCols.map((j) => row[j]));
  try {
    const chi = chiSquareIndependence(t);
    const minE = Math.min(...chi.expected.flat());
    const effect = { name: 'cramers-v' as const, value: chi.cramersV };
    if (minE >= (opts.minExpected ?? 5)) {
      return { ...base, test: 'chisq', statistic: chi.statistic, df: chi.df, p: chi.p, effect, method: chi.method };
    }
    if (t.length === 2 && t[0].length === 2) {
      const f = fisherExact2x2(t);
      return { ...base, test: 'fisher', p: f.p, effect, method: f.method };
    }
    const f = fisherExactRxC(t, { maxWork: opts.maxWork ?? 1e6, samples: opts.samples ?? 10000, seed: opts.seed ?? 1 });
    return { ...base, test: 'fisher', p: f.p, effect, method: f.method };
  } catch (e) {
    if (e instanceof StatsInputError) return { ...base, skipped: e.message };
    throw e;
  }
}

/** Mann–Whitney (2 groups) or Kruskal–Wallis (> 2) on Likert codes; groups without answers are left out. */
function compareRanks(item: SurveyItem, values: number[][], groups: readonly RespondentGroup[]): ItemComparison {
  const base: ItemComparison = {
    ...empty(item.id, item.label, item.type, groups),
    groups: groups.map((g, j) => ({ value: g.value, n: values[j].length, centre: values[j].length ? quantileSorted([...values[j]].sort((a, b) => a - b), 0.5) : null })),
  };
  const present = values.filter((v) => v.length > 0);
  if (present.length < 2) return { ...base, skipped: 'fewer than two groups with answers' };
  try {
    if (present.length === 2) {
      const m = mannWhitney(present[0], present[1]);
      return { ...base, test: 'mann-whitney', statistic: m.statistic, p: m.p, effect: { name: 'rank-biserial', value: m.rankBiserial }, method: m.method };
    }
    const k = kruskalWallis(present);
    return { ...base, test: 'kruskal-wallis', statistic: k.statistic, df: k.df, p: k.p, effect: { name: 'epsilon-squared', value: k.epsilonSquared }, method: k.method };
  } catch (e) {
    if (e instanceof StatsInputError) return { ...base, skipped: e.message };
    throw e;
  }
}

/** Welch's t (2 groups) or Welch's ANOVA (> 2) on numbers or construct scores. */
function compareNumbers(id: string, label: string, type: 'number' | 'construct', values: number[][], groups: readonly RespondentGroup[]): ItemComparison {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const base: ItemComparison = { ...empty(id, label, type, groups), groups: groups.map((g, j) => ({ value: g.value, n: values[j].length, centre: mean(values[j]) })) };
  const present = values.filter((v) => v.length > 0);
  if (present.length < 2) return { ...base, skipped: 'fewer than two groups with answers' };
  try {
    if (present.length === 2) {
      const t = tTestTwoSample(present[0], present[1], { welch: true });
      const g = hedgesG(present[0], present[1]);
      return { ...base, test: 'welch-t', statistic: t.statistic, df: t.df, p: t.p, effect: { name: 'hedges-g', value: g.g }, method: t.method };
    }
    const w = anovaWelch(present);
    const classic = anovaOneWay(present);
    return { ...base, test: 'welch-anova', statistic: w.statistic, df: w.df1, df2: w.df2, p: w.p, effect: { name: 'eta-squared', value: classic.etaSquared }, method: w.method };
  } catch (e) {
    if (e instanceof StatsInputError) return { ...base, skipped: e.message };
    throw e;
  }
}
