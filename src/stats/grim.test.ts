import { describe, expect, it } from 'vitest';
import { grim } from './grim.js';
import { StatsInputError } from './types.js';

describe('grim: percentages', () => {
  it('n = 45: 37 % is not achievable, 38 % is', () => {
    // 16/45 = 35.56 % → 36, 17/45 = 37.78 % → 38: no count rounds to 37.
    const r = grim({ n: 45, percent: 37 });
    expect(r.consistent).toBe(false);
    expect(r.candidates).toEqual([]);
    // |37.78 − 37| = 0.78 < |35.56 − 37| = 1.44
    expect(r.nearest.count).toBe(17);
    expect(r.nearest.value).toBeCloseTo(100 * 17 / 45, 12);
    expect(r.informative).toBe(true);
    expect(r.kind).toBe('percent');
    const ok = grim({ n: 45, percent: 38 });
    expect(ok.consistent).toBe(true);
    expect(ok.candidates).toEqual([17]);
  });

  it('exact halves follow the rounding rule (n = 8: 5/8 = 62.5 %, 1/8 = 12.5 %)', () => {
    // 62.5 → 63 half-up, → 62 half-even (62 is even)
    expect(grim({ n: 8, percent: 62 }).consistent).toBe(false);
    expect(grim({ n: 8, percent: 62, rounding: 'half-even' }).candidates).toEqual([5]);
    expect(grim({ n: 8, percent: 62, rounding: 'either' }).consistent).toBe(true);
    expect(grim({ n: 8, percent: 63 }).candidates).toEqual([5]);
    // 12.5 → 13 half-up, → 12 half-even
    expect(grim({ n: 8, percent: 13 }).candidates).toEqual([1]);
    expect(grim({ n: 8, percent: 13, rounding: 'half-even' }).consistent).toBe(false);
    // at one decimal 37.5 % is exact: 3/8
    expect(grim({ n: 8, percent: 37.5, decimals: 1 }).candidates).toEqual([3]);
  });

  it('halves that binary floating point cannot hold are rounded exactly (1/80 = 1.25 %)', () => {
    expect(grim({ n: 80, percent: 1.3, decimals: 1 }).candidates).toEqual([1]);
    expect(grim({ n: 80, percent: 1.2, decimals: 1, rounding: 'half-even' }).candidates).toEqual([1]);
  });

  it('several counts can round to the same percentage', () => {
    // n = 250: 100k/250 = 0.4k; 0.4·62 = 24.8, 0.4·63 = 25.2 → both 25; 0.4·61 = 24.4 → 24; 0.4·64 = 25.6 → 26
    expect(grim({ n: 250, percent: 25 }).candidates).toEqual([62, 63]);
  });

  it('0 % and 100 % are always achievable; large n is uninformative and everything is consistent', () => {
    expect(grim({ n: 7, percent: 0 }).candidates).toEqual([0]);
    expect(grim({ n: 7, percent: 100 }).candidates).toEqual([7]);
    for (let pct = 0; pct <= 100; pct++) expect(grim({ n: 100, percent: pct }).consistent).toBe(true);
    expect(grim({ n: 100, percent: 50 }).informative).toBe(false);
    expect(grim({ n: 99, percent: 50 }).informative).toBe(true);
  });
});

describe('grim: means', () => {
  it('N = 28: a mean of 5.19 is impossible, 5.18 is possible', () => {
    // 5.19·28 = 145.32; 145/28 = 5.1786 → 5.18, 146/28 = 5.2143 → 5.21.
    const r = grim({ n: 28, mean: 5.19, decimals: 2 });
    expect(r.consistent).toBe(false);
    expect(r.nearest.count).toBe(145);
    expect(r.kind).toBe('mean');
    expect(grim({ n: 28, mean: 5.18, decimals: 2 }).candidates).toEqual([145]);
  });

  it('multi-item scales use n·items as the denominator', () => {
    // n = 10, 3 items → N = 30: 73/30 = 2.4333 → 2.43, 74/30 = 2.4667 → 2.47
    expect(grim({ n: 10, items: 3, mean: 2.45, decimals: 2 }).consistent).toBe(false);
    expect(grim({ n: 10, items: 3, mean: 2.47, decimals: 2 }).candidates).toEqual([74]);
  });

  it('negative means: half-up rounds away from zero', () => {
    // −5/4 = −1.25 → −1.3 half-up (away from zero), → −1.2 half-even; −4/4 = −1.0, −6/4 = −1.5
    expect(grim({ n: 4, mean: -1.3, decimals: 1 }).candidates).toEqual([-5]);
    expect(grim({ n: 4, mean: -1.3, decimals: 1, rounding: 'half-even' }).consistent).toBe(false);
    expect(grim({ n: 4, mean: -1.2, decimals: 1, rounding: 'half-even' }).candidates).toEqual([-5]);
  });

  it('coarse reporting gives several totals; N ≥ 10^decimals is uninformative', () => {
    // N = 5, 0 decimals: T/5 = 1.6, 1.8, 2.0, 2.2, 2.4 (T = 8…12) all round to 2; 7/5 = 1.4 → 1 and 13/5 = 2.6 → 3
    expect(grim({ n: 5, mean: 2 }).candidates).toEqual([8, 9, 10, 11, 12]);
    expect(grim({ n: 150, mean: 3.14, decimals: 2 }).informative).toBe(false);
    expect(grim({ n: 150, mean: 3.14, decimals: 2 }).consistent).toBe(true);
    expect(grim({ n: 99, mean: 3.14, decimals: 2 }).informative).toBe(true);
  });

  it('every candidate rounds back to the reported value', () => {
    const r = grim({ n: 13, items: 2, mean: 3.5, decimals: 1, rounding: 'either' });
    expect(r.consistent).toBe(true);
    for (const t of r.candidates) expect(Math.abs(t / 26 - 3.5)).toBeLessThanOrEqual(0.05 + 1e-12);
  });
});

describe('grim: degenerate input', () => {
  it('throws StatsInputError', () => {
    expect(() => grim({ n: 10 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, percent: 50, mean: 2 })).toThrow(StatsInputError);
    expect(() => grim({ n: 0, percent: 50 })).toThrow(StatsInputError);
    expect(() => grim({ n: 2.5, percent: 50 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, percent: 101 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, percent: -1 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, mean: 5.191, decimals: 2 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, mean: 2, items: 0 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, mean: 2, decimals: -1 })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, mean: Number.NaN })).toThrow(StatsInputError);
    expect(() => grim({ n: 10, mean: 2, rounding: 'down' as never })).toThrow(StatsInputError);
  });
});
