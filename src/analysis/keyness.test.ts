import { describe, expect, it } from 'vitest';
import { keyness, keywordsByGroup, logLikelihood, logRatio } from './keyness.js';

describe('log-likelihood G²', () => {
  it('equals the value computed by hand for a = 10, b = 20, c = 1000, d = 4000', () => {
    // N = 5000; the word occurs 30 times, other words 4970 times. Expected counts (row × column / N):
    //   E(word, group) = 30·1000/5000 = 6      E(word, rest) = 30·4000/5000 = 24
    //   E(other, group) = 4970·1000/5000 = 994  E(other, rest) = 4970·4000/5000 = 3976
    // G² = 2 [10 ln(10/6) + 20 ln(20/24) + 990 ln(990/994) + 3980 ln(3980/3976)]
    //    = 2 [5.108256 − 3.646431 − 3.991951 + 4.002022] = 2.94379121431267 (40-digit decimal arithmetic)
    expect(logLikelihood(10, 20, 1000, 4000)).toBeCloseTo(2.943791214312671, 12);
    // Rayson & Garside's two-cell form, 2 [10 ln(10/6) + 20 ln(20/24)] = 2.92365, is close but not equal.
    expect(Math.abs(logLikelihood(10, 20, 1000, 4000) - 2.9236502035616286)).toBeGreaterThan(0.01);
  });
  it('handles a zero frequency on either side (0 · ln 0 = 0)', () => {
    expect(logLikelihood(0, 12, 500, 1500)).toBeCloseTo(6.928482334222860, 12);
    expect(logLikelihood(7, 0, 300, 700)).toBeCloseTo(16.97112326084214, 12);
  });
  it('is 0 when the relative frequencies are equal, and symmetric in the two corpora', () => {
    expect(logLikelihood(5, 10, 100, 200)).toBe(0);
    expect(logLikelihood(10, 20, 1000, 4000)).toBeCloseTo(logLikelihood(20, 10, 4000, 1000), 12);
  });
  it('refuses impossible counts', () => {
    expect(() => logLikelihood(11, 0, 10, 5)).toThrow(RangeError);
    expect(() => logLikelihood(1, 1, 10, 0)).toThrow(RangeError);
    expect(() => logLikelihood(-1, 1, 10, 10)).toThrow(RangeError);
  });
});

describe('keyness', () => {
  it('p is the χ²(1) upper tail; the sign says over- or under-use', () => {
    const k = keyness(10, 20, 1000, 4000);
    expect(k.use).toBe('over');
    expect(k.p).toBeCloseTo(0.0862081745122, 10); // χ²(1) upper tail = erfc(√(G²/2)), computed in Python
    expect(keyness(1, 40, 1000, 4000).use).toBe('under');
    expect(keyness(5, 10, 100, 200)).toMatchObject({ use: 'equal', g2: 0, p: 1, logRatio: 0 });
  });
  it('the 5 % critical value of χ²(1), 3.841459, gives p = .05', () => {
    // keyness() takes counts, so check the same distribution call at the textbook critical values.
    expect(keyness(30, 100, 1000, 10000).p).toBeLessThan(0.05);
    expect(keyness(30, 100, 1000, 10000).g2).toBeGreaterThan(3.841459);
    expect(keyness(12, 100, 1000, 10000).g2).toBeLessThan(3.841459);
    expect(keyness(12, 100, 1000, 10000).p).toBeGreaterThan(0.05);
  });
  it('log ratio: log₂ of the ratio of relative frequencies, zeros as 0.5', () => {
    expect(logRatio(10, 20, 1000, 4000)).toBeCloseTo(1, 12); // 1% against 0.5%
    expect(logRatio(10, 80, 1000, 4000)).toBeCloseTo(-1, 12);
    expect(logRatio(0, 8, 1000, 1000)).toBeCloseTo(Math.log2(0.5 / 8), 12);
    expect(Number.isFinite(logRatio(4, 0, 100, 100))).toBe(true);
  });
});

describe('keywordsByGroup', () => {
  const groups = [
    { id: 'cursist', tokens: 1000, counts: new Map([['stage', 30], ['kind', 10], ['opleiding', 1]]) },
    { id: 'mentor', tokens: 3000, counts: new Map([['stage', 10], ['kind', 30], ['opleiding', 20], ['zelden', 2]]) },
  ];
  it('tests every word at or above minCount, each group against the rest, strongest first', () => {
    const [cursist, mentor] = keywordsByGroup(groups, { minCount: 5, top: 0, direction: 'over' });
    expect(cursist.tested).toBe(3); // stage, kind, opleiding; zelden (2) is below minCount
    expect(cursist.restTokens).toBe(3000);
    expect(cursist.rows.map((r) => r.word)).toEqual(['stage']);
    expect(cursist.rows[0]).toMatchObject({ n: 30, nRest: 10, use: 'over' });
    expect(cursist.rows[0].g2).toBeCloseTo(logLikelihood(30, 10, 1000, 3000), 12);
    expect(mentor.rows.map((r) => r.word)).toEqual(['opleiding']);
  });
  it('direction under and both; top cuts per group', () => {
    const [cursist] = keywordsByGroup(groups, { minCount: 5, top: 0, direction: 'under' });
    expect(cursist.rows.map((r) => r.word)).toEqual(['opleiding']);
    const [both] = keywordsByGroup(groups, { minCount: 5, top: 2, direction: 'both' });
    expect(both.rows).toHaveLength(2);
    expect(both.rows[0].g2).toBeGreaterThanOrEqual(both.rows[1].g2);
  });
  it('Holm-adjusts p over the words tested in a group', () => {
    const [cursist] = keywordsByGroup(groups, { minCount: 5, top: 0, direction: 'both' });
    const ps = cursist.rows.map((r) => r.p).sort((a, b) => a - b);
    const smallest = cursist.rows.find((r) => r.p === ps[0])!;
    expect(smallest.pHolm).toBeCloseTo(Math.min(1, 3 * ps[0]), 12);
    for (const r of cursist.rows) expect(r.pHolm).toBeGreaterThanOrEqual(r.p);
  });
  it('one group alone has no rest to compare with: no rows', () => {
    const [only] = keywordsByGroup([groups[0]], { minCount: 1, top: 0, direction: 'both' });
    expect(only).toMatchObject({ restTokens: 0, tested: 0, rows: [] });
  });
});
