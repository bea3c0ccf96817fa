import { describe as suite, expect, it } from 'vitest';
import { describe } from './describe.js';

suite('describe', () => {
  it('gives what R summary() and sd() give for 1:10', () => {
    // R: summary(1:10) → Min 1, 1st Qu. 3.25, Median 5.5, Mean 5.5, 3rd Qu. 7.75, Max 10; sd(1:10) = 3.02765
    const d = describe(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(d).toMatchObject({ n: 10, missing: 0, mean: 5.5, median: 5.5, q1: 3.25, q3: 7.75, min: 1, max: 10 });
    expect(d.sd).toBeCloseTo(3.02765, 5);
  });
  it('leaves out and counts missing values; sd needs two values', () => {
    expect(describe([NaN, 4, Infinity])).toMatchObject({ n: 1, missing: 2, mean: 4, sd: null, median: 4 });
    expect(describe([])).toMatchObject({ n: 0, mean: null, median: null });
  });
});
