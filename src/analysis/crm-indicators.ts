/**
 * `hefboom crm indicators`: what a CRM of coaching trajectories says about the coaching itself —
 * counts per type, employer, location type and status; hours and contact moments against the norms
 * (about 53 h and 9 moments, seed-004 L90–93); pitstop and final-evaluation completion; durations;
 * time between trajectories at one location; the same headline indicators per coach, employer,
 * attribute or period. Plain data out; the CLI makes tables and JSON of it.
 */
import type { CrmData, Trajectory } from '../model/crm.js';
import { describe, type Description } from '../stats/describe.js';
import { share, type Share } from './share.js';
import { proportionDifferenceNewcombe } from '../stats/proportion-difference-newcombe.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { chiSquareIndependence } from '../stats/chi-square-independence.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { StatsInputError } from '../stats/types.js';
import { inWindow, periodOf, type PeriodKind } from './periods.js';

export interface Norms { hours: number; contacts: number; tolerance: number }
export const DEFAULT_NORMS: Norms = Object.freeze({ hours: 53, contacts: 9, tolerance: 0.2 });

/** The mapping's `norms:` with the seed-004 defaults for whatever it leaves out. */
export function normsOf(data: CrmData): Norms {
  const n: Partial<Norms> = data.norms ?? {};
  return { hours: n.hours ?? DEFAULT_NORMS.hours, contacts: n.contacts ?? DEFAULT_NORMS.contacts, tolerance: n.tolerance ?? DEFAULT_NORMS.tolerance };
}


/** A distribution as the output reports it: n, missing, mean, sd, median, quartiles (R type 7), min, max. */
export type Distribution = Description;

export function median(values: readonly number[]): number | null {
  return describe(values).median;
}

/** The norm band: within when norm·(1 − tolerance) ≤ value ≤ norm·(1 + tolerance). */
export function normBand(norm: number, tolerance: number): [number, number] {
  return [norm * (1 - tolerance), norm * (1 + tolerance)];
}

export interface NormComparison {
  norm: number;
  band: [number, number];
  distribution: Distribution;
  /** Trajectories within the band, of those with a known value. */
  within: Share;
  below: number;
  above: number;
}

function compareWithNorm(values: number[], norm: number, tolerance: number): NormComparison {
  const band = normBand(norm, tolerance);
  const known = values.filter((v) => Number.isFinite(v));
  // A tiny epsilon keeps 42.4 (= 53 × 0.8 in floating point) inside its own band.
  const eps = 1e-9 * Math.max(1, norm);
  const below = known.filter((v) => v < band[0] - eps).length;
  const above = known.filter((v) => v > band[1] + eps).length;
  return { norm, band, distribution: describe(values), within: share(known.length - below - above, known.length), below, above };
}

/**
 * Which trajectories count for the norm and completion figures: those with status `afgerond` (a running
 * trajectory has not reached its hours yet), or all of them when the export registers no status.
 */
export type Base = 'afgerond' | 'all';

export function baseOf(trajectories: readonly Trajectory[]): Base {
  return trajectories.some((t) => t.status !== null) ? 'afgerond' : 'all';
}

function inBase(t: Trajectory, base: Base): boolean {
  return base === 'all' || t.status === 'afgerond';
}

export interface Completion {
  done: number;
  notDone: number;
  /** Not registered either way: counted in the denominator, not as done. */
  unknown: number;
  /** done / trajectories in the base. */
  share: Share;
}

function completion(ts: readonly Trajectory[], of: (t: Trajectory) => boolean | null): Completion {
  let done = 0; let notDone = 0; let unknown = 0;
  for (const t of ts) {
    const v = of(t);
    if (v === true) done++; else if (v === false) notDone++; else unknown++;
  }
  return { done, notDone, unknown, share: share(done, ts.length) };
}

export interface Headline {
  trajectories: number;
  /** Trajectories in the base (afgerond, or all). */
  base: number;
  hoursMean: number | null;
  hoursMedian: number | null;
  hoursWithinNorm: Share;
  contactsMean: number | null;
  contactsWithinNorm: Share;
  pitstop: Share;
  finalEvaluation: Share;
}

export function headline(ts: readonly Trajectory[], base: Base, norms: Norms): Headline {
  const b = ts.filter((t) => inBase(t, base));
  const hours = compareWithNorm(b.map((t) => t.hours), norms.hours, norms.tolerance);
  const contacts = compareWithNorm(b.map((t) => t.contactCount), norms.contacts, norms.tolerance);
  return {
    trajectories: ts.length,
    base: b.length,
    hoursMean: hours.distribution.mean,
    hoursMedian: hours.distribution.median,
    hoursWithinNorm: hours.within,
    contactsMean: contacts.distribution.mean,
    contactsWithinNorm: contacts.within,
    pitstop: completion(b, (t) => t.pitstop).share,
    finalEvaluation: completion(b, (t) => t.finalEvaluation).share,
  };
}

/** A group of trajectories: the value of the grouping attribute (null = not registered) and its headline. */
export interface GroupHeadline { group: string | null; headline: Headline }

/** Group keys that name a trajectory field; anything else is looked up among the mapped attributes. */
export const GROUP_FIELDS = ['employer', 'coach', 'location_type', 'type', 'status', 'regional_supporter', 'location', 'organiser', 'theme', 'memoq'] as const;

export type GroupKey = (t: Trajectory) => string | null;

/** The accessor for `--by NAME`, or undefined when neither a field nor a mapped attribute has that name. */
export function groupKeyOf(name: string, trajectories: readonly Trajectory[]): { key: GroupKey; name: string } | undefined {
  const low = name.trim().toLowerCase().replace(/-/g, '_');
  const field: Record<string, GroupKey> = {
    employer: (t) => t.employer,
    coach: (t) => t.coach,
    location_type: (t) => t.locationType,
    type: (t) => (Number.isFinite(t.type) ? String(t.type) : null),
    status: statusKey,
    regional_supporter: (t) => t.regionalSupporter,
    location: (t) => t.location,
    organiser: (t) => t.organiser,
    theme: (t) => t.theme,
    memoq: (t) => t.memoq,
  };
  if (field[low]) return { key: field[low], name: low };
  const attr = attributeNames(trajectories).find((a) => a.toLowerCase() === name.trim().toLowerCase());
  if (attr) return { key: (t) => t.attributes[attr] ?? null, name: attr };
  return undefined;
}

export function attributeNames(trajectories: readonly Trajectory[]): string[] {
  const names = new Set<string>();
  for (const t of trajectories) for (const k of Object.keys(t.attributes)) names.add(k);
  return [...names];
}

/** Status for grouping: canonical, `(unrecognised)` when the export's word is not known, null when empty. */
export const UNRECOGNISED = '(unrecognised)';
function statusKey(t: Trajectory): string | null {
  return t.status ?? (t.statusRaw !== null && t.statusRaw !== '' ? UNRECOGNISED : null);
}

const STATUS_ORDER = ['lopend', 'afgerond', 'gestopt', UNRECOGNISED];

/** Groups in a stable order: types and statuses in their natural order, others by size then name; missing last. */
function groupBy(ts: readonly Trajectory[], key: GroupKey, order?: 'type' | 'status'): { group: string | null; members: Trajectory[] }[] {
  const m = new Map<string | null, Trajectory[]>();
  for (const t of ts) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t); else m.set(k, [t]);
  }
  const groups = [...m.entries()].map(([group, members]) => ({ group, members }));
  const rank = (g: string | null) => (order === 'status' ? STATUS_ORDER.indexOf(g ?? '') : order === 'type' ? Number(g) : 0);
  return groups.sort((a, b) => {
    if (a.group === null || b.group === null) return a.group === null ? (b.group === null ? 0 : 1) : -1;
    if (order) return rank(a.group) - rank(b.group) || a.group.localeCompare(b.group);
    return b.members.length - a.members.length || a.group.localeCompare(b.group);
  });
}

export function headlinesBy(ts: readonly Trajectory[], key: GroupKey, base: Base, norms: Norms): GroupHeadline[] {
  return groupBy(ts, key).map((g) => ({ group: g.group, headline: headline(g.members, base, norms) }));
}

export interface CountRow { value: string | null; count: number; share: Share }
export interface Counts { type: CountRow[]; employer: CountRow[]; location_type: CountRow[]; status: CountRow[] }

function countsBy(ts: readonly Trajectory[], key: GroupKey, order?: 'type' | 'status'): CountRow[] {
  return groupBy(ts, key, order).map((g) => ({ value: g.group, count: g.members.length, share: share(g.members.length, ts.length) }));
}

export interface Gaps {
  /** Locations with at least two trajectories that have a start date. */
  locations: number;
  /** Days from the end of one trajectory to the start of the next at the same location (negative: overlap). */
  distribution: Distribution;
  overlapping: number;
  /** Consecutive pairs skipped because the earlier trajectory has no end date. */
  noEnd: number;
  perLocation: { location: string; trajectories: number; gaps: number[] }[];
}

function gapsBetween(ts: readonly Trajectory[]): Gaps {
  const byLocation = new Map<string, Trajectory[]>();
  for (const t of ts) {
    if (t.location === null || !Number.isFinite(t.start)) continue;
    const list = byLocation.get(t.location);
    if (list) list.push(t); else byLocation.set(t.location, [t]);
  }
  const perLocation: Gaps['perLocation'] = [];
  const all: number[] = [];
  let noEnd = 0;
  for (const [location, list] of [...byLocation.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
    const gaps: number[] = [];
    for (let i = 1; i < list.length; i++) {
      if (!Number.isFinite(list[i - 1].end)) { noEnd++; continue; }
      gaps.push(list[i].start - list[i - 1].end);
    }
    all.push(...gaps);
    perLocation.push({ location, trajectories: list.length, gaps });
  }
  return { locations: perLocation.length, distribution: describe(all), overlapping: all.filter((g) => g < 0).length, noEnd, perLocation };
}

export interface Duration {
  /** Days from start to end, of trajectories with both dates and end ≥ start. */
  distribution: Distribution;
  /** Trajectories with both dates where the end lies before the start (left out; the audit lists them). */
  endBeforeStart: number;
  /** Trajectories lacking a start or an end date. */
  undated: number;
}

function durations(ts: readonly Trajectory[]): Duration {
  const days: number[] = [];
  let endBeforeStart = 0; let undated = 0;
  for (const t of ts) {
    if (!Number.isFinite(t.start) || !Number.isFinite(t.end)) { undated++; continue; }
    if (t.end < t.start) { endBeforeStart++; continue; }
    days.push(t.end - t.start);
  }
  return { distribution: describe(days), endBeforeStart, undated };
}

/** A test across employers, or why none was run. */
export interface GroupTest {
  method: string | null;
  statistic: number | null;
  df: number | null;
  p: number | null;
  groups: string[];
  n: number;
  warning?: string;
  skipped?: string;
}

const skippedTest = (reason: string, groups: string[] = [], n = 0): GroupTest => ({ method: null, statistic: null, df: null, p: null, groups, n, skipped: reason });

/** Kruskal–Wallis on coaching hours across employers (employers with ≥ 2 known values). */
function hoursTest(ts: readonly Trajectory[], base: Base): GroupTest {
  const groups = groupBy(ts.filter((t) => inBase(t, base) && t.employer !== null), (t) => t.employer)
    .map((g) => ({ group: g.group!, hours: g.members.map((t) => t.hours).filter((h) => Number.isFinite(h)) }))
    .filter((g) => g.hours.length >= 2);
  const names = groups.map((g) => g.group);
  const n = groups.reduce((s, g) => s + g.hours.length, 0);
  if (groups.length < 2) return skippedTest('fewer than 2 employers with at least 2 trajectories with hours', names, n);
  try {
    const kw = kruskalWallis(groups.map((g) => g.hours));
    return { method: kw.method, statistic: kw.statistic, df: kw.df, p: kw.p, groups: names, n };
  } catch (e) {
    if (e instanceof StatsInputError) return skippedTest(e.message, names, n);
    throw e;
  }
}

/** Fisher's exact test when an expected count is below this, else Pearson's χ² (as `crosstab --test auto`). */
const MIN_EXPECTED = 5;

/** Done vs not done (not registered counts as not done) across employers: χ², or Fisher when expected counts are small. */
function completionTest(ts: readonly Trajectory[], base: Base, of: (t: Trajectory) => boolean | null): GroupTest {
  const groups = groupBy(ts.filter((t) => inBase(t, base) && t.employer !== null), (t) => t.employer);
  const names = groups.map((g) => g.group!);
  const table = groups.map((g) => { const done = g.members.filter((t) => of(t) === true).length; return [done, g.members.length - done]; });
  const n = table.reduce((s, r) => s + r[0] + r[1], 0);
  if (groups.length < 2) return skippedTest('fewer than 2 employers with trajectories in the base', names, n);
  try {
    const chi = chiSquareIndependence(table);
    if (chi.expected.some((row) => row.some((e) => e < MIN_EXPECTED))) {
      const f = fisherExactRxC(table, { maxWork: 1e6, seed: 1 });
      return { method: `Fisher's exact test${f.samples ? ` (Monte Carlo, ${f.samples} tables, seed 1)` : ''}`, statistic: null, df: null, p: f.p, groups: names, n };
    }
    return { method: chi.method, statistic: chi.statistic, df: chi.df, p: chi.p, groups: names, n, ...(chi.warning ? { warning: chi.warning } : {}) };
  } catch (e) {
    // Everyone (or no one) done: a column total of zero leaves nothing to test.
    if (e instanceof StatsInputError) return skippedTest(e.message, names, n);
    throw e;
  }
}

export interface Change {
  trajectories: number;
  hoursMean: number | null;
  /** Differences of proportions (this period − previous) with Newcombe's hybrid score interval. */
  hoursWithinNorm: Difference | null;
  pitstop: Difference | null;
  finalEvaluation: Difference | null;
}
export interface Difference { estimate: number; ci: [number, number]; method: 'newcombe' }

function difference(now: Share, before: Share): Difference | null {
  if (now.n === 0 || before.n === 0) return null;
  const d = proportionDifferenceNewcombe(now.count, now.n, before.count, before.n);
  return { estimate: d.estimate, ci: [d.ci.lower, d.ci.upper], method: 'newcombe' };
}

export interface PeriodRow { period: string; headline: Headline; change: Change | null }

/** All period labels from the first to the last, so an empty period shows as 0 rather than vanishing. */
export function periodRange(first: string, last: string, kind: PeriodKind): string[] {
  const step = kind === 'year' ? 1 : kind === 'half-year' ? 2 : 4;
  const parse = (p: string) => { const y = Number(p.slice(0, 4)); return kind === 'year' ? y * step : y * step + Number(p.slice(6)) - 1; };
  const label = (i: number) => { const y = Math.floor(i / step); const k = (i % step) + 1; return kind === 'year' ? String(y) : `${y}-${kind === 'half-year' ? 'H' : 'Q'}${k}`; };
  const out: string[] = [];
  for (let i = parse(first); i <= parse(last); i++) out.push(label(i));
  return out;
}

function periods(ts: readonly Trajectory[], base: Base, norms: Norms, kind: PeriodKind, date: 'start' | 'end'): { rows: PeriodRow[]; undated: number } {
  const m = new Map<string, Trajectory[]>();
  let undated = 0;
  for (const t of ts) {
    const p = periodOf(date === 'start' ? t.start : t.end, kind);
    if (p === null) { undated++; continue; }
    const list = m.get(p);
    if (list) list.push(t); else m.set(p, [t]);
  }
  const labels = [...m.keys()].sort();
  if (!labels.length) return { rows: [], undated };
  const rows: PeriodRow[] = [];
  for (const period of periodRange(labels[0], labels[labels.length - 1], kind)) {
    const h = headline(m.get(period) ?? [], base, norms);
    const prev = rows[rows.length - 1]?.headline;
    const change: Change | null = prev ? {
      trajectories: h.trajectories - prev.trajectories,
      hoursMean: h.hoursMean !== null && prev.hoursMean !== null ? h.hoursMean - prev.hoursMean : null,
      hoursWithinNorm: difference(h.hoursWithinNorm, prev.hoursWithinNorm),
      pitstop: difference(h.pitstop, prev.pitstop),
      finalEvaluation: difference(h.finalEvaluation, prev.finalEvaluation),
    } : null;
    rows.push({ period, headline: h, change });
  }
  return { rows, undated };
}

export interface IndicatorOptions {
  norms: Norms;
  /** `--by`: a breakdown by this key. */
  by?: { name: string; key: GroupKey };
  period?: { kind: PeriodKind; date: 'start' | 'end' };
}

export interface IndicatorResult {
  trajectories: number;
  base: Base;
  baseCount: number;
  norms: Norms;
  counts: Counts;
  hours: NormComparison;
  contacts: NormComparison;
  completion: { pitstop: Completion; finalEvaluation: Completion };
  duration: Duration;
  gaps: Gaps;
  coaches: GroupHeadline[];
  employers: GroupHeadline[];
  employerTests: { hours: GroupTest; pitstop: GroupTest; finalEvaluation: GroupTest };
  by?: { name: string; groups: GroupHeadline[] };
  periods?: { kind: PeriodKind; date: 'start' | 'end'; rows: PeriodRow[]; undated: number };
  total: Headline;
}

export function crmIndicators(ts: readonly Trajectory[], opts: IndicatorOptions): IndicatorResult {
  const { norms } = opts;
  const base = baseOf(ts);
  const b = ts.filter((t) => inBase(t, base));
  const result: IndicatorResult = {
    trajectories: ts.length,
    base,
    baseCount: b.length,
    norms,
    counts: {
      type: countsBy(ts, (t) => (Number.isFinite(t.type) ? String(t.type) : null), 'type'),
      employer: countsBy(ts, (t) => t.employer),
      location_type: countsBy(ts, (t) => t.locationType),
      status: countsBy(ts, statusKey, 'status'),
    },
    hours: compareWithNorm(b.map((t) => t.hours), norms.hours, norms.tolerance),
    contacts: compareWithNorm(b.map((t) => t.contactCount), norms.contacts, norms.tolerance),
    completion: { pitstop: completion(b, (t) => t.pitstop), finalEvaluation: completion(b, (t) => t.finalEvaluation) },
    duration: durations(ts),
    gaps: gapsBetween(ts),
    coaches: headlinesBy(ts, (t) => t.coach, base, norms),
    employers: headlinesBy(ts, (t) => t.employer, base, norms),
    employerTests: {
      hours: hoursTest(ts, base),
      pitstop: completionTest(ts, base, (t) => t.pitstop),
      finalEvaluation: completionTest(ts, base, (t) => t.finalEvaluation),
    },
    total: headline(ts, base, norms),
  };
  if (opts.by) result.by = { name: opts.by.name, groups: headlinesBy(ts, opts.by.key, base, norms) };
  if (opts.period) result.periods = { ...opts.period, ...periods(ts, base, norms, opts.period.kind, opts.period.date) };
  return result;
}

/** `--since/--until` on the date that places a trajectory (`--date`): trajectories without that date fall out. */
export function selectByDate(ts: readonly Trajectory[], date: 'start' | 'end', window: { since?: number; until?: number }): { kept: Trajectory[]; excluded: number } {
  if (window.since === undefined && window.until === undefined) return { kept: [...ts], excluded: 0 };
  const kept = ts.filter((t) => inWindow(date === 'start' ? t.start : t.end, window));
  return { kept, excluded: ts.length - kept.length };
}
