import { describe, expect, it } from 'vitest';
import { quantileSorted } from './quantile.js';

describe('quantileSorted (R type 7)', () => {
  it('matches R quantile(1:10): 1, 3.25, 5.5, 7.75, 10', () => {
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantileSorted(x, p))).toEqual([1, 3.25, 5.5, 7.75, 10]);
  });
  it('interpolates between order statistics and handles one value and none', () => {
    // h = 4·0.3 = 1.2 → 3 + 0.2·(4 − 3)
    expect(quantileSorted([1, 3, 4, 7, 12], 0.3)).toBeCloseTo(3.2, 12);
    expect(quantileSorted(Float64Array.of(7), 0.9)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
