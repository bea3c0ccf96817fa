/**
 * Internship evaluations (`hefboom stage`): (a) the distribution of the ratings per indicator and
 * moment — and per cluster — with the share rated sufficient or better and its Wilson interval;
 * (b) the change between two moments for the trainees rated at both, with the paired Wilcoxon
 * signed-rank test; (c) the templates (evaluation forms) in use per occupational profile, the
 * "as many documents as schools" burden that seed 002 (L98–106) names.
 *
 * Pure functions over StageData: evaluations are selected by index, groups (`--by`) are a function
 * from an evaluation to its group value.
 */
import { EMPTY_SCORE, NO_ROW, RATED, STAGE_ATTRIBUTE_FIELDS, type StageData } from '../model/stage.js';
import { fold } from '../model/issues.js';
import { quantileSorted } from '../stats/quantile.js';
import { wilcoxonSignedRank, type WilcoxonSignedRankResult } from '../stats/wilcoxon-signed-rank.js';
import { holm } from '../stats/p-adjust-holm.js';
import { StatsInputError } from '../stats/types.js';
import { share, type Share } from './share.js';

/** The group of evaluations without a value for the `--by` attribute. */
export const MISSING_GROUP = '(missing)';

/** Other names of the attribute fields on the command line (the definition's keys are the ids). */
const FIELD_SYNONYMS: Record<string, string> = {
  stageplaats: 'placement', voorziening: 'placement', beroepsprofiel: 'profile', opleiding: 'profile',
  sjabloon: 'template', formulier: 'template', stagementor: 'mentor',
};

/** The attribute keys of the data: the fields the definition names, then its attribute columns. */
export function stageAttributeNames(data: StageData): string[] {
  return Object.keys(data.attributes);
}

/**
 * The attribute a `--by` value names: a field (school, placement, mentor, profile, template, or a
 * Dutch name such as stageplaats, beroepsprofiel, sjabloon), the column header the definition maps
 * to it, or an attribute column — compared case- and accent-insensitively. Undefined when none.
 */
export function resolveStageAttribute(data: StageData, by: string): string | undefined {
  const keys = stageAttributeNames(data);
  const want = fold(by).trim();
  const direct = keys.find((k) => fold(k) === want);
  if (direct) return direct;
  const synonym = FIELD_SYNONYMS[want];
  if (synonym && keys.includes(synonym)) return synonym;
  const fields = data.definition.fields as Record<string, string | undefined>;
  return STAGE_ATTRIBUTE_FIELDS.find((f) => keys.includes(f) && fields[f] !== undefined && fold(fields[f]!) === want);
}

/** Group value of each evaluation for an attribute (MISSING_GROUP when empty). */
export function groupOf(data: StageData, attribute: string | undefined): (e: number) => string | null {
  if (attribute === undefined) return () => null;
  const values = data.attributes[attribute];
  if (!values) throw new Error(`no attribute "${attribute}" in the stage data`);
  return (e) => values[e] ?? MISSING_GROUP;
}

/** Distinct group values in display order: sorted (Dutch collation), the missing group last. */
function groupValues(n: number, key: (e: number) => string | null): (string | null)[] {
  const set = new Set<string | null>();
  for (let e = 0; e < n; e++) set.add(key(e));
  return [...set].sort(byGroup);
}

/** Display order of groups: sorted (Dutch collation), the missing group last. */
function byGroup(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null || b === MISSING_GROUP) return -1;
  if (b === null || a === MISSING_GROUP) return 1;
  return a.localeCompare(b, 'nl');
}

/** Median of values (type 7: the mean of the two middle values for an even count); null when empty. */
function median(values: number[]): number | null {
  if (!values.length) return null;
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}

// ─── (a) distributions ────────────────────────────────────────────────────────────────────────────

export interface NotRated {
  /** Cells holding a "not rated" code (n.v.t., niet geobserveerd). */
  notRated: number;
  /** Empty score cells. */
  empty: number;
  /** Long layout: evaluations without a row for the indicator. */
  noRow: number;
}

export interface IndicatorDistribution {
  indicator: string;
  label: string;
  cluster: string | null;
  moment: string;
  /** `--by` group value (null without --by). */
  group: string | null;
  /** Evaluations (trainees) at this moment in the group: the base before missing ratings. */
  evaluations: number;
  /** Evaluations with a rating: the denominator of every share of this row. */
  n: number;
  /** Ratings per scale label, lowest first. */
  counts: number[];
  missing: NotRated;
  /** Median of the codes (1 = lowest label); x.5 when the two middle ratings differ. */
  median: number | null;
  /** Rated at the sufficient label or higher, of n, with a Wilson interval. */
  sufficient: Share;
}

export interface ClusterDistribution {
  cluster: string;
  label: string;
  moment: string;
  group: string | null;
  /** Evaluations at this moment in the group. */
  evaluations: number;
  /** Evaluations with at least one rated indicator of the cluster: the unit of `median` and `sufficient`. */
  n: number;
  /** All ratings of the cluster's indicators pooled (unit: ratings, not trainees). */
  ratings: number;
  counts: number[];
  /** Median over evaluations of their cluster score (the median of the trainee's ratings in the cluster). */
  median: number | null;
  /** Evaluations whose cluster score is at the sufficient label or higher, of n, with a Wilson interval. */
  sufficient: Share;
}

export interface StageDescription {
  /** 1-based code of the lowest sufficient label. */
  sufficient: number;
  moments: { moment: string; evaluations: number }[];
  indicators: IndicatorDistribution[];
  clusters: ClusterDistribution[];
}

export interface StageOptions {
  /** Group value of an evaluation (groupOf); default: one group. */
  group?: (e: number) => string | null;
  /** 1-based code of the lowest sufficient label (default: the definition's). */
  sufficient?: number;
  /** Confidence level of the Wilson intervals (default 0.95). */
  level?: number;
}

/**
 * The cluster score of evaluation e: the median of its rated codes over the cluster's indicators
 * (null when none is rated).
 */
export function clusterScore(data: StageData, indicators: readonly string[], e: number): number | null {
  const codes: number[] = [];
  for (const id of indicators) {
    const s = data.scores[id];
    if (s && s.missing[e] === RATED) codes.push(s.codes[e]);
  }
  return median(codes);
}

export function describeStage(data: StageData, opts: StageOptions = {}): StageDescription {
  const E = data.trainee.length;
  const k = data.definition.scale.labels.length;
  const sufficient = opts.sufficient ?? data.definition.scale.sufficient;
  const level = opts.level ?? 0.95;
  const key = opts.group ?? (() => null);
  const groups = groupValues(E, key);
  const M = data.definition.moments.length;
  /** Evaluations per group and moment. */
  const cells = new Map<string | null, number[][]>();
  for (const g of groups) cells.set(g, Array.from({ length: M }, () => []));
  for (let e = 0; e < E; e++) cells.get(key(e))![data.moment[e]].push(e);

  const moments = data.definition.moments.map((m, i) => ({ moment: m.id, evaluations: countMoment(data, i) }));
  const indicators: IndicatorDistribution[] = [];
  const clusters: ClusterDistribution[] = [];
  for (const g of groups) {
    const byMoment = cells.get(g)!;
    for (const ind of data.indicators) {
      const s = data.scores[ind.id];
      for (let m = 0; m < M; m++) {
        const evs = byMoment[m];
        if (!evs.length) continue;
        const counts = new Array<number>(k).fill(0);
        const missing: NotRated = { notRated: 0, empty: 0, noRow: 0 };
        const rated: number[] = [];
        for (const e of evs) {
          const miss = s.missing[e];
          if (miss === RATED) { counts[s.codes[e] - 1]++; rated.push(s.codes[e]); } else if (miss === EMPTY_SCORE) missing.empty++;
          else if (miss === NO_ROW) missing.noRow++;
          else missing.notRated++;
        }
        const atLeast = rated.filter((c) => c >= sufficient).length;
        indicators.push({
          indicator: ind.id, label: ind.label, cluster: ind.cluster ?? null, moment: data.definition.moments[m].id, group: g,
          evaluations: evs.length, n: rated.length, counts, missing, median: median(rated), sufficient: share(atLeast, rated.length, level),
        });
      }
    }
    for (const cl of data.clusters) {
      for (let m = 0; m < M; m++) {
        const evs = byMoment[m];
        if (!evs.length) continue;
        const counts = new Array<number>(k).fill(0);
        let ratings = 0;
        const scores: number[] = [];
        for (const e of evs) {
          for (const id of cl.indicators) {
            const s = data.scores[id];
            if (s && s.missing[e] === RATED) { counts[s.codes[e] - 1]++; ratings++; }
          }
          const score = clusterScore(data, cl.indicators, e);
          if (score !== null) scores.push(score);
        }
        clusters.push({
          cluster: cl.id, label: cl.label, moment: data.definition.moments[m].id, group: g, evaluations: evs.length,
          n: scores.length, ratings, counts, median: median(scores), sufficient: share(scores.filter((x) => x >= sufficient).length, scores.length, level),
        });
      }
    }
  }
  return { sufficient, moments, indicators, clusters };
}

function countMoment(data: StageData, m: number): number {
  let n = 0;
  for (let e = 0; e < data.moment.length; e++) if (data.moment[e] === m) n++;
  return n;
}

// ─── (b) change between two moments ──────────────────────────────────────────────────────────────

/** The paired Wilcoxon signed-rank test of one indicator or cluster (as R's `wilcox.test(later, earlier, paired = TRUE)`). */
export type PairedTest = Pick<WilcoxonSignedRankResult, 'statistic' | 'p' | 'z' | 'pMethod' | 'rankBiserial' | 'n' | 'method'>;

export interface StageChange {
  /** Indicator or cluster id. */
  id: string;
  label: string;
  group: string | null;
  /** Trainees with a rating (cluster: a cluster score) at both moments. */
  pairs: number;
  /** Trainees with a rating at one of the two moments only (left out). */
  unpaired: number;
  improved: number;
  same: number;
  worse: number;
  /** Medians over the pairs at the earlier and the later moment. */
  medianFrom: number | null;
  medianTo: number | null;
  /** Share sufficient or better at each moment, over the pairs. */
  sufficientFrom: Share;
  sufficientTo: Share;
  /** The paired Wilcoxon signed-rank test; null when fewer than two trainees changed. */
  test: PairedTest | null;
  /** Holm-adjusted p across the indicators (or the clusters) of the same group. */
  pHolm: number | null;
}

export interface StageChangeResult {
  from: string;
  to: string;
  sufficient: number;
  indicators: StageChange[];
  clusters: StageChange[];
}

/**
 * Change from moment `from` to moment `to` (indexes into the definition's moments) for the trainees
 * evaluated at both. A pair belongs to the group of its earlier evaluation (of the later one when the
 * earlier has no value), so `--by mentor` keeps a trainee with the mentor who rated first.
 */
export function stageChange(data: StageData, from: number, to: number, opts: StageOptions = {}): StageChangeResult {
  const sufficient = opts.sufficient ?? data.definition.scale.sufficient;
  const level = opts.level ?? 0.95;
  const key = opts.group ?? (() => null);
  const earlier = new Map<number, number>();
  const later = new Map<number, number>();
  for (let e = 0; e < data.trainee.length; e++) {
    if (data.moment[e] === from) earlier.set(data.trainee[e], e);
    else if (data.moment[e] === to) later.set(data.trainee[e], e);
  }
  // Trainees in first-appearance order, with the evaluations at the two moments.
  const people: { a?: number; b?: number; group: string | null }[] = [];
  data.trainees.forEach((_, t) => {
    const a = earlier.get(t);
    const b = later.get(t);
    if (a === undefined && b === undefined) return;
    const valueOf = (e: number | undefined) => (e === undefined ? null : key(e));
    let group = valueOf(a);
    if (group === null || group === MISSING_GROUP) {
      const gb = valueOf(b);
      group = gb !== null && gb !== MISSING_GROUP ? gb : group ?? gb;
    }
    people.push({ a, b, group });
  });
  const groups = [...new Set(people.map((p) => p.group))].sort(byGroup);

  const indicatorRows: StageChange[] = [];
  const clusterRows: StageChange[] = [];
  for (const g of groups) {
    const members = people.filter((p) => p.group === g);
    const ind = data.indicators.map((i) => {
      const s = data.scores[i.id];
      const value = (e: number | undefined) => (e !== undefined && s.missing[e] === RATED ? s.codes[e] : null);
      return changeRow(i.id, i.label, g, members.map((p) => [value(p.a), value(p.b)]), sufficient, level);
    });
    const cls = data.clusters.map((cl) => {
      const value = (e: number | undefined) => (e === undefined ? null : clusterScore(data, cl.indicators, e));
      return changeRow(cl.id, cl.label, g, members.map((p) => [value(p.a), value(p.b)]), sufficient, level);
    });
    indicatorRows.push(...withHolm(ind));
    clusterRows.push(...withHolm(cls));
  }
  return { from: data.definition.moments[from].id, to: data.definition.moments[to].id, sufficient, indicators: indicatorRows, clusters: clusterRows };
}

function changeRow(id: string, label: string, group: string | null, values: [number | null, number | null][], sufficient: number, level: number): StageChange {
  const a: number[] = [];
  const b: number[] = [];
  let unpaired = 0;
  for (const [x, y] of values) {
    if (x !== null && y !== null) { a.push(x); b.push(y); } else if (x !== null || y !== null) unpaired++;
  }
  let improved = 0;
  let same = 0;
  let worse = 0;
  for (let i = 0; i < a.length; i++) {
    if (b[i] > a[i]) improved++;
    else if (b[i] < a[i]) worse++;
    else same++;
  }
  let test: PairedTest | null = null;
  if (improved + worse >= 2) {
    try {
      const w = wilcoxonSignedRank(b, a);
      test = { statistic: w.statistic, p: w.p, z: w.z, pMethod: w.pMethod, rankBiserial: w.rankBiserial, n: w.n, method: w.method };
    } catch (e) {
      if (!(e instanceof StatsInputError)) throw e;
    }
  }
  return {
    id, label, group, pairs: a.length, unpaired, improved, same, worse,
    medianFrom: median(a), medianTo: median(b),
    sufficientFrom: share(a.filter((x) => x >= sufficient).length, a.length, level),
    sufficientTo: share(b.filter((x) => x >= sufficient).length, b.length, level),
    test, pHolm: null,
  };
}

function withHolm(rows: StageChange[]): StageChange[] {
  const ps = rows.map((r) => r.test?.p ?? null);
  if (!ps.some((p) => p !== null)) return rows;
  const adjusted = holm(ps).adjusted;
  return rows.map((r, i) => ({ ...r, pHolm: adjusted[i] }));
}

// ─── (c) templates per occupational profile ───────────────────────────────────────────────────────

export interface TemplateUse {
  /** Template value as written; null for evaluations that name none. */
  template: string | null;
  evaluations: number;
  /** Distinct trainees evaluated with it. */
  trainees: number;
  /** Distinct schools that used it (evaluations without a school are not counted). */
  schools: string[];
}

export interface TemplateGroup {
  /** Profile (or `--by` value); null without a grouping attribute. */
  group: string | null;
  evaluations: number;
  trainees: number;
  /** Distinct schools in the group. */
  schools: number;
  /** Distinct templates (named ones only). */
  templates: number;
  /**
   * Templates per school: 1 when every school has its own form (the burden the seed names), 1/schools
   * when all schools share one. Null without schools.
   */
  templatesPerSchool: number | null;
  /** Evaluations that name no template (counted, not a template). */
  withoutTemplate: number;
  /** Trainees evaluated with more than one template (e.g. a new form between moments). */
  traineesWithSeveral: number;
  rows: TemplateUse[];
}

/**
 * Templates in use per group (default the occupational profile): for every template the
 * evaluations, trainees and schools using it; per group the number of distinct templates against
 * the number of schools. Needs the definition's `template:` column; `school:` is optional.
 */
export function templateInventory(data: StageData, groupAttribute: string | undefined): TemplateGroup[] {
  const templates = data.attributes.template;
  if (!templates) throw new Error('the stage data has no template attribute');
  const schools = data.attributes.school;
  const key = groupOf(data, groupAttribute);
  const E = data.trainee.length;
  const out: TemplateGroup[] = [];
  for (const g of groupValues(E, key)) {
    const evs: number[] = [];
    for (let e = 0; e < E; e++) if (key(e) === g) evs.push(e);
    const byTemplate = new Map<string | null, { evaluations: number; trainees: Set<number>; schools: Set<string> }>();
    const traineeTemplates = new Map<number, Set<string>>();
    const groupSchools = new Set<string>();
    for (const e of evs) {
      const t = templates[e];
      let u = byTemplate.get(t);
      if (!u) byTemplate.set(t, u = { evaluations: 0, trainees: new Set(), schools: new Set() });
      u.evaluations++;
      u.trainees.add(data.trainee[e]);
      const school = schools?.[e];
      if (school) { u.schools.add(school); groupSchools.add(school); }
      if (t !== null) {
        let set = traineeTemplates.get(data.trainee[e]);
        if (!set) traineeTemplates.set(data.trainee[e], set = new Set());
        set.add(t);
      }
    }
    const rows: TemplateUse[] = [...byTemplate.entries()]
      .map(([template, u]) => ({ template, evaluations: u.evaluations, trainees: u.trainees.size, schools: [...u.schools].sort((a, b) => a.localeCompare(b, 'nl')) }))
      .sort((a, b) => (a.template === null ? 1 : b.template === null ? -1 : b.trainees - a.trainees || a.template.localeCompare(b.template, 'nl')));
    const named = rows.filter((r) => r.template !== null).length;
    out.push({
      group: g, evaluations: evs.length, trainees: new Set(evs.map((e) => data.trainee[e])).size, schools: groupSchools.size, templates: named,
      templatesPerSchool: groupSchools.size ? named / groupSchools.size : null,
      withoutTemplate: byTemplate.get(null)?.evaluations ?? 0,
      traineesWithSeveral: [...traineeTemplates.values()].filter((s) => s.size > 1).length,
      rows,
    });
  }
  return out;
}
