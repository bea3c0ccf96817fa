/**
 * `hefboom pathways survival`: time to dropout from the start of training (seed 001 §6.5).
 *
 * - Who: people with a start date of training (`opleiding`).
 * - Event: an exit after the start and before qualification that is not a temporary pause (a
 *   definitive stop, or an exit of unknown type), at the exit date.
 * - Censoring: at qualification, at a temporary pause (the person is no longer at risk while paused),
 *   or at the last day the register covers (`data_end`).
 * - Times in months of 30.4375 days. Kaplan–Meier curves with Greenwood errors and R's log interval,
 *   the median with its CI as R's print.survfit, and the log-rank test between groups (R survdiff).
 * - The shares qualifying within 3 semesters (18 months) and within the 2-year limit (seed 001 L618,
 *   L2903-2907), among starters whose whole term lies before the data end, with Wilson intervals.
 */
import { EXIT_KIND, type PathwayRegister } from '../model/pathways.js';
import { kaplanMeier, shareEventBy } from '../stats/kaplan-meier.js';
import { logRank } from '../stats/log-rank.js';
import { share, type Share } from './share.js';
import type { Grouping } from './pathways-groups.js';

/** Time to dropout counts from the start of training (the register's start phase). */
export const SURVIVAL_FROM = 'opleiding';
export const MONTH_DAYS = 30.4375;

export interface SurvivalPoint { time: number; nRisk: number; nEvent: number; survival: number; lower: number | null; upper: number | null }

export interface SurvivalGroup {
  group: string;
  /** Starters in the group. */
  n: number;
  events: number;
  /** Median time to dropout in months, with its 95 % CI; null where the curve does not reach 0.5. */
  median: { time: number | null; lower: number | null; upper: number | null };
  curve: SurvivalPoint[];
  /** Kaplan–Meier estimate of the share dropped out by 12 and 18 months (null when no one is followed that long). */
  dropoutBy12: number | null;
  dropoutBy18: number | null;
  within3Semesters: Share;
  within2Years: Share;
}

export interface SurvivalResult {
  by: string;
  from: string;
  groups: SurvivalGroup[];
  logRank: { chiSquare: number; df: number; p: number; groups: { group: string; n: number; observed: number; expected: number }[] } | null;
  /** Exits after the start without a date (left out). */
  undated: number;
  /** Starters left out because a date lies before the start (dates going backwards). */
  backwards: number;
}

export function pathwaysSurvival(reg: PathwayRegister, grouping: Grouping): SurvivalResult {
  const start = reg.startPhase;
  const qualified = reg.qualificationPhase;
  const G = grouping.labels.length;
  const times: number[][] = Array.from({ length: G }, () => []);
  const events: number[][] = Array.from({ length: G }, () => []);
  const sem3 = Array.from({ length: G }, () => ({ count: 0, n: 0 }));
  const y2 = Array.from({ length: G }, () => ({ count: 0, n: 0 }));
  let undated = 0;
  let backwards = 0;
  if (start >= 0) {
    for (let i = 0; i < reg.persons; i++) {
      const s = reg.phaseDay[start][i];
      if (!Number.isFinite(s)) continue;
      const g = grouping.of[i];
      const q = qualified >= 0 ? reg.phaseDay[qualified][i] : NaN;
      const exitAfterStart = (reg.exitPhase[i] >= start && (qualified < 0 || reg.exitPhase[i] < qualified))
        || (reg.exitPhase[i] < 0 && Number.isFinite(reg.exitDay[i]) && reg.exitDay[i] >= s && !(reg.exitDay[i] >= q));
      let end: number;
      let event = 0;
      if (exitAfterStart && !Number.isFinite(q)) {
        if (!Number.isFinite(reg.exitDay[i])) { undated++; continue; }
        end = reg.exitDay[i];
        event = reg.exitKind[i] === EXIT_KIND.pause ? 0 : 1;
      } else if (Number.isFinite(q)) {
        end = q;
      } else {
        end = reg.dataEnd;
      }
      if (!(end >= s)) { backwards++; continue; }
      times[g].push((end - s) / MONTH_DAYS);
      events[g].push(event);
      // Qualification within the term, among starters whose whole term lies before the data end.
      for (const [months, acc] of [[18, sem3[g]], [24, y2[g]]] as const) {
        if (s + months * MONTH_DAYS > reg.dataEnd) continue;
        acc.n++;
        if (Number.isFinite(q) && q - s <= months * MONTH_DAYS) acc.count++;
      }
    }
  }
  const groups: SurvivalGroup[] = [];
  for (let g = 0; g < G; g++) {
    const n = times[g].length;
    if (!n) {
      groups.push({ group: grouping.labels[g], n: 0, events: 0, median: { time: null, lower: null, upper: null }, curve: [], dropoutBy12: null, dropoutBy18: null, within3Semesters: share(0, 0), within2Years: share(0, 0) });
      continue;
    }
    const km = kaplanMeier(times[g], events[g]);
    let lastTime = -Infinity;
    for (const t of times[g]) if (t > lastTime) lastTime = t;
    const by = (m: number) => (lastTime >= m ? shareEventBy(km, m).estimate : null);
    groups.push({
      group: grouping.labels[g],
      n,
      events: events[g].reduce((a, b) => a + b, 0),
      median: km.median,
      curve: km.steps.filter((st) => st.nEvent > 0).map((st) => ({ time: st.time, nRisk: st.nRisk, nEvent: st.nEvent, survival: st.survival, lower: st.lower, upper: st.upper })),
      dropoutBy12: by(12),
      dropoutBy18: by(18),
      within3Semesters: share(sem3[g].count, sem3[g].n),
      within2Years: share(y2[g].count, y2[g].n),
    });
  }
  let lr: SurvivalResult['logRank'] = null;
  const used = groups.filter((x) => x.n > 0);
  if (used.length >= 2 && used.some((x) => x.events > 0)) {
    const allTimes: number[] = [];
    const allEvents: number[] = [];
    const labels: string[] = [];
    for (let g = 0; g < G; g++) for (let k = 0; k < times[g].length; k++) { allTimes.push(times[g][k]); allEvents.push(events[g][k]); labels.push(grouping.labels[g]); }
    const r = logRank(allTimes, allEvents, labels);
    lr = { chiSquare: r.chiSquare, df: r.df, p: r.p, groups: r.groups.map((x) => ({ group: x.group, n: x.n, observed: x.observed, expected: x.expected })) };
  }
  return { by: grouping.by, from: start >= 0 ? reg.phases[start].id : SURVIVAL_FROM, groups, logRank: lr, undated, backwards };
}
