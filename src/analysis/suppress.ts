/**
 * Small-cell suppression (DESIGN.md §9): counts from 1 to N−1 in a breakdown are hidden, and where a
 * shown total would let a reader recover a hidden cell by subtraction (one hidden cell in a row or
 * column, or several whose known sum leaves each only one possible value), the smallest other
 * non-zero cell of that row or column is hidden too. Zeros stay
 * visible: "nobody" discloses no one. Repeats until stable, as in primary/secondary suppression of
 * statistical disclosure control.
 */
export function suppressSmallCells(matrix: number[][], n: number, totals: { rowTotals: boolean; colTotals: boolean }): boolean[][] {
  const hidden = matrix.map((row) => row.map((v) => v > 0 && v < n));
  if (n <= 0) return hidden.map((r) => r.map(() => false));
  const hideOneMore = (cells: { i: number; j: number }[]) => {
    const hiddenHere = cells.filter(({ i, j }) => hidden[i][j]);
    if (!hiddenHere.length) return false;
    // One hidden cell is recovered by subtraction. Several are too when the known sum pins each of
    // them down: all must be 1 (sum = count), or all must be N−1 (sum = count × (N−1)).
    const sum = hiddenHere.reduce((t, { i, j }) => t + matrix[i][j], 0);
    const k = hiddenHere.length;
    if (k > 1 && sum !== k && sum !== k * (n - 1)) return false;
    const candidates = cells.filter(({ i, j }) => !hidden[i][j] && matrix[i][j] > 0).sort((a, b) => matrix[a.i][a.j] - matrix[b.i][b.j]);
    if (!candidates.length) return false;
    hidden[candidates[0].i][candidates[0].j] = true;
    return true;
  };
  const rows = matrix.length;
  const cols = rows ? matrix[0].length : 0;
  for (let changed = true; changed;) {
    changed = false;
    if (totals.rowTotals && cols > 1) for (let i = 0; i < rows; i++) changed = hideOneMore(Array.from({ length: cols }, (_, j) => ({ i, j }))) || changed;
    if (totals.colTotals && rows > 1) for (let j = 0; j < cols; j++) changed = hideOneMore(Array.from({ length: rows }, (_, i) => ({ i, j }))) || changed;
  }
  return hidden;
}

/**
 * How a hidden cell is written: `<N` when it is below N (primary suppression), `x` when it is hidden
 * only so that a total cannot reveal another cell (secondary suppression: its value is N or more, so
 * `<N` would be false).
 */
export function hiddenCellText(value: number, n: number): string {
  return value < n ? `<${n}` : 'x';
}
