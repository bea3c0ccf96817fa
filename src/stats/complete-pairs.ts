import { StatsInputError, type Alternative } from './types.js';

/**
 * The complete pairs of two variables for a correlation test (as R's cor.test, which drops a pair
 * when either value is missing): null, undefined and NaN are missing; ±Infinity, unequal lengths,
 * fewer than 3 complete pairs or an unknown `alternative` are errors naming the `test`.
 */
export function completePairs(
  x: readonly (number | null | undefined)[],
  y: readonly (number | null | undefined)[],
  test: string,
  alternative: Alternative,
): { xs: number[]; ys: number[] } {
  if (!['two-sided', 'less', 'greater'].includes(alternative)) {
    throw new StatsInputError(`alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  if (x.length !== y.length) throw new StatsInputError(`x and y must have the same length (got ${x.length} and ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b)) continue;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatsInputError('x and y must not hold infinite values');
    xs.push(a);
    ys.push(b);
  }
  if (xs.length < 3) throw new StatsInputError(`${test} needs at least 3 complete pairs, got ${xs.length}`);
  return { xs, ys };
}
