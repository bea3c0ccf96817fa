import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { StatsInputError } from './types.js';

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed and differs between seeds', () => {
    const a = seededRandom(12345);
    const b = seededRandom(12345);
    const c = seededRandom(12346);
    const seqA = Array.from({ length: 50 }, () => a());
    const seqB = Array.from({ length: 50 }, () => b());
    const seqC = Array.from({ length: 50 }, () => c());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('yields numbers in [0, 1) with a mean and spread close to the uniform distribution', () => {
    const next = seededRandom(1);
    const draws = Array.from({ length: 20000 }, () => next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
    // Uniform(0,1): mean ½ (SE 0.002 here), variance 1/12.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.005);
    // Ten equal bins each hold about a tenth.
    const bins = new Array<number>(10).fill(0);
    for (const x of draws) bins[Math.floor(x * 10)]++;
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('reduces the seed to 32 bits (seed and seed + 2^32 give the same sequence)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7 + 2 ** 32);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('throws StatsInputError for a seed that is not a finite number', () => {
    expect(() => seededRandom(Number.NaN)).toThrow(StatsInputError);
    expect(() => seededRandom(Number.POSITIVE_INFINITY)).toThrow(StatsInputError);
  });
});
