/**
 * `hefboom pathways reasons`: why people left. Reasons are multi-label (a stop often has several,
 * seed 001 L4279), so each reason is counted in persons (people who gave it, with a Wilson interval
 * over the people who left with at least one reason) and the total of mentions is shown beside it.
 * Pairs of reasons given by the same person show which barriers come together (seed 001 L830-832).
 * Every count is split by when the person left: before the start of training (non-entry), during
 * training, or after qualification.
 */
import type { PathwayRegister } from '../model/pathways.js';
import { share, type Share } from './share.js';
import type { Grouping } from './pathways-groups.js';

export interface ReasonRow {
  reason: string;
  kind: 'instap' | 'uitval';
  levers: string[];
  /** People who gave the reason. */
  persons: number;
  /** persons / people who left with at least one reason. */
  share: Share;
  /** By when they left: before the start of training, during it, after qualification. */
  beforeStart: number;
  during: number;
  after: number;
}

export interface ReasonPair { a: string; b: string; persons: number }

export interface ReasonGroup {
  group: string;
  /** People with a registered exit. */
  exits: number;
  /** Of them, with at least one reason / without any. */
  withReason: number;
  withoutReason: number;
  /** Reasons given in all (a person with three reasons gives three mentions). */
  mentions: number;
  rows: ReasonRow[];
  /** Reason pairs given by the same person, most frequent first. */
  pairs: ReasonPair[];
}

export interface ReasonsResult {
  by: string;
  groups: ReasonGroup[];
}

/** When a person left: 0 before the start of training, 1 during, 2 after qualification. */
export function exitStage(reg: PathwayRegister, i: number): 0 | 1 | 2 {
  const start = reg.startPhase;
  const qualified = reg.qualificationPhase;
  let at = reg.exitPhase[i];
  if (at < 0) {
    // No phase registered with the exit: the last phase reached.
    at = 0;
    for (let k = reg.phases.length - 1; k >= 0; k--) if (Number.isFinite(reg.phaseDay[k][i])) { at = k; break; }
  }
  if (start >= 0 && at < start) return 0;
  if (qualified >= 0 && at >= qualified) return 2;
  return 1;
}

const hasExit = (reg: PathwayRegister, i: number) => reg.exitPhase[i] >= 0 || Number.isFinite(reg.exitDay[i]) || reg.exitKind[i] !== 0 || reg.reasonStart[i + 1] > reg.reasonStart[i];

export function pathwaysReasons(reg: PathwayRegister, grouping: Grouping): ReasonsResult {
  const G = grouping.labels.length;
  const K = reg.reasons.length;
  const persons = Array.from({ length: G }, () => new Float64Array(K));
  const byStage = Array.from({ length: G }, () => Array.from({ length: 3 }, () => new Float64Array(K)));
  const pairs = Array.from({ length: G }, () => new Map<number, number>());
  const exits = new Float64Array(G);
  const withReason = new Float64Array(G);
  const mentions = new Float64Array(G);
  const given: number[] = [];
  for (let i = 0; i < reg.persons; i++) {
    if (!hasExit(reg, i)) continue;
    const g = grouping.of[i];
    exits[g]++;
    given.length = 0;
    for (let r = reg.reasonStart[i]; r < reg.reasonStart[i + 1]; r++) {
      mentions[g]++;
      const code = reg.reasonCodes[r];
      if (!given.includes(code)) given.push(code);
    }
    if (!given.length) continue;
    withReason[g]++;
    const st = exitStage(reg, i);
    for (const code of given) { persons[g][code]++; byStage[g][st][code]++; }
    given.sort((a, b) => a - b);
    for (let x = 0; x < given.length; x++) for (let y = x + 1; y < given.length; y++) {
      const key = given[x] * K + given[y];
      pairs[g].set(key, (pairs[g].get(key) ?? 0) + 1);
    }
  }
  const groups: ReasonGroup[] = grouping.labels.map((group, g) => ({
    group,
    exits: exits[g],
    withReason: withReason[g],
    withoutReason: exits[g] - withReason[g],
    mentions: mentions[g],
    rows: reg.reasons
      .map((r, k) => ({ reason: r.id, kind: r.kind, levers: r.levers, persons: persons[g][k], share: share(persons[g][k], withReason[g]), beforeStart: byStage[g][0][k], during: byStage[g][1][k], after: byStage[g][2][k] }))
      .filter((r) => r.persons > 0)
      .sort((a, b) => b.persons - a.persons || a.reason.localeCompare(b.reason)),
    pairs: [...pairs[g]]
      .map(([key, n]) => ({ a: reg.reasons[Math.floor(key / K)].id, b: reg.reasons[key % K].id, persons: n }))
      .sort((a, b) => b.persons - a.persons || a.a.localeCompare(b.a) || a.b.localeCompare(b.b)),
  }));
  return { by: grouping.by, groups };
}
