import { describe, expect, it } from 'vitest';
import { midRanks, presentValues } from './mid-ranks.js';
import { StatsInputError } from './types.js';

describe('midRanks', () => {
  it('gives tied values the mean of their ranks, as R rank(ties = "average")', () => {
    // rank(c(10, 20, 20, 5, 20)) = 2, 4, 4, 1, 4
    expect(midRanks([10, 20, 20, 5, 20])).toEqual({ ranks: [2, 4, 4, 1, 4], tieSizes: [3] });
    expect(midRanks([3, 1, 2])).toEqual({ ranks: [3, 1, 2], tieSizes: [] });
  });
});

describe('presentValues', () => {
  it('drops null and NaN, refuses infinity', () => {
    expect(presentValues([1, null, NaN, 2], 'x')).toEqual([1, 2]);
    expect(() => presentValues([1, Infinity], 'x')).toThrow(StatsInputError);
  });
});
