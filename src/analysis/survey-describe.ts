/**
 * `survey describe`: per item its distribution (counts and % of the valid answers, with Wilson
 * intervals), missing answers by missing code, medians and top-box shares for Likert items, summary
 * statistics for number items; per construct its score and Cronbach's α. Works on a list of
 * respondent indexes so that filters and `--by` groups are just other lists.
 */
import type { SurveyConstruct, SurveyData, SurveyItem } from '../model/survey.js';
import { EMPTY_CELL } from '../model/survey.js';
import { describe, type Description } from '../stats/describe.js';
import { quantileSorted } from '../stats/quantile.js';
import { share, type Share } from './share.js';
import { cronbachAlpha } from '../stats/cronbach-alpha.js';
import { StatsInputError } from '../stats/types.js';
import type { RespondentVariable } from './survey-join.js';

/** Descriptive statistics of a number item or construct score (src/stats/describe.ts without the missing count). */
export type NumberSummary = Omit<Description, 'missing'>;

/** n, mean, sample SD (n − 1), median, quartiles (type 7), min, max of the finite values. */
export function summarise(values: readonly number[]): NumberSummary {
  const { missing: _missing, ...rest } = describe(values);
  return rest;
}

export interface MissingCount { code: string; count: number }

export interface ItemDescription {
  id: string;
  label: string;
  type: SurveyItem['type'];
  /** Respondents in the selection (the item's base before missing answers). */
  respondents: number;
  /** Respondents with a valid answer: the denominator of every percentage of this item. */
  valid: number;
  /** Missing answers: total and per missing code ('' = empty cell). */
  missing: { total: number; codes: MissingCount[] };
  /** likert/single: per label; multiple: per option (share of respondents who answered). */
  distribution: (Share & { code: number; label: string })[];
  /** likert: median and quartiles of the codes (1 = lowest label). */
  median?: number | null;
  q1?: number | null;
  q3?: number | null;
  /** likert: share in the top `item.top` labels. */
  top?: Share & { labels: string[] };
  /** number: summary of the values. */
  stats?: NumberSummary;
}

/** Missing answers of an item among `rows`, by code, in the item's code order then the empty cell. */
function missingCounts(item: SurveyItem, missing: Uint8Array, rows: readonly number[]): { total: number; codes: MissingCount[] } {
  const byCode = new Array<number>(item.missing.length).fill(0);
  let empty = 0;
  for (const r of rows) {
    const m = missing[r];
    if (m === 0) continue;
    if (m === EMPTY_CELL) empty++;
    else byCode[m - 1] = (byCode[m - 1] ?? 0) + 1;
  }
  const codes = item.missing.map((code, i) => ({ code, count: byCode[i] }));
  codes.push({ code: '', count: empty });
  return { total: empty + byCode.reduce((s, x) => s + x, 0), codes };
}

/** Describe one item among the respondents `rows`. */
export function describeItem(survey: SurveyData, item: SurveyItem, rows: readonly number[]): ItemDescription {
  const col = survey.columns[item.id];
  if (!col) throw new Error(`survey ${survey.name} has no column for item ${item.id}`);
  const missing = missingCounts(item, col.missing, rows);
  const base = { id: item.id, label: item.label, type: item.type, respondents: rows.length, missing };
  if (col.type === 'likert' || col.type === 'single') {
    const counts = new Array<number>(item.labels.length).fill(0);
    const codes: number[] = [];
    for (const r of rows) {
      const c = col.codes[r];
      if (c === 0 || col.missing[r] !== 0) continue;
      counts[c - 1]++;
      codes.push(c);
    }
    const valid = codes.length;
    const distribution = item.labels.map((label, i) => ({ ...share(counts[i], valid), code: i + 1, label }));
    if (col.type === 'single') return { ...base, valid, distribution };
    codes.sort((a, b) => a - b);
    const k = item.labels.length;
    const top = Math.min(Math.max(item.top, 0), k);
    const topCount = counts.slice(k - top).reduce((s, x) => s + x, 0);
    return {
      ...base, valid, distribution,
      median: quantileSorted(codes, 0.5), q1: quantileSorted(codes, 0.25), q3: quantileSorted(codes, 0.75),
      top: { ...share(topCount, valid), labels: item.labels.slice(k - top) },
    };
  }
  if (col.type === 'multiple') {
    const counts = new Array<number>(item.labels.length).fill(0);
    let valid = 0;
    for (const r of rows) {
      const ch = col.choices[r];
      if (ch === null || col.missing[r] !== 0) continue;
      valid++;
      // A respondent counts once per option even if the cell repeats it.
      for (const c of new Set(ch)) if (c >= 1 && c <= counts.length) counts[c - 1]++;
    }
    return { ...base, valid, distribution: item.labels.map((label, i) => ({ ...share(counts[i], valid), code: i + 1, label })) };
  }
  if (col.type === 'number') {
    const values: number[] = [];
    for (const r of rows) if (col.missing[r] === 0 && Number.isFinite(col.values[r])) values.push(col.values[r]);
    return { ...base, valid: values.length, distribution: [], stats: summarise(values) };
  }
  if (col.type !== 'text') throw new Error(`item ${item.id}: unexpected column type`);
  let valid = 0;
  for (const r of rows) if (col.missing[r] === 0 && col.texts[r] !== null) valid++;
  return { ...base, valid, distribution: [] };
}

/**
 * The answers of a construct's items per respondent, on the scoring scale: Likert codes (reverse-keyed
 * items as k + 1 − code), number values; null when missing. Rows follow `rows`.
 */
export function constructItemValues(survey: SurveyData, construct: SurveyConstruct, rows: readonly number[]): (number | null)[][] {
  const items = construct.items.map((id) => survey.definition.items.find((i) => i.id === id));
  return rows.map((r) => items.map((item) => {
    if (!item) return null;
    const col = survey.columns[item.id];
    if (!col || col.missing[r] !== 0) return null;
    if (col.type === 'likert') {
      const c = col.codes[r];
      if (c === 0) return null;
      return item.reverse ? item.labels.length + 1 - c : c;
    }
    if (col.type === 'number') return Number.isFinite(col.values[r]) ? col.values[r] : null;
    return null;
  }));
}

/** Construct score of every respondent: the mean of its answered items when at least minItems are answered, else NaN. */
export function constructScores(survey: SurveyData, construct: SurveyConstruct): Float64Array {
  const all = survey.respondents.map((_, r) => r);
  const values = constructItemValues(survey, construct, all);
  const min = Math.max(1, construct.minItems || construct.items.length);
  const out = new Float64Array(all.length).fill(NaN);
  values.forEach((row, r) => {
    let sum = 0;
    let k = 0;
    for (const v of row) if (v !== null) { sum += v; k++; }
    if (k >= min) out[r] = sum / k;
  });
  return out;
}

export interface AlphaSummary {
  alpha: number;
  standardizedAlpha: number;
  /** Complete cases used (listwise). */
  n: number;
  items: number;
  ifDeleted: { item: string; alpha: number | null; itemRest: number | null }[];
}

export interface ConstructDescription {
  id: string;
  label: string;
  items: string[];
  reversed: string[];
  minItems: number;
  respondents: number;
  /** Score = mean of the answered items (scale of the items); summary over respondents with a score. */
  score: NumberSummary;
  /** Respondents without a score (fewer than minItems items answered). */
  unscored: number;
  alpha: AlphaSummary | null;
  /** Why α is absent (one item, too few complete cases, no variance). */
  alphaNote?: string;
}

/** Score summary and Cronbach's α (complete cases, with α if item deleted) of a construct among `rows`. */
export function describeConstruct(survey: SurveyData, construct: SurveyConstruct, rows: readonly number[], opts: { alpha?: boolean } = {}): ConstructDescription {
  const scores = constructScores(survey, construct);
  const mine = rows.map((r) => scores[r]);
  const score = summarise(mine);
  const reversed = construct.items.filter((id) => survey.definition.items.find((i) => i.id === id)?.reverse);
  const out: ConstructDescription = {
    id: construct.id, label: construct.label, items: construct.items, reversed,
    minItems: construct.minItems || construct.items.length, respondents: rows.length, score,
    unscored: rows.length - score.n, alpha: null,
  };
  if (opts.alpha === false) return out;
  if (construct.items.length < 2) { out.alphaNote = 'one item: no α'; return out; }
  try {
    const a = cronbachAlpha(constructItemValues(survey, construct, rows), { missing: 'listwise' });
    out.alpha = {
      alpha: a.alpha, standardizedAlpha: a.standardizedAlpha, n: a.n, items: a.items,
      ifDeleted: construct.items.map((item, j) => ({ item, alpha: a.alphaIfDeleted[j] ?? null, itemRest: a.itemRestCorrelations[j] ?? null })),
    };
  } catch (e) {
    if (!(e instanceof StatsInputError)) throw e;
    out.alphaNote = e.message;
  }
  return out;
}

/** One group of a breakdown: its value and its respondents. */
export interface RespondentGroup { value: string; rows: number[]; missing?: boolean }

/** The label of the group of respondents with no value for the breakdown variable. */
export const MISSING_GROUP = '(missing)';

/**
 * Split `rows` by a categorical variable: groups in the variable's level order (Likert/option order)
 * or sorted naturally ("type 2" before "type 10"), the respondents without a value last.
 */
export function groupRows(variable: RespondentVariable, rows: readonly number[]): RespondentGroup[] {
  const map = new Map<string, number[]>();
  const none: number[] = [];
  for (const r of rows) {
    const v = variable.kind === 'categorical' ? variable.values[r] : Number.isFinite(variable.values[r]) ? String(variable.values[r]) : null;
    if (v === null) { none.push(r); continue; }
    let list = map.get(v);
    if (!list) map.set(v, (list = []));
    list.push(r);
  }
  const order = variable.kind === 'categorical' && variable.levels
    ? variable.levels.filter((l) => map.has(l))
    : [...map.keys()].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }));
  const groups: RespondentGroup[] = order.map((value) => ({ value, rows: map.get(value)! }));
  if (none.length) groups.push({ value: MISSING_GROUP, rows: none, missing: true });
  return groups;
}

/** A survey item or construct as a respondent variable: likert/single labels as categories (`asCodes`: likert codes as numbers). */
export function itemVariable(survey: SurveyData, id: string, opts: { asCodes?: boolean } = {}): RespondentVariable | undefined {
  const item = survey.definition.items.find((i) => i.id === id);
  const n = survey.respondents.length;
  if (item) {
    const col = survey.columns[item.id];
    if (!col) return undefined;
    if (col.type === 'number') return { kind: 'numeric', name: id, source: 'item', values: Float64Array.from({ length: n }, (_, r) => (col.missing[r] === 0 ? col.values[r] : NaN)) };
    if (col.type === 'likert' && opts.asCodes) return { kind: 'numeric', name: id, source: 'item', values: Float64Array.from({ length: n }, (_, r) => (col.missing[r] === 0 && col.codes[r] > 0 ? col.codes[r] : NaN)) };
    if (col.type === 'likert' || col.type === 'single') {
      return { kind: 'categorical', name: id, source: 'item', levels: item.labels, values: Array.from({ length: n }, (_, r) => (col.missing[r] === 0 && col.codes[r] > 0 ? item.labels[col.codes[r] - 1] : null)) };
    }
    return undefined;
  }
  const construct = survey.definition.constructs.find((c) => c.id === id);
  if (construct) return { kind: 'numeric', name: id, source: 'construct', values: constructScores(survey, construct) };
  return undefined;
}
