import { StatsInputError } from './types.js';

/**
 * A small seeded pseudo-random generator (Mulberry32, a 32-bit state generator by Tommy Ettinger),
 * so that resampling procedures such as the bootstrap give the same answer for the same seed.
 *
 * State: one unsigned 32-bit integer s. Each call adds the Weyl constant 0x6D2B79F5 to s, mixes
 * the result with two xor-shift/multiply rounds and returns the 32-bit output divided by 2^32,
 * a number in [0, 1). Not cryptographic; period 2^32.
 *
 * @param seed any finite number; it is reduced to an unsigned 32-bit integer (`seed >>> 0`).
 * @returns a function that yields the next number in [0, 1) on every call.
 * @throws StatsInputError when the seed is not a finite number.
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new StatsInputError(`seed must be a finite number, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
