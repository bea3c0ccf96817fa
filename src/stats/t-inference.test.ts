import { describe, expect, it } from 'vitest';
import { tInference } from './t-inference.js';

describe('tInference', () => {
  it('matches R t.test(sleep extra ~ group) from its estimate, se and df', () => {
    // Welch on R's sleep data: estimate −1.58, se 0.8490905, df 17.77647 → t = −1.860813, p = 0.07939414,
    // CI −3.3654832 to 0.2054832 (R ?t.test output).
    const r = tInference(-1.58, 0.8490905, 17.77647, 0, 'two-sided', 0.95);
    expect(r.statistic).toBeCloseTo(-1.860813, 5);
    expect(r.p).toBeCloseTo(0.07939414, 6);
    expect(r.ci.lower).toBeCloseTo(-3.3654832, 5);
    expect(r.ci.upper).toBeCloseTo(0.2054832, 5);
  });
  it('one-sided p-values add up to 1 and their intervals are open on one side', () => {
    const less = tInference(1.2, 0.5, 10, 0, 'less', 0.95);
    const greater = tInference(1.2, 0.5, 10, 0, 'greater', 0.95);
    expect(less.p + greater.p).toBeCloseTo(1, 12);
    expect(less.ci.lower).toBe(-Infinity);
    expect(greater.ci.upper).toBe(Infinity);
  });
});
