/**
 * `hefboom pathways profile`: the inflow profile (seed 001 Figure 2: sex, age, education, months
 * unemployed, labour-market status, migration background, disability, rural) per group, with the
 * denominator and the missing count of every variable — the seed's own shares do not all follow from
 * its N = 441, because its denominators were not reported — and a test across the groups:
 * Pearson's χ² when every expected count is at least 5, else Fisher's exact test (Monte Carlo when
 * exact enumeration is too large); Kruskal–Wallis for numbers.
 *
 * Small-cell suppression: with `suppressBelow` > 0, a category count below it (and above 0) is
 * withheld, and so is its percentage; denominators and missing counts stay visible.
 */
import { PROFILE_FIELDS, type PathwayRegister, type ProfileColumn, type ProfileField } from '../model/pathways.js';
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { describe } from '../stats/describe.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { EMPTY_GROUP, type Grouping } from './pathways-groups.js';

export interface CategoryCell {
  /** null when withheld (small-cell suppression). */
  count: number | null;
  /** count / denominator; null when withheld or the denominator is 0. */
  p: number | null;
}

export interface CategoryProfile {
  field: ProfileField;
  column: string;
  kind: 'category';
  levels: string[];
  /** Per group (same order as `groups`), then the total. */
  cells: { group: string; denominator: number; missing: number; levels: CategoryCell[] }[];
  test: ProfileTest | null;
}

export interface NumberProfile {
  field: ProfileField;
  column: string;
  kind: 'number';
  cells: { group: string; n: number; missing: number; mean: number | null; sd: number | null; median: number | null }[];
  test: ProfileTest | null;
}

export interface ProfileTest {
  name: string;
  statistic: number | null;
  df: number | null;
  p: number;
  /** Why this test (e.g. expected counts below 5). */
  note: string;
  /** Fisher: expected counts below 5 that ruled out χ²; Monte Carlo tables and seed when simulated. */
  lowExpected?: number;
  samples?: number;
  seed?: number;
}

export interface ProfileResult {
  by: string;
  persons: number;
  groups: string[];
  variables: (CategoryProfile | NumberProfile)[];
  /** Profile fields the mapping does not name. */
  notMapped: ProfileField[];
}

export const TOTAL = 'totaal';

/** Ordered scales that registers use, so levels are listed low to high rather than alphabetically. */
const ORDERED_LEVELS = [
  ['laag', 'midden', 'hoog'], ['laaggeschoold', 'middengeschoold', 'hooggeschoold'], ['low', 'middle', 'high'],
  ['ja', 'nee'], ['yes', 'no'],
];

function compareLevels(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  for (const scale of ORDERED_LEVELS) {
    const i = scale.indexOf(la);
    const j = scale.indexOf(lb);
    if (i >= 0 && j >= 0) return i - j;
  }
  return a.localeCompare(b, 'nl', { numeric: true });
}

export function pathwaysProfile(reg: PathwayRegister, grouping: Grouping, opts: { suppressBelow?: number; seed?: number } = {}): ProfileResult {
  const variables: (CategoryProfile | NumberProfile)[] = [];
  const notMapped: ProfileField[] = [];
  for (const field of PROFILE_FIELDS) {
    const col = reg.profile[field];
    if (!col) { notMapped.push(field); continue; }
    variables.push(col.kind === 'category' ? categoryProfile(field, col, reg, grouping, opts) : numberProfile(field, col, reg, grouping));
  }
  return { by: grouping.by, persons: reg.persons, groups: grouping.labels, variables, notMapped };
}

/** Groups that take part in the test: every group but "(leeg)" (no value to compare on). */
const tested = (grouping: Grouping) => grouping.labels.map((l, g) => (l === EMPTY_GROUP && grouping.by ? -1 : g)).filter((g) => g >= 0);

function categoryProfile(field: ProfileField, col: Extract<ProfileColumn, { kind: 'category' }>, reg: PathwayRegister, grouping: Grouping, opts: { suppressBelow?: number; seed?: number }): CategoryProfile {
  const G = grouping.labels.length;
  const L = col.data.values.length;
  const counts = Array.from({ length: G + 1 }, () => new Float64Array(L));
  const missing = new Float64Array(G + 1);
  for (let i = 0; i < reg.persons; i++) {
    const g = grouping.of[i];
    const c = col.data.codes[i];
    if (c < 0) { missing[g]++; missing[G]++; continue; }
    counts[g][c]++;
    counts[G][c]++;
  }
  // The mapping's declared order, else known scales (laag–midden–hoog), else alphabetical.
  const rank = col.levels ? new Map(col.levels.map((l, i) => [l, i])) : undefined;
  const compare = rank
    ? (a: string, b: string) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b, 'nl', { numeric: true })
    : compareLevels;
  const order = [...Array(L).keys()].filter((c) => counts[G][c] > 0).sort((a, b) => compare(col.data.values[a], col.data.values[b]));
  const below = opts.suppressBelow ?? 0;
  const cells = [...grouping.labels, TOTAL].map((group, g) => {
    const denominator = order.reduce((s, c) => s + counts[g][c], 0);
    return {
      group,
      denominator,
      missing: missing[g],
      levels: order.map((c) => {
        const n = counts[g][c];
        const hidden = below > 0 && n > 0 && n < below;
        return { count: hidden ? null : n, p: hidden || denominator === 0 ? null : n / denominator };
      }),
    };
  });
  let test: ProfileTest | null = null;
  const rows = tested(grouping).map((g) => order.map((c) => counts[g][c])).filter((r) => r.some((v) => v > 0));
  if (rows.length >= 2 && order.length >= 2) {
    const chi = chiSquareIndependence(rows);
    if (chi.lowExpected.count === 0) {
      test = { name: 'chi-square', statistic: chi.statistic, df: chi.df, p: chi.p, note: 'Pearson χ², every expected count ≥ 5' };
    } else {
      const f = fisherExactRxC(rows, { maxWork: 2e6, samples: 10000, seed: opts.seed ?? 1 });
      test = {
        name: 'fisher', statistic: null, df: null, p: f.p, lowExpected: chi.lowExpected.count, ...(f.samples ? { samples: f.samples, seed: f.seed } : {}),
        note: `${chi.lowExpected.count} expected count(s) below 5: Fisher's exact test${f.samples ? ` (Monte Carlo, ${f.samples} tables, seed ${f.seed})` : ''}`,
      };
    }
  }
  return { field, column: col.column, kind: 'category', levels: order.map((c) => col.data.values[c]), cells, test };
}

function numberProfile(field: ProfileField, col: Extract<ProfileColumn, { kind: 'number' }>, reg: PathwayRegister, grouping: Grouping): NumberProfile {
  const G = grouping.labels.length;
  const values: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < reg.persons; i++) values[grouping.of[i]].push(col.values[i]);
  const summary = (v: ArrayLike<number>) => {
    const d = describe(v);
    return { n: d.n, missing: d.missing, mean: d.mean, sd: d.sd, median: d.median };
  };
  const cells = grouping.labels.map((group, g) => ({ group, ...summary(values[g]) }));
  cells.push({ group: TOTAL, ...summary(col.values) });
  let test: ProfileTest | null = null;
  const groups = tested(grouping).map((g) => values[g].filter(Number.isFinite)).filter((v) => v.length > 0);
  if (groups.length >= 2 && groups.reduce((s, v) => s + v.length, 0) > groups.length) {
    const kw = kruskalWallis(groups);
    if (Number.isFinite(kw.statistic)) test = { name: 'kruskal-wallis', statistic: kw.statistic, df: kw.df, p: kw.p, note: 'Kruskal–Wallis, tie-corrected' };
  }
  return { field, column: col.column, kind: 'number', cells, test };
}
