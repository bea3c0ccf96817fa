import { StatsInputError } from './types.js';

export interface BenjaminiHochbergResult<T extends number | null = number> {
  /** Adjusted p-values (q-values) in the same order as the input; null stays null (missing). */
  adjusted: T[];
  /** Number of non-missing p-values (the m of the correction). */
  m: number;
  /** "Benjamini-Hochberg (1995) step-up (false discovery rate)". */
  method: string;
}

/**
 * Benjamini–Hochberg (1995) step-up adjustment of p-values, controlling the false discovery rate, as
 * R `p.adjust(p, method = "BH")`.
 *
 * With the m non-missing p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎:
 *
 *     p̃₍ᵢ₎ = min(1, min_{j ≥ i} (m / j)·p₍ⱼ₎)
 *
 * (the running minimum from the largest p-value down makes the adjusted values monotone). Results are
 * returned in the input order; null (missing) entries stay null and do not count towards m, like NA
 * in R.
 *
 * Sources: Y. Benjamini & Y. Hochberg (1995), "Controlling the false discovery rate", Journal of the
 * Royal Statistical Society B 57:289–300; R `stats::p.adjust`.
 *
 * @throws StatsInputError when there is no non-missing p-value or a value is not a number in [0, 1].
 */
export function benjaminiHochberg<T extends number | null>(ps: readonly T[]): BenjaminiHochbergResult<T> {
  const present: { p: number; index: number }[] = [];
  ps.forEach((p, index) => {
    if (p === null) return;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new StatsInputError(`Benjamini-Hochberg adjustment: p-value at position ${index + 1} is not a number between 0 and 1 (got ${String(p)}).`, 'Pass p-values in [0, 1]; use null for a missing one.');
    }
    present.push({ p, index });
  });
  const m = present.length;
  if (m === 0) {
    throw new StatsInputError('Benjamini-Hochberg adjustment: no p-values given (empty or all missing).', 'Pass at least one p-value.');
  }
  present.sort((a, b) => a.p - b.p);
  const adjusted = ps.map(() => null) as (number | null)[];
  let runningMin = Infinity;
  for (let i = m - 1; i >= 0; i--) {
    const { p, index } = present[i];
    runningMin = Math.min(runningMin, (m / (i + 1)) * p);
    adjusted[index] = Math.min(1, runningMin);
  }
  return { adjusted: adjusted as T[], m, method: 'Benjamini-Hochberg (1995) step-up (false discovery rate)' };
}
