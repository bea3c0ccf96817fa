import { StatsInputError } from './types.js';

export interface HolmResult<T extends number | null = number> {
  /** Adjusted p-values in the same order as the input; null stays null (missing). */
  adjusted: T[];
  /** Number of non-missing p-values (the m of the correction). */
  m: number;
  /** "Holm (1979) step-down". */
  method: string;
}

/**
 * Holm's (1979) step-down adjustment of p-values for multiple comparisons (family-wise error rate),
 * as R `p.adjust(p, method = "holm")`.
 *
 * With the m non-missing p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *
 *     p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎)
 *
 * (the running maximum makes the adjusted values monotone in the raw ones). Results are returned in
 * the input order; null (missing) entries stay null and do not count towards m, like NA in R.
 *
 * Sources: S. Holm (1979), "A simple sequentially rejective multiple test procedure", Scandinavian
 * Journal of Statistics 6:65–70; R `stats::p.adjust`.
 *
 * @throws StatsInputError when there is no non-missing p-value or a value is not a number in [0, 1].
 */
export function holm<T extends number | null>(ps: readonly T[]): HolmResult<T> {
  const present: { p: number; index: number }[] = [];
  ps.forEach((p, index) => {
    if (p === null) return;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new StatsInputError(`Holm adjustment: p-value at position ${index + 1} is not a number between 0 and 1 (got ${String(p)}).`, 'Pass p-values in [0, 1]; use null for a missing one.');
    }
    present.push({ p, index });
  });
  const m = present.length;
  if (m === 0) {
    throw new StatsInputError('Holm adjustment: no p-values given (empty or all missing).', 'Pass at least one p-value.');
  }
  // Stable sort: tied p-values keep their input order, as R's order().
  present.sort((a, b) => a.p - b.p);
  const adjusted = ps.map(() => null) as (number | null)[];
  let runningMax = 0;
  present.forEach(({ p, index }, i) => {
    runningMax = Math.max(runningMax, (m - i) * p);
    adjusted[index] = Math.min(1, runningMax);
  });
  return { adjusted: adjusted as T[], m, method: 'Holm (1979) step-down' };
}
