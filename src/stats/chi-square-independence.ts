import { chisqSf } from './distributions.js';
import { StatsInputError } from './types.js';

export interface ChiSquareIndependenceOptions {
  /** Yates' continuity correction; applied only to 2×2 tables (as R `chisq.test(correct = TRUE)`). Default false. */
  correction?: boolean;
}

export interface ChiSquareIndependenceResult {
  /** Pearson's X² (with Yates' correction when it was applied). */
  statistic: number;
  /** (r − 1)(c − 1). */
  df: number;
  /** Upper tail of χ²(df) at the statistic. */
  p: number;
  /** Expected counts under independence, E_ij = r_i c_j / n. */
  expected: number[][];
  /** Pearson residuals (O − E)/√E, as R `chisq.test()$residuals`. */
  residuals: number[][];
  /** Standardized (adjusted) residuals (O − E)/√(E (1 − r_i/n)(1 − c_j/n)), as R `chisq.test()$stdres`. */
  standardizedResiduals: number[][];
  /** Cramér's V = √(X² / (n (min(r, c) − 1))), always from the uncorrected X². */
  cramersV: number;
  /** Total count. */
  n: number;
  /** Cells with an expected count below 5: how many, and their share of all cells. */
  lowExpected: { count: number; share: number };
  /** Present when any expected count is below 5 (the χ² approximation may then be poor). */
  warning?: string;
  method: string;
}

/**
 * Pearson's χ² test of independence for an r×c contingency table, as R `chisq.test(x, correct)`.
 *
 *   E_ij = r_i c_j / n,   X² = Σ (O_ij − E_ij)² / E_ij,   df = (r − 1)(c − 1),   p = P(χ²_df ≥ X²).
 *
 * With `correction: true` and a 2×2 table, Yates' correction is used as in R:
 * X² = Σ (|O − E| − min(0.5, |O − E|))² / E. Larger tables are never corrected.
 *
 * Standardized residuals follow Agresti (2007, §2.4.5) and R: (O − E)/√(E (1 − r_i/n)(1 − c_j/n)).
 * Cramér's V (Cramér 1946) = √(X²/(n·(min(r, c) − 1))) uses the uncorrected X².
 *
 * Sources: Agresti, A. (2007) An Introduction to Categorical Data Analysis, 2nd ed., ch. 2;
 * R `stats::chisq.test`.
 *
 * @throws StatsInputError for a table with fewer than 2 rows or columns, ragged rows, negative or
 *   non-finite counts, or a row or column whose total is zero.
 */
export function chiSquareIndependence(
  table: number[][],
  options: ChiSquareIndependenceOptions = {},
): ChiSquareIndependenceResult {
  const correction = options.correction ?? false;
  if (!Array.isArray(table) || table.length < 2) {
    throw new StatsInputError('chi-square test of independence needs a table with at least 2 rows');
  }
  const nc = table[0]?.length ?? 0;
  if (nc < 2) throw new StatsInputError('chi-square test of independence needs a table with at least 2 columns');
  for (const row of table) {
    if (!Array.isArray(row) || row.length !== nc) {
      throw new StatsInputError('every row of the table must have the same number of columns');
    }
    for (const v of row) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new StatsInputError(`table cells must be finite non-negative counts, got ${String(v)}`);
      }
    }
  }
  const nr = table.length;
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: nc }, (_, j) => table.reduce((a, row) => a + row[j], 0));
  const n = rowSums.reduce((a, b) => a + b, 0);
  rowSums.forEach((s, i) => {
    if (s === 0) throw new StatsInputError(`row ${i + 1} has a total of zero; drop empty rows before testing`);
  });
  colSums.forEach((s, j) => {
    if (s === 0) throw new StatsInputError(`column ${j + 1} has a total of zero; drop empty columns before testing`);
  });

  const expected = rowSums.map((ri) => colSums.map((cj) => (ri * cj) / n));
  const yates = correction && nr === 2 && nc === 2;
  let statistic = 0;
  let uncorrected = 0;
  let low = 0;
  const residuals: number[][] = [];
  const standardizedResiduals: number[][] = [];
  for (let i = 0; i < nr; i++) {
    const res: number[] = [];
    const std: number[] = [];
    for (let j = 0; j < nc; j++) {
      const e = expected[i][j];
      const d = table[i][j] - e;
      if (e < 5) low++;
      uncorrected += (d * d) / e;
      const adj = yates ? Math.abs(d) - Math.min(0.5, Math.abs(d)) : d;
      statistic += (adj * adj) / e;
      res.push(d / Math.sqrt(e));
      std.push(d / Math.sqrt(e * (1 - rowSums[i] / n) * (1 - colSums[j] / n)));
    }
    residuals.push(res);
    standardizedResiduals.push(std);
  }
  const df = (nr - 1) * (nc - 1);
  const cells = nr * nc;
  const result: ChiSquareIndependenceResult = {
    statistic,
    df,
    p: chisqSf(statistic, df),
    expected,
    residuals,
    standardizedResiduals,
    cramersV: Math.sqrt(uncorrected / (n * (Math.min(nr, nc) - 1))),
    n,
    lowExpected: { count: low, share: low / cells },
    method: yates ? "Pearson's chi-squared test with Yates' continuity correction" : "Pearson's chi-squared test",
  };
  if (low > 0) {
    result.warning = `chi-squared approximation may be incorrect: ${low} of ${cells} expected counts are below 5`;
  }
  return result;
}
