import { describe, expect, it } from 'vitest';
import { neutraliseCsvCell, restoreCsvCell } from './csv-cell.js';

describe('restoreCsvCell', () => {
  it('reads back what neutraliseCsvCell wrote, for formula-like and plain cells alike', () => {
    for (const v of ['=SUM(A1)', '+x', '- zie ook verslag 3', '@mentor', '-2+3', 'foo', "'quoted", '-0.23', '+3', '']) {
      expect(restoreCsvCell(neutraliseCsvCell(v))).toBe(v);
    }
  });
  it('leaves a quote that does not stand before a formula character', () => {
    expect(restoreCsvCell("'t is goed")).toBe("'t is goed");
    expect(restoreCsvCell("'-3")).toBe("'-3");
  });
});
