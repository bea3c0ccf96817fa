import { StatsInputError } from './types.js';

/** Result of {@link percentAgreement}. */
export interface PercentAgreementResult {
  /** Share of complete pairs on which both raters gave the same category, in [0, 1]. */
  agreement: number;
  /** Number of complete pairs (both ratings present). */
  n: number;
  /** Number of pairs dropped because one or both ratings were missing. */
  dropped: number;
}

/** A rating is missing when it is null, undefined or NaN. */
const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * Raw (percent) agreement between two raters on categorical ratings:
 *
 *   P_o = (1/n) · Σ_i [a_i = b_i]
 *
 * over the n units rated by both raters (Fleiss, Levin & Paik 2003, *Statistical Methods for Rates
 * and Proportions*, §18.1; R `irr::agree(tolerance = 0)`, which reports it ×100). Pairs with a
 * missing rating (null, undefined, NaN) are dropped and counted in `dropped`. Categories are
 * compared with `===`, so the number 1 and the string "1" differ.
 *
 * @throws StatsInputError when the arrays differ in length or no complete pair remains.
 */
export function percentAgreement(
  a: readonly (string | number | null)[],
  b: readonly (string | number | null)[],
): PercentAgreementResult {
  if (a.length !== b.length) {
    throw new StatsInputError(`the two raters must rate the same units: got ${a.length} and ${b.length} ratings`);
  }
  let n = 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    if (isMissing(a[i]) || isMissing(b[i])) continue;
    n++;
    if (a[i] === b[i]) same++;
  }
  if (n === 0) {
    throw new StatsInputError('percent agreement needs at least one unit rated by both raters; every pair has a missing rating');
  }
  return { agreement: same / n, n, dropped: a.length - n };
}
