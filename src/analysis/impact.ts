/**
 * `hefboom impact`: the staff survey joined to the CRM on trajectory id, with the response accounting
 * of the Mentes evaluation (seed 004): trajectories that ended in the survey window, the recipients
 * the coaches registered, respondents, the trajectories with a respondent, and the trajectories whose
 * recipients were never registered counted apart. Then the headline indicators with intervals,
 * overall and per trajectory type and employer, the self-reported trajectory type beside the CRM
 * type, the coach survey beside the staff survey, and a non-response check on CRM characteristics.
 */
import type { CrmData, Trajectory } from '../model/crm.js';
import type { SurveyData, SurveyItem } from '../model/survey.js';
import { isoDay } from '../io/cells.js';
import { cohenKappa } from '../stats/cohen-kappa.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import { mannWhitney } from '../stats/mann-whitney.js';
import { holm } from '../stats/p-adjust-holm.js';
import { proportionDifferenceNewcombe } from '../stats/proportion-difference-newcombe.js';
import { joinSurveyToCrm } from './survey-join.js';
import { inWindow, periodOf, type DayWindow, type PeriodKind } from './periods.js';
import { share, type Share } from './share.js';
import { headlineItems, suppressIndicator, surveyIndicators, type Indicator } from './survey-indicators.js';

export interface ImpactOptions {
  /** Trajectories that ended in this window make up the survey population. */
  window: DayWindow;
  level?: number;
  /** Staff item holding the trajectory type as respondents report it (default: found by name). */
  typeItem?: string;
  suppressBelow?: number;
  period?: PeriodKind;
  /** Seed of the Monte Carlo Fisher test when exact enumeration is too large. */
  seed?: number;
}

/** A respondent that could not be counted, listed by id and file line (never by answers). */
export interface UncountedRespondent { respondent: string; line: number; trajectory: string | null; reason: 'no-trajectory' | 'unknown-trajectory' | 'outside-window' }

export interface ResponseAccounting {
  trajectoriesInWindow: number;
  /** Window trajectories with a registered number of recipients (0 included). */
  trajectoriesRegistered: number;
  /** Window trajectories with no registration of recipients. */
  trajectoriesUnregistered: number;
  /** Σ recipients over registered window trajectories. */
  recipientsRegistered: number;
  respondents: number;
  respondentsInRegistered: number;
  respondentsInUnregistered: number;
  /** respondents / recipientsRegistered: the rate as the seed reports it (all respondents over registered recipients). */
  responseRate: Share;
  /** respondentsInRegistered / recipientsRegistered: the rate over registered trajectories only. */
  responseRateRegistered: Share;
  trajectoriesWithRespondent: number;
  /** trajectoriesWithRespondent / trajectoriesInWindow. */
  trajectoryCoverage: Share;
  /** Registered window trajectories with more respondents than registered recipients. */
  moreRespondentsThanRecipients: { trajectory: string; recipients: number; respondents: number }[];
  uncounted: UncountedRespondent[];
}

export interface TypeComparison {
  item: string;
  label: string;
  /** Answers to the type item among counted respondents (each option, "weet niet" included). */
  selfReported: { option: string; type: number | null; share: Share }[];
  /** CRM type of the counted respondents' trajectories. */
  crm: { type: number | null; share: Share }[];
  /** Respondents with a type 1–4 in both sources: agreement and Cohen's κ. */
  agreement: { n: number; agree: number; percent: Share; kappa: number | null; ci: [number, number] | null } | null;
  /** Self-reported (rows: options) × CRM type (columns 1–4, then unknown). */
  table: { option: string; counts: number[] }[];
}

export interface GroupIndicators { group: string; respondents: number; trajectories: number; indicators: Indicator[] }

export interface NonResponseRow {
  characteristic: string;
  kind: 'category' | 'number' | 'yes-no';
  responding: { n: number; summary: string };
  nonResponding: { n: number; summary: string };
  test: string;
  p: number | null;
  pHolm: number | null;
}

export interface CoachSide {
  survey: string;
  respondents: number;
  invited: number | null;
  invitedSource: 'project' | 'crm-coaches' | null;
  rate: Share | null;
  indicators: Indicator[];
}

export interface PeriodIndicators {
  period: string;
  trajectoriesInWindow: number;
  recipientsRegistered: number;
  respondents: number;
  responseRate: Share;
  indicators: Indicator[];
  /** Change of each top-box share vs the previous period: difference with Newcombe's interval. */
  change: { item: string; difference: number | null; ci: [number, number] | null }[];
}

export interface ImpactResult {
  window: { from: string | null; to: string | null; by: 'end' };
  staff: string | null;
  response: ResponseAccounting;
  type: TypeComparison | null;
  headline: Indicator[];
  byType: GroupIndicators[];
  byEmployer: GroupIndicators[];
  coach: CoachSide[];
  nonResponse: NonResponseRow[];
  periods: PeriodIndicators[];
  /** CRM trajectories read, and how many have no end date (so cannot fall in any window). */
  crm: { trajectories: number; withoutEnd: number };
}

/** First digit 1–9 in an option label ("type 2", "2 - zelfgekozen thema"); null for "weet niet". */
function typeNumber(label: string): number | null {
  const m = /\d+/.exec(label);
  return m ? Number(m[0]) : null;
}

/** The staff item that holds the self-reported trajectory type: named, else a single-choice item whose id or label says "type". */
export function findTypeItem(data: SurveyData, id?: string): SurveyItem | undefined {
  if (id) return data.definition.items.find((i) => i.id === id);
  return data.definition.items.find((i) => i.type === 'single' && /type/i.test(`${i.id} ${i.label}`) && i.labels.filter((l) => typeNumber(l) !== null).length >= 2);
}

export function impactAnalysis(crm: CrmData, staff: SurveyData | undefined, coaches: SurveyData[], opts: ImpactOptions): ImpactResult {
  const level = opts.level ?? 0.95;
  const below = opts.suppressBelow ?? 0;
  const trajectories = crm.trajectories;
  const inWin = trajectories.map((t) => inWindow(t.end, opts.window) && Number.isFinite(t.end));
  const windowIdx = trajectories.map((_, i) => i).filter((i) => inWin[i]);

  // Respondents → their window trajectory; the others are listed, not dropped.
  const respondentTraj: number[] = [];
  const counted: number[] = [];
  const uncounted: UncountedRespondent[] = [];
  if (staff) {
    const join = joinSurveyToCrm(staff, crm, 'trajectory');
    const keys = staff.keys.trajectory ?? [];
    for (let r = 0; r < staff.respondents.length; r++) {
      const key = keys[r]?.trim() || null;
      const ti = join.trajectory[r];
      const reason: UncountedRespondent['reason'] | undefined = !key ? 'no-trajectory' : ti < 0 ? 'unknown-trajectory' : !inWin[ti] ? 'outside-window' : undefined;
      if (reason) { uncounted.push({ respondent: staff.respondents[r], line: staff.lines[r], trajectory: key, reason }); respondentTraj.push(-1); continue; }
      respondentTraj.push(ti);
      counted.push(r);
    }
  }
  const response = accounting(trajectories, windowIdx, counted, respondentTraj, uncounted, level);

  const items = staff ? headlineItems(staff) : [];
  const headline = staff ? surveyIndicators(staff, items, counted, level) : [];
  const group = (keyOf: (t: Trajectory) => string | null): GroupIndicators[] => {
    if (!staff) return [];
    const groups = new Map<string, number[]>();
    const trajs = new Map<string, Set<number>>();
    for (const r of counted) {
      const t = trajectories[respondentTraj[r]];
      const g = keyOf(t) ?? '(onbekend)';
      if (!groups.has(g)) { groups.set(g, []); trajs.set(g, new Set()); }
      groups.get(g)!.push(r);
      trajs.get(g)!.add(respondentTraj[r]);
    }
    return [...groups.keys()].sort(compareGroups).map((g) => ({
      group: g,
      respondents: groups.get(g)!.length,
      trajectories: trajs.get(g)!.size,
      indicators: surveyIndicators(staff, items, groups.get(g)!, level).map((i) => suppressIndicator(i, below)),
    }));
  };

  return {
    window: { from: opts.window.since === undefined ? null : isoDay(opts.window.since), to: opts.window.until === undefined ? null : isoDay(opts.window.until), by: 'end' },
    staff: staff?.name ?? null,
    response,
    type: staff ? typeComparison(staff, counted, respondentTraj, trajectories, opts.typeItem, level) : null,
    headline,
    byType: group((t) => (Number.isFinite(t.type) ? `type ${t.type}` : null)),
    byEmployer: group((t) => t.employer),
    coach: coaches.map((c) => coachSide(c, crm, level)),
    nonResponse: nonResponse(trajectories, windowIdx, new Set(counted.map((r) => respondentTraj[r])), opts.seed ?? 1),
    periods: opts.period && staff ? periodIndicators(staff, items, trajectories, windowIdx, counted, respondentTraj, opts.period, level, below) : [],
    crm: { trajectories: trajectories.length, withoutEnd: trajectories.filter((t) => !Number.isFinite(t.end)).length },
  };
}

/** "type 1" < "type 2" …, numbers before text, "(onbekend)" last. */
function compareGroups(a: string, b: string): number {
  if (a === '(onbekend)') return 1;
  if (b === '(onbekend)') return -1;
  return a.localeCompare(b, 'nl', { numeric: true });
}

function accounting(trajectories: Trajectory[], windowIdx: number[], counted: number[], respondentTraj: number[], uncounted: UncountedRespondent[], level: number): ResponseAccounting {
  const perTraj = new Map<number, number>();
  for (const r of counted) perTraj.set(respondentTraj[r], (perTraj.get(respondentTraj[r]) ?? 0) + 1);
  let registered = 0;
  let recipients = 0;
  let inRegistered = 0;
  const over: ResponseAccounting['moreRespondentsThanRecipients'] = [];
  for (const i of windowIdx) {
    const t = trajectories[i];
    const resp = perTraj.get(i) ?? 0;
    if (Number.isFinite(t.recipients)) {
      registered++;
      recipients += t.recipients;
      inRegistered += resp;
      if (resp > t.recipients) over.push({ trajectory: t.id, recipients: t.recipients, respondents: resp });
    }
  }
  const respondents = counted.length;
  // More respondents than recipients would make a rate above 1: cap the numerator for the interval.
  const rate = (x: number) => share(Math.min(x, recipients), recipients, level);
  return {
    trajectoriesInWindow: windowIdx.length,
    trajectoriesRegistered: registered,
    trajectoriesUnregistered: windowIdx.length - registered,
    recipientsRegistered: recipients,
    respondents,
    respondentsInRegistered: inRegistered,
    respondentsInUnregistered: respondents - inRegistered,
    responseRate: rate(respondents),
    responseRateRegistered: rate(inRegistered),
    trajectoriesWithRespondent: perTraj.size,
    trajectoryCoverage: share(perTraj.size, windowIdx.length, level),
    moreRespondentsThanRecipients: over,
    uncounted,
  };
}

function typeComparison(staff: SurveyData, counted: number[], respondentTraj: number[], trajectories: Trajectory[], typeItemId: string | undefined, level: number): TypeComparison | null {
  const item = findTypeItem(staff, typeItemId);
  if (!item) return null;
  const col = staff.columns[item.id];
  if (!col || (col.type !== 'single' && col.type !== 'likert')) return null;
  const optionCounts = new Array<number>(item.labels.length + 1).fill(0);
  const crmTypes = new Map<number | null, number>();
  const table = item.labels.map((option) => ({ option, counts: [0, 0, 0, 0, 0] }));
  const a: (number | null)[] = [];
  const b: (number | null)[] = [];
  let valid = 0;
  for (const r of counted) {
    const t = trajectories[respondentTraj[r]].type;
    const crmType = Number.isFinite(t) ? t : null;
    crmTypes.set(crmType, (crmTypes.get(crmType) ?? 0) + 1);
    const code = col.codes[r];
    if (code === 0) continue;
    valid++;
    optionCounts[code]++;
    const col4 = crmType !== null && crmType >= 1 && crmType <= 4 ? crmType - 1 : 4;
    table[code - 1].counts[col4]++;
    const self = typeNumber(item.labels[code - 1]);
    if (self !== null && crmType !== null) { a.push(self); b.push(crmType); }
  }
  let agreement: TypeComparison['agreement'] = null;
  if (a.length) {
    const agree = a.filter((x, k) => x === b[k]).length;
    let kappa: number | null = null;
    let ci: [number, number] | null = null;
    try {
      const k = cohenKappa({ a, b }, { level, categories: [1, 2, 3, 4] });
      kappa = k.kappa;
      ci = Number.isFinite(k.ci.lower) ? [k.ci.lower, k.ci.upper] : null;
    } catch {
      // κ is undefined when both sources use one category only; the percent agreement stands.
    }
    agreement = { n: a.length, agree, percent: share(agree, a.length, level), kappa, ci };
  }
  const types = [...crmTypes.keys()].sort((x, y) => (x ?? 99) - (y ?? 99));
  return {
    item: item.id,
    label: item.label,
    selfReported: item.labels.map((option, i) => ({ option, type: typeNumber(option), share: share(optionCounts[i + 1], valid, level) })),
    crm: types.map((t) => ({ type: t, share: share(crmTypes.get(t)!, counted.length, level) })),
    agreement,
    table,
  };
}

function coachSide(data: SurveyData, crm: CrmData, level: number): CoachSide {
  let invited: number | null = data.invited ?? null;
  let source: CoachSide['invitedSource'] = invited !== null ? 'project' : null;
  if (invited === null) {
    const coaches = new Set(crm.trajectories.map((t) => t.coach).filter((c): c is string => !!c));
    if (coaches.size) { invited = coaches.size; source = 'crm-coaches'; }
  }
  const respondents = data.respondents.length;
  return {
    survey: data.name,
    respondents,
    invited,
    invitedSource: source,
    rate: invited ? share(Math.min(respondents, invited), invited, level) : null,
    indicators: surveyIndicators(data, headlineItems(data), undefined, level),
  };
}

/** Responding vs non-responding window trajectories on CRM characteristics, Holm-adjusted across them. */
function nonResponse(trajectories: Trajectory[], windowIdx: number[], responding: Set<number>, seed: number): NonResponseRow[] {
  const yes = windowIdx.filter((i) => responding.has(i)).map((i) => trajectories[i]);
  const no = windowIdx.filter((i) => !responding.has(i)).map((i) => trajectories[i]);
  if (!yes.length || !no.length) return [];
  const rows: Omit<NonResponseRow, 'pHolm'>[] = [];
  const categorical = (name: string, f: (t: Trajectory) => string | null) => {
    // One pass per group: a level → count map, then the levels in order.
    const tally = (ts: Trajectory[]) => {
      const m = new Map<string, number>();
      for (const t of ts) { const l = f(t) ?? '(leeg)'; m.set(l, (m.get(l) ?? 0) + 1); }
      return m;
    };
    const ya = tally(yes);
    const nb = tally(no);
    const levels = [...new Set([...ya.keys(), ...nb.keys()])].sort((x, y) => x.localeCompare(y, 'nl', { numeric: true }));
    const a = levels.map((l) => ya.get(l) ?? 0);
    const b = levels.map((l) => nb.get(l) ?? 0);
    const summary = (c: number[], n: number) => levels.map((l, k) => `${l}: ${c[k]}`).join(', ') + ` (n = ${n})`;
    let p: number | null = null;
    let test = 'none (one level)';
    if (levels.length > 1) {
      const r = fisherExactRxC([a, b], { maxWork: 1e6, samples: 10000, seed });
      p = r.p;
      test = r.samples ? `Fisher (Monte Carlo, ${r.samples} samples, seed ${seed})` : 'Fisher exact';
    }
    rows.push({ characteristic: name, kind: 'category', responding: { n: yes.length, summary: summary(a, yes.length) }, nonResponding: { n: no.length, summary: summary(b, no.length) }, test, p });
  };
  const numeric = (name: string, f: (t: Trajectory) => number) => {
    const a = yes.map(f).filter(Number.isFinite);
    const b = no.map(f).filter(Number.isFinite);
    const med = (v: number[]) => {
      if (!v.length) return '—';
      const s = [...v].sort((x, y) => x - y);
      const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      return `median ${Number(m.toFixed(2))}`;
    };
    let p: number | null = null;
    let test = 'none (too few values)';
    if (a.length >= 2 && b.length >= 2) {
      const r = mannWhitney(a, b);
      p = r.p;
      test = `Mann–Whitney (${r.pMethod})`;
    }
    rows.push({ characteristic: name, kind: 'number', responding: { n: a.length, summary: `${med(a)} (n = ${a.length})` }, nonResponding: { n: b.length, summary: `${med(b)} (n = ${b.length})` }, test, p });
  };
  const yesNo = (name: string, f: (t: Trajectory) => boolean | null) => categorical(name, (t) => { const v = f(t); return v === null ? null : v ? 'ja' : 'nee'; });
  categorical('type', (t) => (Number.isFinite(t.type) ? String(t.type) : null));
  categorical('employer', (t) => t.employer);
  categorical('location_type', (t) => t.locationType);
  numeric('hours', (t) => t.hours);
  numeric('contacts', (t) => t.contactCount);
  numeric('participants', (t) => t.participants);
  numeric('duration_days', (t) => t.end - t.start);
  yesNo('pitstop', (t) => t.pitstop);
  yesNo('final_evaluation', (t) => t.finalEvaluation);
  const adjusted = holm(rows.map((r) => r.p)).adjusted;
  return rows.map((r, k) => ({ ...r, pHolm: adjusted[k] }));
}

function periodIndicators(
  staff: SurveyData, items: SurveyItem[], trajectories: Trajectory[], windowIdx: number[], counted: number[], respondentTraj: number[],
  kind: PeriodKind, level: number, below: number,
): PeriodIndicators[] {
  const periods = new Map<string, { trajs: number[]; resp: number[] }>();
  for (const i of windowIdx) {
    const p = periodOf(trajectories[i].end, kind)!;
    if (!periods.has(p)) periods.set(p, { trajs: [], resp: [] });
    periods.get(p)!.trajs.push(i);
  }
  for (const r of counted) periods.get(periodOf(trajectories[respondentTraj[r]].end, kind)!)!.resp.push(r);
  const out: PeriodIndicators[] = [];
  let previous: Indicator[] | undefined;
  for (const label of [...periods.keys()].sort()) {
    const { trajs, resp } = periods.get(label)!;
    const recipients = trajs.reduce((s, i) => s + (Number.isFinite(trajectories[i].recipients) ? trajectories[i].recipients : 0), 0);
    const indicators = surveyIndicators(staff, items, resp, level);
    const change = indicators.filter((i) => i.measure === 'top-box').map((ind) => {
      const prev = previous?.find((p) => p.item === ind.item && p.measure === 'top-box');
      if (!prev?.share || !ind.share || !prev.share.n || !ind.share.n) return { item: ind.item, difference: null, ci: null };
      const d = proportionDifferenceNewcombe(ind.share.count, ind.share.n, prev.share.count, prev.share.n, { level });
      return { item: ind.item, difference: d.estimate, ci: [d.ci.lower, d.ci.upper] as [number, number] };
    });
    out.push({
      period: label,
      trajectoriesInWindow: trajs.length,
      recipientsRegistered: recipients,
      respondents: resp.length,
      responseRate: share(Math.min(resp.length, recipients), recipients, level),
      indicators: indicators.map((i) => suppressIndicator(i, below)),
      change,
    });
    previous = indicators;
  }
  return out;
}
