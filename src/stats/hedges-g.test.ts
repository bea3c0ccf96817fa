import { describe, expect, it } from 'vitest';
import { hedgesG } from './hedges-g.js';
import { StatsInputError } from './types.js';

describe('hedgesG', () => {
  it('hand calculation: d = −3 (x = 1, 2, 3; y = 4, 5, 6), df = 4, J = 1 − 3/15 = 0.8, g = −2.4', () => {
    const r = hedgesG([1, 2, 3], [4, 5, 6]);
    expect(r.d).toBeCloseTo(-3, 14);
    expect(r.correction).toBeCloseTo(0.8, 14);
    expect(r.g).toBeCloseTo(-2.4, 14);
    expect(r.method).toMatch(/1 − 3/);
  });

  it('exact gamma correction, df = 4: J = Γ(2)/(√2·Γ(3/2)) = 1/(√2·√π/2) = √(2/π)', () => {
    const r = hedgesG([1, 2, 3], [4, 5, 6], { correction: 'exact' });
    expect(r.correction).toBeCloseTo(Math.sqrt(2 / Math.PI), 12);
    expect(r.g).toBeCloseTo(-3 * Math.sqrt(2 / Math.PI), 12);
    expect(r.method).toMatch(/gamma/);
  });

  it('exact gamma correction, df = 3: J = Γ(3/2)/(√(3/2)·Γ(1)) = (√π/2)/√1.5', () => {
    const r = hedgesG([1, 2, 3], [4, 6], { correction: 'exact' });
    expect(r.df).toBe(3);
    expect(r.correction).toBeCloseTo(Math.sqrt(Math.PI) / 2 / Math.sqrt(1.5), 12);
  });

  it('the approximation approaches the exact correction as df grows', () => {
    const x = Array.from({ length: 30 }, (_, i) => Math.sin(i) * 3);
    const y = Array.from({ length: 30 }, (_, i) => Math.cos(i) * 2 + 1);
    const approx = hedgesG(x, y).correction;
    const exact = hedgesG(x, y, { correction: 'exact' }).correction;
    expect(Math.abs(approx - exact)).toBeLessThan(1e-4);
    expect(approx).toBeLessThan(1);
  });

  it('throws StatsInputError on degenerate input', () => {
    expect(() => hedgesG([1], [2, 3])).toThrow(StatsInputError);
    expect(() => hedgesG([5, 5, 5], [5, 5])).toThrow(StatsInputError);
  });
});
