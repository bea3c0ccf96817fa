import { describe, expect, it } from 'vitest';
import { crosstab, presenceTable, testPresence, type CrosstabOptions } from './crosstab.js';
import { emptyPartial, finishTally, mergePartial, tallyDocument, type TallyResult, type TallySpec, type TallyUnit } from './tally.js';
import { doc, testIndex, type Para } from './fixtures.test-helpers.js';
import { holm } from '../stats/p-adjust-holm.js';
import { fisherExactRxC } from '../stats/fisher-exact-rxc.js';
import type { Document } from '../model/types.js';

const index = testIndex();
const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((id) => ({ id, label: id }));
const AUTO: CrosstabOptions = { test: 'auto', minExpected: 5, samples: 2000, seed: 1 };

function tallyOf(docs: Document[], across: string, unit: TallyUnit = 'excerpts'): TallyResult {
  const spec: TallySpec = { by: { kind: 'framework', framework: 'levers' }, across, unit, selection: {} };
  const p = docs.map((d) => tallyDocument(d, spec, index)).reduce((a, b) => mergePartial(a, b), emptyPartial(unit));
  return finishTally(p, spec, { fixedRows: LEVERS, minVoice: 0 });
}

/** `n` paragraphs by one role with the same codes. */
const many = (n: number, label: string, role: string, codes: string[]): Para[] => Array.from({ length: n }, () => [label, role, undefined, codes] as Para);

// Mentors talk about feedback (L3) far more than cursisten; L6 is spread evenly; nobody mentions L2.
const big = [
  doc('ko1', { site: 'KO1' }, [...many(30, 'Mentor', 'mentor', ['feedback']), ...many(20, 'Mentor', 'mentor', ['voordoen']), ...many(10, 'Mentor', 'mentor', [])]),
  doc('ko2', { site: 'KO2' }, [...many(8, 'Cursist', 'cursist', ['feedback']), ...many(20, 'Cursist', 'cursist', ['voordoen']), ...many(32, 'Cursist', 'cursist', [])]),
];

describe('presence tables', () => {
  it('puts units with the row on top and the rest of each column below', () => {
    expect(presenceTable({ a: 3, b: 0 }, [{ id: 'a', label: 'a', units: 10 }, { id: 'b', label: 'b', units: 4 }])).toEqual([[3, 0], [7, 4]]);
  });
});

describe('crosstab on a tally', () => {
  const t = tallyOf(big, 'role');
  const r = crosstab(t, AUTO);
  const row = (id: string) => r.rows.find((x) => x.id === id)!;
  const test = (id: string) => r.tests.find((x) => x.row === id)!;

  it('keeps tally\'s counts and denominators', () => {
    expect(r.total).toBe(120);
    expect(r.columns.map((c) => [c.id, c.units])).toEqual([['cursist', 60], ['mentor', 60]]); // natural order without colOrder
    expect(row('L3').cells).toEqual({ mentor: 30, cursist: 8 });
    expect(row('L3').n).toBe(38);
    expect(r.uncoded!.cells).toEqual({ mentor: 10, cursist: 32 });
  });

  it('row percentages divide by the row n and add up to 100; column percentages divide by the column units', () => {
    expect(row('L3').rowPercents).toEqual({ mentor: 78.9, cursist: 21.1 });
    expect(row('L3').colPercents).toEqual({ mentor: 50, cursist: 13.3 });
    for (const x of r.rows.filter((y) => y.n > 0)) {
      const sum = Object.values(x.rowPercents).reduce((a: number, b) => a + (b ?? 0), 0);
      expect(Math.abs(sum - 100)).toBeLessThanOrEqual(0.05 * r.columns.length);
    }
    expect(row('L2').rowPercents).toEqual({ mentor: null, cursist: null }); // no units: no denominator
    expect(r.columnShares).toEqual({ mentor: 50, cursist: 50 });
  });

  it('single-coded units: rows plus (uncoded) add up to 100 per column', () => {
    for (const c of r.columns) {
      const sum = r.rows.reduce((a, x) => a + (x.colPercents[c.id] ?? 0), 0) + (r.uncoded!.colPercents[c.id] ?? 0);
      expect(Math.abs(sum - 100)).toBeLessThanOrEqual(0.05 * (r.rows.length + 1)); // up to rounding to 0.1
    }
    expect(r.multi).toBe(false);
  });

  it('uses χ² when every expected count is at least 5, and computes it by hand', () => {
    const x = test('L3');
    expect(x.test).toBe('chisq');
    // 2×2: [[30, 8], [30, 52]], E = [[19, 19], [41, 41]]
    const expected = (11 * 11) / 19 * 2 + (11 * 11) / 41 * 2;
    expect(x.statistic).toBeCloseTo(expected, 10);
    expect(x.df).toBe(1);
    expect(x.cramersV).toBeCloseTo(Math.sqrt(expected / 120), 10);
    // adjusted residual (O − E)/√(E (1 − r/n)(1 − c/n))
    const adj = 11 / Math.sqrt(19 * (1 - 38 / 120) * (1 - 60 / 120));
    expect(x.residuals!.mentor).toBeCloseTo(adj, 10);
    expect(x.residuals!.cursist).toBeCloseTo(-adj, 10);
    // equal in size in a 2×2: the first column wins, with its sign
    expect(x.maxResidual).toEqual({ column: 'cursist', value: x.residuals!.cursist });
    expect(x.p).toBeLessThan(1e-4);
  });

  it('does not test a row nobody mentions, nor a row every unit has', () => {
    expect(test('L2')).toMatchObject({ test: null, p: null, pHolm: null, untested: 'never-present' });
    const all = crosstab(tallyOf([doc('a', {}, [['Mentor', 'mentor', undefined, ['voordoen']], ['Cursist', 'cursist', undefined, ['voordoen']], ['Cursist', 'cursist', undefined, ['voordoen', 'feedback']]])], 'role'), AUTO);
    expect(all.tests.find((x) => x.row === 'L6')).toMatchObject({ test: null, untested: 'always-present' });
  });

  it('Holm-adjusts across the tested rows only', () => {
    const ps = r.tests.map((x) => x.p);
    expect(r.tested).toBe(ps.filter((p) => p !== null).length);
    expect(r.tests.map((x) => x.pHolm)).toEqual(holm(ps).adjusted);
    expect(r.tested).toBe(2); // L3 and L6; L1, L2, L4, L5, L7 never present
  });
});

describe('Fisher when expected counts are small', () => {
  const small = [doc('s', {}, [
    ['Mentor', 'mentor', undefined, ['feedback']], ['Mentor', 'mentor', undefined, ['feedback']], ['Mentor', 'mentor', undefined, ['feedback']],
    ['Mentor', 'mentor', undefined, []], ['Cursist', 'cursist', undefined, []], ['Cursist', 'cursist', undefined, []],
    ['Cursist', 'cursist', undefined, ['feedback']], ['Cursist', 'cursist', undefined, []], ['Onderzoeker', 'onderzoeker', undefined, []],
  ])];
  const r = crosstab(tallyOf(small, 'role'), AUTO);
  const l3 = r.tests.find((x) => x.row === 'L3')!;

  it('switches to Fisher and says which variant ran', () => {
    expect(l3.test).toBe('fisher');
    expect(l3.method).toContain('exact (enumeration)');
    expect(l3.statistic).toBeNull();
    expect(l3.minExpected).toBeLessThan(5);
    expect(l3.p).toBeCloseTo(fisherExactRxC([[3, 1, 0], [1, 3, 1]]).p, 12);
  });

  it('a 2×2 Fisher p equals the hypergeometric sum counted by hand', () => {
    // [[3, 1], [1, 3]]: margins 4/4, 4/4; P(a) = C(4,a) C(4,4−a) / C(8,4); tables no more likely than a = 3
    const c = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (c(n - 1, k - 1) * n) / k);
    const pa = (a: number) => (c(4, a) * c(4, 4 - a)) / c(8, 4);
    const hand = [0, 1, 2, 3, 4].map(pa).filter((p) => p <= pa(3) * (1 + 1e-7)).reduce((a, b) => a + b, 0);
    const x = testPresence([[3, 1], [1, 3]], ['a', 'b'], AUTO);
    expect(x.test).toBe('fisher');
    expect(x.p).toBeCloseTo(hand, 12);
    expect(hand).toBeCloseTo(34 / 70, 12);
  });

  it('--test chisq keeps χ² even with small expected counts; --test fisher forces Fisher', () => {
    expect(testPresence([[3, 1], [1, 3]], ['a', 'b'], { ...AUTO, test: 'chisq' }).test).toBe('chisq');
    expect(testPresence([[30, 30], [30, 30]], ['a', 'b'], { ...AUTO, test: 'fisher' }).test).toBe('fisher');
    expect(testPresence([[30, 30], [30, 30]], ['a', 'b'], { ...AUTO, minExpected: 31 }).test).toBe('fisher');
  });

  it('falls back to seeded Monte Carlo beyond the enumeration budget, reproducibly', () => {
    const a = testPresence([[3, 1, 0], [1, 3, 1]], ['a', 'b', 'c'], { ...AUTO, maxWork: 0 });
    const b = testPresence([[3, 1, 0], [1, 3, 1]], ['a', 'b', 'c'], { ...AUTO, maxWork: 0 });
    expect(a.method).toContain('Monte Carlo (2000 samples, seed 1)');
    expect(a.p).toBe(b.p);
    expect(a.p).toBeGreaterThan(0);
  });
});

describe('when no test is possible', () => {
  it('one column value: table kept, tests skipped', () => {
    const r = crosstab(tallyOf([big[0]], 'site'), AUTO);
    expect(r.columns.map((c) => c.id)).toEqual(['KO1']);
    expect(r.testsSkipped).toBe('one-column');
    expect(r.tests).toEqual([]);
    expect(r.rows.find((x) => x.id === 'L3')!.cells).toEqual({ KO1: 30 });
  });

  it('documents across roles: a document sits in several columns, so no test', () => {
    const r = crosstab(tallyOf(big.concat(doc('mix', { site: 'KO3' }, [['Mentor', 'mentor', undefined, ['feedback']], ['Cursist', 'cursist', undefined, []]])), 'role', 'documents'), AUTO);
    expect(r.columnsOverlap).toBe(true);
    expect(r.testsSkipped).toBe('columns-overlap');
    expect(r.tests).toEqual([]);
  });

  it('documents across a document attribute are a partition and are tested', () => {
    const docs = ['KO1', 'KO1', 'KO2', 'KO2', 'KO2'].map((site, i) => doc(`d${i}`, { site }, [['Mentor', 'mentor', undefined, i % 2 ? ['feedback'] : []]]));
    const r = crosstab(tallyOf(docs, 'site', 'documents'), AUTO);
    expect(r.columnsOverlap).toBe(false);
    expect(r.testsSkipped).toBeNull();
    expect(r.tests.find((x) => x.row === 'L3')!.present).toBe(2);
  });
});
