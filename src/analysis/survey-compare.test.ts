import { describe, expect, it } from 'vitest';
import { compareGroups } from './survey-compare.js';
import { groupRows } from './survey-describe.js';
import { mannWhitney } from '../stats/mann-whitney.js';
import { tTestTwoSample } from '../stats/t-test-two-sample.js';
import { holm } from '../stats/p-adjust-holm.js';
import { construct, item, survey } from './survey.test-helpers.js';
import { seededRandom } from '../stats/random.js';

const lik = item('lik', 'likert');
const num = item('num', 'number', { missing: [] });
const one = item('one', 'single', { labels: ['ja', 'nee'], missing: [] });
const many = item('many', 'multiple', { labels: ['x', 'y'] });
const txt = item('txt', 'text');
const rand = seededRandom(7);
const groupsOf = ['A', 'B', 'C'];
const rows = Array.from({ length: 90 }, (_, r) => {
  const g = groupsOf[r % 3];
  return {
    g, lik: 1 + Math.floor(rand() * 5), num: (g === 'A' ? 10 : 12) + rand() * 4,
    one: rand() < (g === 'A' ? 0.3 : 0.6) ? 'ja' : 'nee', many: rand() < 0.5 ? ['x'] : ['x', 'y'], txt: 'tekst',
  };
});
const S = survey([lik, num, one, many, txt], rows, { attributes: ['g'], constructs: [construct('score', ['lik', 'num'])] });
const all = S.respondents.map((_, r) => r);
const three = groupRows({ kind: 'categorical', name: 'g', source: 'attribute', values: S.attributes.g }, all);
const two = three.slice(0, 2);

describe('compareGroups picks the test for the item type', () => {
  it('two groups: Mann–Whitney for Likert, Welch t for numbers, χ² for single choice with large counts', () => {
    const r = compareGroups(S, [lik, num, one], [], two);
    const by = Object.fromEntries(r.comparisons.map((c) => [c.id, c]));
    expect(by.lik.test).toBe('mann-whitney');
    expect(by.lik.effect!.name).toBe('rank-biserial');
    const codes = (g: number) => two[g].rows.map((i) => S.columns.lik.type === 'likert' ? S.columns.lik.codes[i] : NaN);
    expect(by.lik.p).toBeCloseTo(mannWhitney(codes(0), codes(1)).p, 12);
    expect(by.num.test).toBe('welch-t');
    expect(by.num.effect!.name).toBe('hedges-g');
    const vals = (g: number) => two[g].rows.map((i) => S.columns.num.type === 'number' ? S.columns.num.values[i] : NaN);
    expect(by.num.p).toBeCloseTo(tTestTwoSample(vals(0), vals(1)).p, 12);
    expect(by.num.groups.map((g) => g.n)).toEqual([30, 30]);
    expect(by.one.test).toBe('chisq');
    expect(by.one.effect!.name).toBe('cramers-v');
  });
  it('three groups: Kruskal–Wallis (ε²) and Welch ANOVA (η²); constructs compared like numbers', () => {
    const r = compareGroups(S, [lik, num], ['score'], three);
    expect(r.comparisons.map((c) => c.test)).toEqual(['kruskal-wallis', 'welch-anova', 'welch-anova']);
    expect(r.comparisons[0].effect!.name).toBe('epsilon-squared');
    expect(r.comparisons[1].effect!.name).toBe('eta-squared');
    expect(r.comparisons[1].df2).toBeGreaterThan(0);
    expect(r.comparisons[2].type).toBe('construct');
  });
  it('Fisher when an expected count is small', () => {
    const small = [{ value: 'A', rows: [0, 3, 6, 9] }, { value: 'B', rows: [1, 4, 7, 10] }];
    const r = compareGroups(S, [one], [], small);
    expect(r.comparisons[0].test).toBe('fisher');
    expect(r.comparisons[0].statistic).toBeNull();
  });
  it('multiple choice: one test per option; text items are not tested', () => {
    const r = compareGroups(S, [many, txt], [], two);
    expect(r.comparisons.map((c) => c.option ?? null)).toEqual(['x', 'y', null]);
    // Everyone chose x: nothing to test for that option.
    expect(r.comparisons[0].skipped).toMatch(/same answer/);
    expect(r.comparisons[1].test).not.toBeNull();
    expect(r.comparisons[2].skipped).toMatch(/not tested/);
  });
  it('Holm-adjusts across every test that ran', () => {
    const r = compareGroups(S, [lik, num, one, many], ['score'], two);
    const ps = r.comparisons.map((c) => c.p);
    expect(r.tested).toBe(ps.filter((p) => p !== null).length);
    expect(r.comparisons.map((c) => c.pHolm)).toEqual(holm(ps).adjusted);
    expect(r.comparisons.some((c) => c.pHolm !== null && c.p !== null && c.pHolm > c.p)).toBe(true);
  });
  it('one group with answers: skipped with a reason', () => {
    const r = compareGroups(S, [lik], [], [two[0], { value: 'leeg', rows: [] }]);
    expect(r.comparisons[0].test).toBeNull();
    expect(r.comparisons[0].skipped).toMatch(/fewer than two groups/);
    expect(r.tested).toBe(0);
  });
});
