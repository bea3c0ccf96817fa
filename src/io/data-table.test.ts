import { describe, expect, it } from 'vitest';
import { numericColumn, numericMatrix, parseDataTable, parseNumberCell, columnIndex } from './data-table.js';

describe('data tables for the calculators', () => {
  it('sniffs ; and reads decimal commas and missing cells', () => {
    const { table, issues } = parseDataTable('groep;score\nA;3,5\nB;\nA;4\n', 'x.csv');
    expect(issues).toEqual([]);
    expect(table!.delimiter).toBe(';');
    expect(numericColumn(table!, 1).values).toEqual([3.5, null, 4]);
  });
  it('names line and column of a non-numeric cell', () => {
    const { table } = parseDataTable('a,b\n1,2\n3,veel\n', 'x.csv');
    const r = numericColumn(table!, 1);
    expect(r.issues[0]).toMatchObject({ line: 3, column: 2, field: 'b', code: 'not-a-number' });
  });
  it('takes a non-numeric first column as labels, or the --id column', () => {
    const { table } = parseDataTable('coder,u1,u2\nA,1,2\nB,1,\n', 'k.csv');
    const m = numericMatrix(table!);
    expect(m.labels).toEqual(['A', 'B']);
    expect(m.columns).toEqual(['u1', 'u2']);
    expect(m.matrix).toEqual([[1, 2], [1, null]]);
    const { table: t2 } = parseDataTable('id,x\n1,5\n2,6\n', 'k.csv');
    expect(numericMatrix(t2!).labels).toBeUndefined();
    expect(numericMatrix(t2!, 'id').labels).toEqual(['1', '2']);
  });
  it('a missing column names the columns found and the closest', () => {
    const { table } = parseDataTable('score,groep\n1,A\n', 'x.csv');
    const c = columnIndex(table!, 'groeps', '--group');
    expect(c.issue!.message).toContain('columns found: score, groep');
    expect(c.issue!.hint).toContain('"groep"');
  });
  it('parses numbers strictly', () => {
    expect([' 2 ', '-0,5', '1e3', '', 'NA', '3 apples', '1.2.3'].map(parseNumberCell)).toEqual([2, -0.5, 1000, null, null, undefined, undefined]);
  });
  it('ragged rows are errors with their line', () => {
    expect(parseDataTable('a,b\n1,2\n3\n', 'x.csv').issues[0]).toMatchObject({ line: 3, code: 'ragged-row' });
  });
});
