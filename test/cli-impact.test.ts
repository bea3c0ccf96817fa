/**
 * Acceptance of issue 7 on examples/mentes-pioniersfase: `hefboom impact` and `hefboom survey model`
 * report every count the Mentes evaluation published (seed 004, deelrapport 7), each with its
 * numerator, denominator and a 95 % interval, read from hefboom's own JSON output.
 */
import { describe, expect, it } from 'vitest';
import { hefboom, json } from './run-cli.js';

const P = ['-p', 'examples/mentes-pioniersfase'];

interface Share { count: number; n: number; p: number; ci: [number, number]; method: string }
interface Indicator { item: string; measure: string; option?: string; share?: Share }

/** Wilson score interval computed here, independently of src/ (z = Φ⁻¹(0.975)). */
function wilson(x: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = x / n;
  const c = (2 * n * p + z * z) / (2 * (n + z * z));
  const h = (z * Math.sqrt(z * z + 4 * n * p * (1 - p))) / (2 * (n + z * z));
  return [c - h, c + h];
}

function expectShare(s: Share | undefined, count: number, n: number) {
  expect(s, `share ${count}/${n}`).toBeDefined();
  expect([s!.count, s!.n]).toEqual([count, n]);
  expect(s!.p).toBeCloseTo(count / n, 12);
  const [lo, hi] = wilson(count, n);
  expect(s!.ci[0]).toBeCloseTo(lo, 9);
  expect(s!.ci[1]).toBeCloseTo(hi, 9);
}

describe('hefboom impact on the Mentes example (seed 004 figures)', () => {
  const r = hefboom(['impact', ...P, '--format', 'json']);
  const out = r.code === 0 ? json(r) : undefined;
  const find = (list: Indicator[], item: string, measure: string, option?: string) =>
    list.find((i) => i.item === item && i.measure === measure && (option === undefined || i.option === option))?.share;

  it('runs without flags: the window comes from the project (1 February – 15 May 2023)', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(out.window).toEqual({ from: '2023-02-01', to: '2023-05-15', by: 'end' });
  });

  it('accounts for response as published: 98 of 225 recipients, 51 of 83 trajectories, 9 unregistered', () => {
    const a = out.response;
    expect(a.trajectoriesInWindow).toBe(83);
    expect(a.trajectoriesRegistered).toBe(74);
    expect(a.trajectoriesUnregistered).toBe(9);
    expect(a.recipientsRegistered).toBe(225);
    expect(a.respondents).toBe(98);
    // The seed prints 43.5 %; 98/225 is 43.6 %.
    expectShare(a.responseRate, 98, 225);
    expect(Math.round(1000 * a.responseRate.p) / 10).toBe(43.6);
    expectShare(a.trajectoryCoverage, 51, 83);
    expect(Math.round(1000 * a.trajectoryCoverage.p) / 10).toBe(61.4);
    expect(a.respondentsInRegistered + a.respondentsInUnregistered).toBe(98);
    expect(out.uncounted).toEqual([]);
  });

  it('reports the staff headline figures: 78/98 effect, 86/98 satisfied, 43/55 would or would not change', () => {
    expectShare(find(out.headline, 'effect', 'top-box'), 78, 98);
    expectShare(find(out.headline, 'tevreden', 'top-box'), 86, 98);
    expectShare(find(out.headline, 'aanpassing', 'option', 'ja'), 43, 98);
    expectShare(find(out.headline, 'aanpassing', 'option', 'nee'), 55, 98);
    // "almost nine in ten" convinced the results will last
    const lasting = find(out.headline, 'duurzaam', 'top-box')!;
    expect(lasting.n).toBe(98);
    expect(lasting.p).toBeGreaterThan(0.85);
    expect(lasting.p).toBeLessThan(0.9);
  });

  it('reports respondents by self-reported type: 25/60/1/6 and 6 "weet niet", beside the CRM type', () => {
    const self = out.type.selfReported as { option: string; share: Share }[];
    expect(self.map((s) => s.share.count)).toEqual([25, 60, 1, 6, 6]);
    for (const s of self) expectShare(s.share, s.share.count, 98);
    expect(self[4].option).toBe('weet niet');
    expect(out.type.agreement.n).toBe(92);
    expect(out.type.agreement.kappa).toBeGreaterThan(0.6);
  });

  it('reports the coach survey: 45 of 46 coaches and every item with its own denominator', () => {
    const c = out.coach[0];
    expect([c.respondents, c.invited, c.invitedSource]).toEqual([45, 46, 'project']);
    expectShare(c.rate, 45, 46);
    const ind = c.indicators as Indicator[];
    expectShare(find(ind, 'resultaten', 'top-box'), 24, 43); // often to always
    expectShare(find(ind, 'resultaten', 'option', 'soms'), 19, 43);
    expectShare(find(ind, 'duurzaamheid', 'option', 'soms wel soms niet'), 26, 43);
    expectShare(find(ind, 'verdeling', 'option', 'ja'), 9, 45); // 80/20 split workable
    expectShare(find(ind, 'types', 'top-box'), 25, 45);
    expectShare(find(ind, 'plan', 'top-box'), 17, 45);
    expectShare(find(ind, 'uren', 'option', 'voldoende'), 13, 45);
    expectShare(find(ind, 'uren', 'option', 'onvoldoende'), 15, 45);
    expectShare(find(ind, 'uren', 'option', 'soms wel soms niet'), 17, 45);
  });

  it('breaks the headline down by CRM type and employer, and checks non-response on CRM characteristics', () => {
    expect(out.byType.map((g: { group: string }) => g.group)).toEqual(['type 1', 'type 2', 'type 3', 'type 4']);
    expect(out.byType.reduce((s: number, g: { respondents: number }) => s + g.respondents, 0)).toBe(98);
    expect(out.byEmployer).toHaveLength(5);
    const chars = out.nonResponse.map((x: { characteristic: string }) => x.characteristic);
    expect(chars).toEqual(expect.arrayContaining(['type', 'employer', 'hours', 'participants']));
    for (const x of out.nonResponse) if (x.p !== null) expect(x.pHolm).toBeGreaterThanOrEqual(x.p);
  });

  it('shows the response and the headline per period with --period', () => {
    const q = hefboom(['impact', ...P, '--period', 'quarter', '--section', 'periods', '--format', 'json']);
    expect(q.code, q.stderr).toBe(0);
    const periods = json(q).periods as { period: string; respondents: number; trajectoriesInWindow: number }[];
    expect(periods.map((p) => p.period)).toEqual(['2023-Q1', '2023-Q2']);
    expect(periods.reduce((s, p) => s + p.respondents, 0)).toBe(98);
    expect(periods.reduce((s, p) => s + p.trajectoriesInWindow, 0)).toBe(83);
  });

  it('rejects a malformed window with exit 2 and an example', () => {
    const bad = hefboom(['impact', ...P, '--window', '2023-02-01-2023-05-15']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window expects FROM\.\.TO/);
    expect(bad.stderr).toMatch(/e\.g\. --window 2023-02-01\.\.2023-05-15/);
  });
});

describe('hefboom survey model on the Mentes example (the seed\'s multivariable findings)', () => {
  const r = hefboom(['survey', 'model', ...P, '--outcome', 'impact', '--predictors', 'tijd_buiten,participants,motivatie_start', '--cluster', 'coach', '--format', 'json']);
  it('recovers the built-in effects with cluster-robust SEs by coach, and no coach-level variance', () => {
    expect(r.code, r.stderr).toBe(0);
    const m = json(r);
    const coef = (name: string) => m.coefficients.find((c: { name: string }) => c.name === name);
    // Time invested outside contact moments and the number of participants: positive, significant.
    expect(coef('tijd_buiten').estimate).toBeGreaterThan(0);
    expect(coef('tijd_buiten').p).toBeLessThan(0.01);
    expect(coef('participants').estimate).toBeGreaterThan(0);
    expect(coef('participants').p).toBeLessThan(0.01);
    // Motivation at the start: no clear relation.
    expect(coef('motivatie_start').p).toBeGreaterThan(0.2);
    expect(m.cluster.name).toBe('coach');
    expect(m.cluster.method).toMatch(/CR1/);
    // Coach ICC near 0, its interval including 0.
    expect(Math.abs(m.icc.icc)).toBeLessThan(0.1);
    expect(m.icc.ci[0]).toBeLessThan(0);
    expect(m.icc.ci[1]).toBeGreaterThan(0);
    expect(m.n).toBe(98);
  });
});
