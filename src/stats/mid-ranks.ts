import { StatsInputError } from './types.js';

/**
 * Mid-ranks: rank 1 for the smallest value, tied values sharing the mean of the ranks they occupy
 * (the "average" ties method of R's rank()), plus the sizes of the tied groups (size ≥ 2), which the
 * tie corrections of the rank tests need (Hollander & Wolfe, Nonparametric Statistical Methods).
 */
export function midRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * The values of a sample that are present: null and NaN are missing and left out; ±Infinity is an
 * error (`what` names the sample in the message).
 */
export function presentValues(values: readonly (number | null)[], what: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new StatsInputError(`${what} contains an infinite value`);
    out.push(v);
  }
  return out;
}
