import { describe, expect, it } from 'vitest';
import { holm } from './p-adjust-holm.js';
import { StatsInputError } from './types.js';

const close = (got: (number | null)[], want: (number | null)[]): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i];
    if (w === null) expect(g).toBeNull();
    else expect(Math.abs((g as number) - w)).toBeLessThan(1e-14);
  });
};

describe('holm', () => {
  it('hand-computed example, input order kept', () => {
    // p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005, 0.01, 0.03, 0.04
    // multipliers 4, 3, 2, 1 → 0.02, 0.03, 0.06, 0.04; running max → 0.02, 0.03, 0.06, 0.06
    const r = holm([0.01, 0.04, 0.03, 0.005]);
    close(r.adjusted, [0.03, 0.06, 0.06, 0.02]);
    expect(r.m).toBe(4);
    expect(r.method).toBe('Holm (1979) step-down');
  });

  it('caps at 1', () => {
    // sorted 0.6, 0.7 → 1.2, 0.7 → running max 1.2, 1.2 → capped 1, 1
    close(holm([0.7, 0.6]).adjusted, [1, 1]);
    // 0.3·2 = 0.6, 0.6·1 = 0.6
    close(holm([0.3, 0.6]).adjusted, [0.6, 0.6]);
  });

  it('ties get the same adjusted value', () => {
    // 0.02·2 = 0.04, then max(0.04, 0.02·1) = 0.04
    close(holm([0.02, 0.02]).adjusted, [0.04, 0.04]);
  });

  it('missing values stay missing and do not count towards m', () => {
    // m = 2: 0.01·2 = 0.02, 0.04·1 = 0.04
    const r = holm([0.01, null, 0.04]);
    close(r.adjusted, [0.02, null, 0.04]);
    expect(r.m).toBe(2);
  });

  it('a single p-value is unchanged', () => {
    close(holm([0.037]).adjusted, [0.037]);
  });

  it('is monotone in the raw p-values and never below them', () => {
    const ps = [0.2, 0.001, 0.04, 0.5, 0.012, 0.03, 0.9, 0.0004];
    const adj = holm(ps).adjusted;
    for (let i = 0; i < ps.length; i++) {
      expect(adj[i]).toBeGreaterThanOrEqual(ps[i]);
      expect(adj[i]).toBeLessThanOrEqual(1);
      for (let j = 0; j < ps.length; j++) if (ps[i] <= ps[j]) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
    }
  });

  it('throws StatsInputError on empty, all-missing or out-of-range input', () => {
    expect(() => holm([])).toThrow(StatsInputError);
    expect(() => holm([null, null])).toThrow(StatsInputError);
    expect(() => holm([0.5, 1.2])).toThrow(StatsInputError);
    expect(() => holm([-0.1])).toThrow(StatsInputError);
    expect(() => holm([Number.NaN])).toThrow(StatsInputError);
  });
});
