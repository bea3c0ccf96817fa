import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './p-adjust-bh.js';
import { StatsInputError } from './types.js';

const close = (got: (number | null)[], want: (number | null)[]): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i];
    if (w === null) expect(g).toBeNull();
    else expect(Math.abs((g as number) - w)).toBeLessThan(1e-14);
  });
};

describe('benjaminiHochberg', () => {
  it('hand-computed example, input order kept', () => {
    // p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005, 0.01, 0.03, 0.04 with ranks 1..4
    // (m/rank)·p: 0.02, 0.02, 0.04, 0.04; running min from the top: 0.02, 0.02, 0.04, 0.04
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    close(r.adjusted, [0.02, 0.04, 0.04, 0.02]);
    expect(r.m).toBe(4);
    expect(r.method).toBe('Benjamini-Hochberg (1995) step-up (false discovery rate)');
  });

  it('evenly spaced p-values all adjust to the largest', () => {
    // (5/i)·(0.01·i) = 0.05 for every rank i
    close(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]).adjusted, [0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('the running minimum pulls a value down', () => {
    // sorted 0.04, 0.045: ranks → 0.04·2 = 0.08, 0.045·2/2 = 0.045 → min → 0.045, 0.045
    close(benjaminiHochberg([0.045, 0.04]).adjusted, [0.045, 0.045]);
  });

  it('caps at 1 and keeps ties equal', () => {
    // 0.9·2 = 1.8 and 0.95·1 = 0.95 → min → 0.95, 0.95
    close(benjaminiHochberg([0.9, 0.95]).adjusted, [0.95, 0.95]);
    close(benjaminiHochberg([0.02, 0.02]).adjusted, [0.02, 0.02]);
    // 0.6 (rank 1: 0.6·2 = 1.2) and 0.7 (rank 2: 0.7) → running min 0.7, 0.7
    close(benjaminiHochberg([0.6, 0.7]).adjusted, [0.7, 0.7]);
  });

  it('missing values stay missing and do not count towards m', () => {
    // m = 2: 0.01·2 = 0.02, 0.04·1 = 0.04
    const r = benjaminiHochberg([null, 0.04, 0.01]);
    close(r.adjusted, [null, 0.04, 0.02]);
    expect(r.m).toBe(2);
  });

  it('is monotone, at least the raw value and at most min(1, m·p)', () => {
    const ps = [0.2, 0.001, 0.04, 0.5, 0.012, 0.03, 0.9, 0.0004];
    const adj = benjaminiHochberg(ps).adjusted;
    for (let i = 0; i < ps.length; i++) {
      expect(adj[i]).toBeGreaterThanOrEqual(ps[i]);
      expect(adj[i]).toBeLessThanOrEqual(Math.min(1, ps.length * ps[i]) + 1e-15);
      for (let j = 0; j < ps.length; j++) if (ps[i] <= ps[j]) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
    }
  });

  it('throws StatsInputError on empty, all-missing or out-of-range input', () => {
    expect(() => benjaminiHochberg([])).toThrow(StatsInputError);
    expect(() => benjaminiHochberg([null])).toThrow(StatsInputError);
    expect(() => benjaminiHochberg([0.5, 2])).toThrow(StatsInputError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(StatsInputError);
  });
});
