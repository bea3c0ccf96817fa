import { describe, expect, it } from 'vitest';
import { icc } from './icc.js';
import { StatsInputError } from './types.js';

// Own copy of reference case icc-shrout-fleiss: Shrout & Fleiss (1979) Table 2, 6 targets × 4 judges.
const sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];

describe('icc', () => {
  it('icc-shrout-fleiss: Shrout & Fleiss (1979) Table 2 data; values as psych::ICC (tolerance 1e-6)', () => {
    const res = icc(sf);
    const by = Object.fromEntries(res.forms.map((f) => [f.form, f]));
    const expected: Record<string, number> = {
      ICC1: 0.1657418, ICC2: 0.2897638, ICC3: 0.7148407, ICC1k: 0.4427971, ICC2k: 0.6200505, ICC3k: 0.9093155,
    };
    for (const [form, want] of Object.entries(expected)) expect(Math.abs(by[form].value - want)).toBeLessThan(1e-6);
    for (const form of ['ICC1', 'ICC1k']) {
      expect(Math.abs(by[form].F - 1.794678)).toBeLessThan(1e-6);
      expect([by[form].df1, by[form].df2]).toEqual([5, 18]);
      expect(Math.abs(by[form].p - 0.1647688)).toBeLessThan(1e-6);
    }
    for (const form of ['ICC2', 'ICC3', 'ICC2k', 'ICC3k']) {
      expect(Math.abs(by[form].F - 11.027248)).toBeLessThan(1e-6);
      expect([by[form].df1, by[form].df2]).toEqual([5, 15]);
      expect(Math.abs(by[form].p - 0.0001345665)).toBeLessThan(1e-6);
    }
    expect(res.targets).toBe(6);
    expect(res.judges).toBe(4);
  });

  it('confidence bounds as printed by psych::ICC on the same data (dwoll/RExRepos interRaterICC.md)', () => {
    // psych prints lower bounds to 3 decimals and upper bounds to 2.
    const lower: Record<string, number> = { ICC1: -0.133, ICC2: 0.019, ICC3: 0.342, ICC1k: -0.884, ICC2k: 0.071, ICC3k: 0.676 };
    const upper: Record<string, number> = { ICC1: 0.72, ICC2: 0.76, ICC3: 0.95, ICC1k: 0.91, ICC2k: 0.93, ICC3k: 0.99 };
    for (const f of icc(sf).forms) {
      expect(Math.abs(f.ci.lower - lower[f.form])).toBeLessThanOrEqual(0.0005 + 1e-12);
      expect(Math.abs(f.ci.upper - upper[f.form])).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(f.ci.lower).toBeLessThan(f.value);
      expect(f.ci.upper).toBeGreaterThan(f.value);
      expect(f.ci.level).toBe(0.95);
    }
  });

  it('invariants: adding a constant per judge leaves ICC3 unchanged; wider level gives wider CI', () => {
    const shifted = sf.map((r) => r.map((v, j) => v + 10 * j));
    const a = icc(sf).forms.find((f) => f.form === 'ICC3')!;
    const b = icc(shifted).forms.find((f) => f.form === 'ICC3')!;
    expect(b.value).toBeCloseTo(a.value, 12);
    const c99 = icc(sf, { level: 0.99 }).forms;
    icc(sf).forms.forEach((f, i) => {
      expect(c99[i].ci.lower).toBeLessThan(f.ci.lower);
      expect(c99[i].ci.upper).toBeGreaterThan(f.ci.upper);
      expect(f.p).toBeGreaterThanOrEqual(0);
      expect(f.p).toBeLessThanOrEqual(1);
    });
  });

  it('degenerate input throws StatsInputError', () => {
    expect(() => icc([[1, 2]])).toThrow(StatsInputError);
    expect(() => icc([[1], [2]])).toThrow(StatsInputError);
    expect(() => icc([[1, 2], [3]])).toThrow(StatsInputError);
    expect(() => icc([[1, 2], [1, 2]])).toThrow(/same mean/);
    expect(() => icc([[1, 2], [2, 3], [5, 6]])).toThrow(/residual/);
    expect(() => icc([[1, NaN], [2, 3]])).toThrow(StatsInputError);
  });
});
