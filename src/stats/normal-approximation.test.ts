import { describe, expect, it } from 'vitest';
import { normalApproximation } from './normal-approximation.js';

describe('normalApproximation', () => {
  it('applies the continuity correction towards the mean', () => {
    // centred 2.5, σ 1: two-sided z = (2.5 − 0.5)/1 = 2, p = 2·P(Z ≥ 2) = 0.04550026 (R: 2*pnorm(-2))
    const r = normalApproximation(2.5, 1, 'two-sided', true);
    expect(r.z).toBe(2);
    expect(r.p).toBeCloseTo(0.04550026, 8);
    expect(normalApproximation(2.5, 1, 'two-sided', false).z).toBe(2.5);
    expect(normalApproximation(2.5, 1, 'less', true).z).toBe(3);
  });
  it('one-sided p-values without correction add up to 1', () => {
    const a = normalApproximation(0.7, 2, 'less', false).p;
    const b = normalApproximation(0.7, 2, 'greater', false).p;
    expect(a + b).toBeCloseTo(1, 12);
  });
});
