import { describe, expect, it } from 'vitest';
import { fitSurveyModel, ModelSpecError, outcomeVariable } from './survey-model.js';
import { resolveVariable, joinSurveyToCrm } from './survey-join.js';
import { seededRandom } from '../stats/random.js';
import { construct, crm, item, survey, trajectory } from './survey.test-helpers.js';

/** Box–Muller normal from the seeded uniform generator. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

// Synthetic staff survey in the shape of seed 004: impact rises with time invested outside contact
// moments (0.4 per hour) and with the trajectory's participants (0.3 per person); motivation at the
// start and the coach have no effect.
const rand = seededRandom(2023);
const TRAJ = Array.from({ length: 60 }, (_, t) => trajectory(`T${t + 1}`, {
  coach: `C${(t % 20) + 1}`, participants: 1 + Math.floor(rand() * 6), employer: ['A', 'B', 'C'][t % 3],
}));
const CRM = crm(TRAJ);
const rows = Array.from({ length: 240 }, (_, r) => {
  const t = TRAJ[r % 60];
  const tijd = Math.round(rand() * 10 * 2) / 2;
  const motivatie = 1 + Math.floor(rand() * 5);
  const impact = 2 + 0.4 * tijd + 0.3 * t.participants + normal(rand);
  return { traject: t.id, tijd_buiten: tijd, motivatie, impact: Math.round(impact * 100) / 100, tevreden: impact > 4.5 ? 'akkoord' : 'neutraal' };
});
rows[5].tijd_buiten = '' as unknown as number; // one missing predictor: dropped and counted
const S = survey([item('tijd_buiten', 'number', { missing: [] }), item('motivatie', 'likert'), item('impact', 'number', { missing: [] }), item('tevreden', 'likert')], rows, { keys: ['traject'] });
S.keys = { trajectory: S.keys.traject };
const J = joinSurveyToCrm(S, CRM);
const ctx = { survey: S, crm: CRM, join: J, use: 'predictor' as const };
const all = S.respondents.map((_, r) => r);
const coach = resolveVariable('coach', ctx)!;
const coachValues = coach.kind === 'categorical' ? coach.values : [];

describe('fitSurveyModel (OLS)', () => {
  const m = fitSurveyModel({
    outcome: outcomeVariable(S, 'impact', false)!,
    predictors: ['tijd_buiten', 'participants', 'motivatie'].map((p) => resolveVariable(p, ctx)!),
    rows: all, logistic: false, cluster: { name: 'coach', values: coachValues }, coach: coachValues,
  });
  const coef = (name: string) => m.coefficients.find((c) => c.name === name)!;
  it('recovers the planted effects and finds none for motivation', () => {
    expect(coef('tijd_buiten').estimate).toBeGreaterThan(0.3);
    expect(coef('tijd_buiten').estimate).toBeLessThan(0.5);
    expect(coef('tijd_buiten').p).toBeLessThan(0.001);
    expect(coef('participants').estimate).toBeGreaterThan(0.15);
    expect(coef('participants').estimate).toBeLessThan(0.45);
    expect(coef('participants').p).toBeLessThan(0.01);
    expect(coef('motivatie').p).toBeGreaterThan(0.05);
  });
  it('reports complete cases and why rows were dropped', () => {
    expect(m.n).toBe(239);
    expect(m.dropped.total).toBe(1);
    expect(m.dropped.byVariable.find((d) => d.variable === 'tijd_buiten')!.missing).toBe(1);
  });
  it('uses cluster-robust SEs by coach and keeps the model-based ones', () => {
    expect(m.cluster).toMatchObject({ name: 'coach', clusters: 20, df: 19 });
    expect(m.modelBased).toHaveLength(m.coefficients.length);
    expect(coef('tijd_buiten').se).not.toBe(m.modelBased!.find((c) => c.name === 'tijd_buiten')!.se);
  });
  it('gives standardised coefficients and R²', () => {
    expect(coef('(Intercept)').standardized).toBeNull();
    expect(coef('tijd_buiten').standardized).toBeGreaterThan(0.5);
    const fit = m.fit as { rSquared: number; adjRSquared: number };
    expect(fit.rSquared).toBeGreaterThan(0.5);
    expect(fit.adjRSquared).toBeLessThan(fit.rSquared);
  });
  it('shows no coach-level variance as an ICC near 0 with an interval that includes 0', () => {
    expect(m.icc!.clusters).toBe(20);
    expect(m.icc!.icc).toBeLessThan(0.1);
    expect(m.icc!.ci[0]).toBeLessThanOrEqual(0);
  });
});

describe('categorical predictors and logistic models', () => {
  it('dummy-codes with the most frequent level as reference', () => {
    const emp = resolveVariable('employer', ctx)!;
    // Make B the most frequent level among the rows used.
    const rowsUsed = all.filter((r) => r % 3 !== 0 || r % 2 === 0);
    const m = fitSurveyModel({ outcome: outcomeVariable(S, 'impact', false)!, predictors: [emp], rows: rowsUsed, logistic: false });
    const counts = m.predictors[0].levels!;
    const most = counts.reduce((a, b) => (b.n > a.n ? b : a));
    expect(m.predictors[0].reference).toBe(most.level);
    expect(m.coefficients.map((c) => c.name).filter((n) => n.startsWith('employer='))).toHaveLength(2);
    expect(m.coefficients.some((c) => c.level === most.level)).toBe(false);
  });
  it('logistic: top-box outcome 0/1, odds ratios, model-based SEs with a note when clustered', () => {
    const out = outcomeVariable(S, 'tevreden', true)!;
    expect(out.scale).toBe('top-box');
    expect(out.topLabels).toEqual(['akkoord', 'helemaal akkoord']);
    const m = fitSurveyModel({ outcome: out, predictors: [resolveVariable('tijd_buiten', ctx)!], rows: all, logistic: true, cluster: { name: 'coach', values: coachValues } });
    expect(m.kind).toBe('logistic');
    const b = m.coefficients[1];
    expect(b.oddsRatio).toBeCloseTo(Math.exp(b.estimate), 12);
    expect(b.estimate).toBeGreaterThan(0);
    // --cluster: sandwich SEs per coach (Wald z, no df); the model-based ones are kept beside them.
    expect(m.cluster).toMatchObject({ name: 'coach', df: null });
    expect(m.cluster!.clusters).toBeGreaterThan(1);
    expect(m.modelBased![1].estimate).toBe(b.estimate);
    expect(m.modelBased![1].se).not.toBe(b.se);
  });
  it('refuses impossible specifications with a hint', () => {
    expect(() => outcomeVariable(S, 'impact', true)).toThrow(ModelSpecError);
    const S2 = survey([item('k', 'single', { labels: ['a'] }), item('y', 'number')], [{ k: 'a', y: 1 }, { k: 'a', y: 2 }, { k: 'a', y: 4 }], { constructs: [construct('c', ['y'])] });
    expect(() => fitSurveyModel({ outcome: outcomeVariable(S2, 'y', false)!, predictors: [resolveVariable('k', { survey: S2, use: 'predictor' })!], rows: [0, 1, 2], logistic: false })).toThrow(/only one value/);
    expect(outcomeVariable(S2, 'nope', false)).toBeUndefined();
  });
});
