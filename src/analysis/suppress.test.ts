import { describe, expect, it } from 'vitest';
import { hiddenCellText, suppressSmallCells } from './suppress.js';

describe('small-cell suppression (DESIGN §9)', () => {
  it('hides counts 1..N-1 but not zeros', () => {
    const h = suppressSmallCells([[0, 3, 12]], 5, { rowTotals: false, colTotals: false });
    expect(h).toEqual([[false, true, false]]);
  });
  it('hides a second cell when a row total would reveal the first', () => {
    const h = suppressSmallCells([[2, 9, 7]], 5, { rowTotals: true, colTotals: false });
    expect(h).toEqual([[true, false, true]]); // 7 is the smallest other non-zero cell
  });
  it('works across rows and columns until stable', () => {
    const m = [[2, 10, 8], [9, 11, 20], [6, 7, 30]];
    const h = suppressSmallCells(m, 5, { rowTotals: true, colTotals: true });
    // Row 0 hides 2 and then 8; column 0 then has one hidden (2) → hides 6; column 2 has one hidden (8) → hides 20;
    // row 2 has 6 hidden only → hides 7; row 1 has 20 hidden only → hides 9; column 1 has 7 hidden only → hides 10.
    const hiddenPerRow = h.map((r) => r.filter(Boolean).length);
    const hiddenPerCol = [0, 1, 2].map((j) => h.filter((r) => r[j]).length);
    for (const n of [...hiddenPerRow, ...hiddenPerCol]) expect(n === 0 || n >= 2).toBe(true);
    expect(h[0][0]).toBe(true);
  });
  it('N = 0 hides nothing', () => {
    expect(suppressSmallCells([[1, 2]], 0, { rowTotals: true, colTotals: true })).toEqual([[false, false]]);
  });
  it('hides one more cell when several hidden cells must all be 1 (their known sum equals their number)', () => {
    // Row total 5 = 3 shown + two hidden cells of at least 1 each: both would be known to be 1.
    const h = suppressSmallCells([[1, 3, 0, 1]], 3, { rowTotals: true, colTotals: false });
    expect(h).toEqual([[true, true, false, true]]);
  });
  it('hides one more cell when several hidden cells must all be N−1', () => {
    // N = 3: hidden cells are 1 or 2; two hidden cells summing to 4 are both 2.
    const h = suppressSmallCells([[2, 2, 7]], 3, { rowTotals: true, colTotals: false });
    expect(h).toEqual([[true, true, true]]);
  });
  it('leaves two hidden cells alone when their sum does not pin them down', () => {
    const h = suppressSmallCells([[1, 2, 9]], 3, { rowTotals: true, colTotals: false });
    expect(h).toEqual([[true, true, false]]);
  });
});

describe('hiddenCellText', () => {
  it('writes <N for a cell below N and x for a cell hidden only to protect another', () => {
    expect(hiddenCellText(3, 5)).toBe('<5');
    expect(hiddenCellText(0, 5)).toBe('<5');
    expect(hiddenCellText(12, 5)).toBe('x');
  });
});
