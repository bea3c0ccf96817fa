import { describe, expect, it } from 'vitest';
import { constructScores, describeConstruct, describeItem, groupRows, MISSING_GROUP, summarise } from './survey-describe.js';
import { cronbachAlpha } from '../stats/cronbach-alpha.js';
import { construct, item, survey } from './survey.test-helpers.js';

/** Wilson's interval written out (Wilson 1927), independent of src/stats. */
function wilsonByHand(x: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = x / n;
  const centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const half = (z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n);
  return [centre - half, centre + half];
}

const effect = item('effect', 'likert');
const kanalen = item('kanalen', 'multiple', { labels: ['vloer', 'overleg', 'telefoon'] });
const uren = item('uren', 'number', { missing: [] });
const type = item('type', 'single', { labels: ['type 1', 'type 2', 'weet niet'], missing: [] });
const opm = item('opm', 'text');
// 10 respondents: effect 5,5,4,4,4,3,2,weet niet,(empty),1 → valid 8, top-2 = 5.
const S = survey([effect, kanalen, uren, type, opm], [
  { effect: 5, kanalen: ['vloer'], uren: 3, type: 'type 2', opm: 'fijn' },
  { effect: 5, kanalen: ['vloer', 'overleg'], uren: 5, type: 'type 2', opm: '' },
  { effect: 4, kanalen: ['vloer'], uren: 1, type: 'type 1', opm: 'ok' },
  { effect: 4, kanalen: 'weet niet', uren: 8, type: 'weet niet' },
  { effect: 4, kanalen: ['telefoon'], uren: '', type: 'type 2' },
  { effect: 3, kanalen: '', uren: 2, type: 'type 2' },
  { effect: 2, kanalen: ['overleg', 'overleg'], uren: 4, type: 'type 1' },
  { effect: 'weet niet', kanalen: ['vloer'], uren: 6, type: '' },
  { effect: '', kanalen: ['vloer'], uren: 7, type: 'type 2' },
  { effect: 1, kanalen: ['overleg'], uren: 0, type: 'type 2' },
]);
const ALL = S.respondents.map((_, r) => r);

describe('describeItem', () => {
  it('likert: counts and % of valid n, missing by code, median, IQR, top-2 with Wilson', () => {
    const d = describeItem(S, effect, ALL);
    expect(d.respondents).toBe(10);
    expect(d.valid).toBe(8);
    expect(d.missing).toEqual({ total: 2, codes: [{ code: 'weet niet', count: 1 }, { code: '', count: 1 }] });
    expect(d.distribution.map((x) => x.count)).toEqual([1, 1, 1, 3, 2]);
    expect(d.distribution[3].p).toBeCloseTo(3 / 8, 12);
    expect(d.distribution[3].n).toBe(8);
    expect(d.median).toBe(4);
    expect(d.q1).toBeCloseTo(2.75, 12);
    expect(d.q3).toBeCloseTo(4.25, 12);
    expect(d.top!.count).toBe(5);
    expect(d.top!.labels).toEqual(['akkoord', 'helemaal akkoord']);
    const [lo, hi] = wilsonByHand(5, 8);
    expect(d.top!.ci![0]).toBeCloseTo(lo, 10);
    expect(d.top!.ci![1]).toBeCloseTo(hi, 10);
    // R: prop.test(5, 8, correct = FALSE)$conf.int → 0.3057 0.8632
    expect(d.top!.ci![0]).toBeCloseTo(0.3057, 3);
    expect(d.top!.ci![1]).toBeCloseTo(0.8632, 3);
  });
  it('single: a "weet niet" option that is a real answer is counted', () => {
    const d = describeItem(S, type, ALL);
    expect(d.valid).toBe(9);
    expect(d.distribution.map((x) => x.count)).toEqual([2, 6, 1]);
    expect(d.missing.total).toBe(1);
  });
  it('multiple: per option the share of respondents who answered, each respondent once', () => {
    const d = describeItem(S, kanalen, ALL);
    expect(d.valid).toBe(8);
    expect(d.distribution.map((x) => x.count)).toEqual([5, 3, 1]);
    expect(d.distribution[0].p).toBeCloseTo(5 / 8, 12);
    expect(d.missing.codes).toEqual([{ code: 'weet niet', count: 1 }, { code: '', count: 1 }]);
  });
  it('number: n, mean, sd, median, quartiles, min, max', () => {
    const d = describeItem(S, uren, ALL);
    expect(d.valid).toBe(9);
    const s = d.stats!;
    expect(s.mean).toBeCloseTo(36 / 9, 12);
    expect(s.sd).toBeCloseTo(Math.sqrt(60 / 8), 12);
    expect([s.median, s.q1, s.q3, s.min, s.max]).toEqual([4, 2, 6, 0, 8]);
  });
  it('text: answered count only', () => {
    expect(describeItem(S, opm, ALL).valid).toBe(2);
  });
  it('restricts to the rows given', () => {
    expect(describeItem(S, effect, [0, 1, 7]).distribution.map((x) => x.count)).toEqual([0, 0, 0, 0, 2]);
  });
});

describe('summarise', () => {
  it('leaves out missing values', () => {
    expect(summarise([NaN]).n).toBe(0);
    expect(summarise([1, 2, 4, 7, 11, NaN])).toMatchObject({ n: 5, median: 4, q1: 2 });
  });
});

describe('constructs', () => {
  const a = item('a', 'likert');
  const b = item('b', 'likert');
  const c = item('c', 'likert', { reverse: true });
  const data = [[1, 2, 3], [2, 3, 3], [3, 3, 4], [4, 5, 5], [5, 4, 5], [2, 2, 1]];
  // c is asked the other way round: its raw code is 6 − value.
  const rows = data.map(([x, y, z]) => ({ a: x, b: y, c: 6 - z }));
  rows.push({ a: 3, b: '', c: 2 }); // two of three items: scored only with minItems 2
  const S2 = survey([a, b, c], rows, { constructs: [construct('k', ['a', 'b', 'c'], 2)] });
  const all = S2.respondents.map((_, r) => r);

  it('scores as the mean of the answered items, reverse-keyed items as k + 1 − code', () => {
    const s = constructScores(S2, S2.definition.constructs[0]);
    expect(s[0]).toBeCloseTo(2, 12);
    expect(s[6]).toBeCloseTo(3.5, 12); // (3 + (6 − 2)) / 2
  });

  it("Cronbach's α on complete cases equals the textbook formula and src/stats", () => {
    const d = describeConstruct(S2, S2.definition.constructs[0], all);
    const k = 3;
    const variance = (xs: number[]) => { const m = xs.reduce((s, x) => s + x, 0) / xs.length; return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1); };
    const itemVars = [0, 1, 2].map((j) => variance(data.map((r) => r[j])));
    const totalVar = variance(data.map((r) => r[0] + r[1] + r[2]));
    const alpha = (k / (k - 1)) * (1 - itemVars.reduce((s, x) => s + x, 0) / totalVar);
    expect(d.alpha!.n).toBe(6);
    expect(d.alpha!.alpha).toBeCloseTo(alpha, 12);
    expect(d.alpha!.alpha).toBeCloseTo(cronbachAlpha(data, { missing: 'listwise' }).alpha, 12);
    expect(d.alpha!.ifDeleted.map((x) => x.item)).toEqual(['a', 'b', 'c']);
    expect(d.reversed).toEqual(['c']);
    expect(d.score.n).toBe(7);
    expect(d.unscored).toBe(0);
  });

  it('a single-item construct has no α and says why', () => {
    const S3 = survey([a], [{ a: 1 }, { a: 2 }], { constructs: [construct('solo', ['a'])] });
    const d = describeConstruct(S3, S3.definition.constructs[0], [0, 1]);
    expect(d.alpha).toBeNull();
    expect(d.alphaNote).toMatch(/one item/);
  });
});

describe('groupRows', () => {
  it('orders groups by level order and puts the missing group last', () => {
    const groups = groupRows({ kind: 'categorical', name: 'x', source: 'attribute', levels: ['lo', 'hi'], values: ['hi', null, 'lo', 'hi'] }, [0, 1, 2, 3]);
    expect(groups.map((g) => [g.value, g.rows])).toEqual([['lo', [2]], ['hi', [0, 3]], [MISSING_GROUP, [1]]]);
  });
  it('sorts free values naturally', () => {
    const groups = groupRows({ kind: 'categorical', name: 'x', source: 'attribute', values: ['type 10', 'type 2'] }, [0, 1]);
    expect(groups.map((g) => g.value)).toEqual(['type 2', 'type 10']);
  });
});
