/**
 * `hefboom pathways funnel`: how many people reach each phase of the pathway, the conversion from
 * one required phase to the next with a Wilson interval, and where and how people leave.
 *
 * Rules (README "Learner pathways"):
 * - Everyone in the register reached the first required phase (the register's base).
 * - A person reached a required phase when it has a date, or when a later required phase has one
 *   (reached "by implication": the register skipped a step). Implied counts are shown per phase.
 * - The step a person stopped at is the last required phase reached. There the person either left
 *   (an exit is registered), or is still in progress (no exit and no later phase yet).
 * - Optional phases (trial placement, pre-trajectory, aftercare) are not steps: they are reported as
 *   "took part" among the people who reached the next required phase.
 * - Exits are split by the phase registered with the exit (else the step the person stopped at),
 *   by initiative (own choice / advised) and by type (pause / definitive).
 */
import { EXIT_KIND, INITIATIVE, OUTCOMES, type Outcome, type PathwayRegister } from '../model/pathways.js';
import { share, type Share } from './share.js';
import type { Grouping } from './pathways-groups.js';

export interface FunnelStep {
  phase: string;
  /** People who reached the phase (dated or implied). */
  reached: number;
  /** Of those, people with a date for it. */
  dated: number;
  /** Reached by implication: no date, but a later required phase has one. */
  implied: number;
  /** reached / base. */
  ofBase: Share;
  /** reached / reached at the previous required phase (null for the first). */
  fromPrevious: Share | null;
  /** People whose last required phase is this one and who left (an exit is registered). */
  left: number;
  /** People whose last required phase is this one, without an exit: still in progress. */
  inProgress: number;
}

export interface OptionalPhase {
  phase: string;
  /** People with a date for the optional phase. */
  tookPart: number;
  /** The required phase it precedes, and the share of the people reaching that phase who took part. */
  before: string | null;
  ofNext: Share | null;
}

export interface ExitSplit {
  /** Registered exit phase (else the step the person stopped at) → exits. */
  byPhase: { phase: string; count: number }[];
  initiative: { own: number; advised: number; unknown: number };
  kind: { pause: number; definitive: number; unknown: number };
  /** Before the start of training (non-entry), during training, after qualification. */
  stage: { beforeStart: number; during: number; after: number };
}

/** What became of the people who qualified (seed 001 L4400-4432). */
export interface OutcomeSplit {
  /** Qualified people with a registered outcome: the denominator of the shares. */
  known: number;
  /** Qualified people without one. */
  unknown: number;
  outcomes: { outcome: Outcome; share: Share }[];
}

export interface FunnelGroup {
  group: string;
  base: number;
  steps: FunnelStep[];
  optional: OptionalPhase[];
  exits: number;
  exitSplit: ExitSplit;
  outcomes: OutcomeSplit;
}

export interface FunnelResult {
  by: string;
  phases: string[];
  groups: FunnelGroup[];
}

export function pathwaysFunnel(reg: PathwayRegister, grouping: Grouping): FunnelResult {
  const required = reg.phases.map((p, k) => ({ p, k })).filter((x) => !x.p.optional);
  const R = required.length;
  const G = grouping.labels.length;
  // Per group: persons reaching each required step, with a date, stopping there with / without exit.
  const reached = Array.from({ length: G }, () => new Float64Array(R));
  const dated = Array.from({ length: G }, () => new Float64Array(R));
  const left = Array.from({ length: G }, () => new Float64Array(R));
  const inProgress = Array.from({ length: G }, () => new Float64Array(R));
  const optionalIdx = reg.phases.map((p, k) => ({ p, k })).filter((x) => x.p.optional);
  const tookPart = Array.from({ length: G }, () => new Float64Array(optionalIdx.length));
  const tookPartNext = Array.from({ length: G }, () => new Float64Array(optionalIdx.length));
  // The required step each optional phase precedes (-1 when none follows it).
  const nextStepOf = optionalIdx.map(({ k }) => required.findIndex((x) => x.k > k));
  const base = new Float64Array(G);
  const exits = new Float64Array(G);
  const byPhase = Array.from({ length: G }, () => new Float64Array(reg.phases.length));
  const initiative = Array.from({ length: G }, () => new Float64Array(3));
  const kind = Array.from({ length: G }, () => new Float64Array(3));
  const stage = Array.from({ length: G }, () => new Float64Array(3));
  const startStep = required.findIndex((x) => x.k === reg.startPhase);
  const outcomes = Array.from({ length: G }, () => new Float64Array(OUTCOMES.length + 1));
  const qualifiedStep = required.findIndex((x) => x.k === reg.qualificationPhase);

  for (let i = 0; i < reg.persons; i++) {
    const g = grouping.of[i];
    base[g]++;
    let last = 0;
    for (let s = R - 1; s > 0; s--) if (Number.isFinite(reg.phaseDay[required[s].k][i])) { last = s; break; }
    for (let s = 0; s <= last; s++) {
      reached[g][s]++;
      if (Number.isFinite(reg.phaseDay[required[s].k][i])) dated[g][s]++;
    }
    // Outcomes of the qualified (a later phase such as outflow implies qualification).
    if (qualifiedStep >= 0 && last >= qualifiedStep) outcomes[g][reg.outcome[i] >= 0 ? reg.outcome[i] : OUTCOMES.length]++;
    for (let o = 0; o < optionalIdx.length; o++) {
      if (!Number.isFinite(reg.phaseDay[optionalIdx[o].k][i])) continue;
      tookPart[g][o]++;
      if (nextStepOf[o] >= 0 && last >= nextStepOf[o]) tookPartNext[g][o]++;
    }
    const hasExit = reg.exitPhase[i] >= 0 || Number.isFinite(reg.exitDay[i]) || reg.exitKind[i] !== EXIT_KIND.unknown;
    if (!hasExit) {
      // Nothing after the last phase is not "in progress": whoever reached the final phase is done.
      if (last < R - 1) inProgress[g][last]++;
      continue;
    }
    left[g][last]++;
    exits[g]++;
    byPhase[g][reg.exitPhase[i] >= 0 ? reg.exitPhase[i] : required[last].k]++;
    initiative[g][reg.exitInitiative[i]]++;
    kind[g][reg.exitKind[i]]++;
    const at = reg.exitPhase[i] >= 0 ? requiredStepOf(reg, required.map((x) => x.k), reg.exitPhase[i]) : last;
    if (startStep >= 0 && at < startStep) stage[g][0]++;
    else if (qualifiedStep >= 0 && at >= qualifiedStep) stage[g][2]++;
    else stage[g][1]++;
  }

  const groups: FunnelGroup[] = grouping.labels.map((label, g) => {
    const steps: FunnelStep[] = required.map(({ p }, s) => ({
      phase: p.id,
      reached: reached[g][s],
      dated: dated[g][s],
      implied: reached[g][s] - dated[g][s],
      ofBase: share(reached[g][s], base[g]),
      fromPrevious: s === 0 ? null : share(reached[g][s], reached[g][s - 1]),
      left: left[g][s],
      inProgress: inProgress[g][s],
    }));
    const optional: OptionalPhase[] = optionalIdx.map(({ p }, o) => {
      const next = nextStepOf[o];
      return { phase: p.id, tookPart: tookPart[g][o], before: next >= 0 ? required[next].p.id : null, ofNext: next >= 0 ? share(tookPartNext[g][o], reached[g][next]) : null };
    });
    const known = OUTCOMES.reduce((sum, _, k) => sum + outcomes[g][k], 0);
    return {
      group: label,
      outcomes: { known, unknown: outcomes[g][OUTCOMES.length], outcomes: OUTCOMES.map((outcome, k) => ({ outcome, share: share(outcomes[g][k], known) })) },
      base: base[g],
      steps,
      optional,
      exits: exits[g],
      exitSplit: {
        byPhase: reg.phases.map((p, k) => ({ phase: p.id, count: byPhase[g][k] })).filter((x) => x.count > 0),
        initiative: { own: initiative[g][INITIATIVE.own], advised: initiative[g][INITIATIVE.advised], unknown: initiative[g][INITIATIVE.unknown] },
        kind: { pause: kind[g][EXIT_KIND.pause], definitive: kind[g][EXIT_KIND.definitive], unknown: kind[g][EXIT_KIND.unknown] },
        stage: { beforeStart: stage[g][0], during: stage[g][1], after: stage[g][2] },
      },
    };
  });
  return { by: grouping.by, phases: required.map((x) => x.p.id), groups };
}

/** The required step a phase belongs to: the phase itself, or for an optional phase the required one before it. */
function requiredStepOf(reg: PathwayRegister, requiredK: number[], phase: number): number {
  let step = 0;
  for (let s = 0; s < requiredK.length; s++) if (requiredK[s] <= phase) step = s;
  return step;
}
