import { mannWhitney } from './mann-whitney.js';
import { holm } from './p-adjust-holm.js';
import { tTestTwoSample } from './t-test-two-sample.js';
import { StatsInputError } from './types.js';

export interface PairwiseTestsOptions {
  /** 'welch' (default): Welch two-sample t-tests; 'mannwhitney': Wilcoxon rank-sum tests (R defaults). */
  test?: 'welch' | 'mannwhitney';
  /** Group labels for `a` / `b` (default "1", "2", … in input order). */
  labels?: readonly string[];
}

export interface PairwiseComparison {
  /** Label of the first group of the pair (the earlier one in input order). */
  a: string;
  /** Label of the second group. */
  b: string;
  /** t (Welch) or W (Mann–Whitney) of a versus b. */
  statistic: number;
  /** Unadjusted two-sided p. */
  p: number;
  /** Holm-adjusted p over all k(k−1)/2 pairs. */
  pAdjusted: number;
  /** The method string of the underlying two-sample test. */
  method: string;
}

/**
 * All pairwise two-sided comparisons between k ≥ 2 groups, with Holm's (1979) step-down
 * adjustment over the k(k−1)/2 p-values (R `p.adjust(method = "holm")`). The tests are
 * `tTestTwoSample` (Welch, as R's `pairwise.t.test(pool.sd = FALSE)`) or `mannWhitney`
 * (method 'auto', continuity correction, as R's `pairwise.wilcox.test`). Pairs come in the order
 * (1,2), (1,3), …, (1,k), (2,3), …; each uses only its two groups.
 *
 * Throws StatsInputError with fewer than 2 groups, labels of the wrong length, or when a pair
 * cannot be tested (the underlying test's error, prefixed with the pair).
 */
export function pairwiseTests(
  groups: readonly (readonly (number | null)[])[],
  options: PairwiseTestsOptions = {},
): PairwiseComparison[] {
  const test = options.test ?? 'welch';
  const k = groups.length;
  if (k < 2) throw new StatsInputError(`pairwise comparisons need at least 2 groups (got ${k})`);
  const labels = options.labels ?? groups.map((_, i) => String(i + 1));
  if (labels.length !== k) throw new StatsInputError(`got ${labels.length} labels for ${k} groups`);
  const raw: Omit<PairwiseComparison, 'pAdjusted'>[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      try {
        const r = test === 'welch' ? tTestTwoSample(groups[i], groups[j]) : mannWhitney(groups[i], groups[j]);
        raw.push({ a: labels[i], b: labels[j], statistic: r.statistic, p: r.p, method: r.method });
      } catch (error) {
        if (error instanceof StatsInputError) {
          throw new StatsInputError(`groups ${labels[i]} and ${labels[j]}: ${error.message}`, error.hint);
        }
        throw error;
      }
    }
  }
  const { adjusted } = holm(raw.map((r) => r.p));
  return raw.map((r, index) => ({ ...r, pAdjusted: adjusted[index] }));
}
