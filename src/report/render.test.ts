import { describe, expect, it } from 'vitest';
import { displayWidth, neutraliseCsvCell, render } from './render.js';
import { isOutputFormat, OUTPUT_FORMATS, type Table } from './table.js';

// A small table with every cell kind: text, integer, non-integer, percent, null, a suppressed count.
const sample = (): Table => ({
  title: 'Hefbomen per rol',
  columns: [
    { key: 'lever', label: 'Hefboom' },
    { key: 'n', label: 'n', type: 'number' },
    { key: 'mean', label: 'Gemiddelde', type: 'number' },
    { key: 'pct', label: '%', type: 'percent' },
  ],
  rows: [
    { lever: 'L3', n: 12, mean: 1.23456, pct: 12.5 },
    { lever: 'L10', n: 3, mean: -0.23, pct: null },
    { lever: null, n: '<5', mean: 2, pct: 100 },
  ],
  notes: ['Eenheid: excerpten; noemer: 24.'],
});

const ANSI = /\x1b\[/;

describe('OUTPUT_FORMATS', () => {
  it('lists the five formats and recognises them', () => {
    expect([...OUTPUT_FORMATS]).toEqual(['table', 'md', 'csv', 'tsv', 'json']);
    expect(isOutputFormat('md')).toBe(true);
    expect(isOutputFormat('html')).toBe(false);
  });
});

describe('table format', () => {
  it('aligns text left and numbers right, with title, rule and notes', () => {
    const out = render([sample()], { format: 'table' });
    expect(out).toBe(
      [
        'Hefbomen per rol',
        'Hefboom   n  Gemiddelde       %',
        '─'.repeat(31), // 7 + 2 + 10 + 6 wide columns and three 2-space gaps
        'L3       12       1.235   12.5%',
        'L10       3       -0.23       —',
        '—        <5           2  100.0%',
        '  Eenheid: excerpten; noemer: 24.',
        '',
      ].join('\n'),
    );
  });

  it('has no escape codes without colour, and colours with colour on', () => {
    const t = { ...sample(), flags: { 0: 'weinig stemmen' } };
    expect(render([t], { format: 'table', color: false })).not.toMatch(ANSI);
    expect(render([t], { format: 'table' })).not.toMatch(ANSI);
    const coloured = render([t], { format: 'table', color: true });
    expect(coloured).toContain('\x1b[1m'); // bold header
    expect(coloured).toContain('\x1b[33m'); // yellow flagged row
    expect(coloured).toContain('\x1b[2m'); // dim notes
  });

  it('marks flagged rows and explains the marker in a note', () => {
    const t = { ...sample(), flags: { 1: 'weinig stemmen' } };
    const lines = render([t], { format: 'table' }).split('\n');
    expect(lines[4]).toMatch(/^L10 ⚑ /);
    expect(lines[3]).not.toContain('⚑');
    expect(lines).toContain('  ⚑ weinig stemmen');
  });

  it('numbers markers when flags carry different reasons', () => {
    const t = { ...sample(), flags: { 0: 'a', 2: 'b' } };
    const out = render([t], { format: 'md' });
    expect(out).toContain('| L3 ⚑1 |');
    expect(out).toContain('| — ⚑2 |');
    expect(out).toContain('*⚑1 a*');
    expect(out).toContain('*⚑2 b*');
  });

  it('separates tables with one blank line and flattens newlines and control characters', () => {
    const t: Table = { columns: [{ key: 'a', label: 'A' }], rows: [{ a: 'x\ny\x1b[31m' }], notes: [] };
    const out = render([t, t], { format: 'table' });
    expect(out).toBe('A\n────────\nx y\uFFFD[31m\n\nA\n────────\nx y\uFFFD[31m\n');
  });

  it('counts combining marks as zero width when aligning', () => {
    expect(displayWidth('e\u0301te')).toBe(3); // é written as e + combining acute
    expect(displayWidth('漢字')).toBe(4);
    const t: Table = {
      columns: [{ key: 'a', label: 'A' }, { key: 'n', label: 'n', type: 'number' }],
      rows: [{ a: 'e\u0301te', n: 1 }, { a: 'abc', n: 22 }],
      notes: [],
    };
    const lines = render([t], { format: 'table' }).split('\n');
    expect(lines[2]).toBe('e\u0301te   1');
    expect(lines[3]).toBe('abc  22');
  });

  it('honours percentDigits and never shows -0.0%', () => {
    const t: Table = { columns: [{ key: 'p', label: 'p', type: 'percent' }], rows: [{ p: 33.3333 }, { p: -0.001 }], notes: [] };
    const out = render([t], { format: 'table', percentDigits: 2 });
    expect(out).toContain('33.33%');
    expect(out).toContain(' 0.00%');
    expect(out).not.toContain('-0.00%');
  });
});

describe('md format', () => {
  it('renders a GitHub pipe table with alignment row, dash for missing and notes in italics', () => {
    expect(render([sample()], { format: 'md' })).toBe(
      [
        '### Hefbomen per rol',
        '',
        '| Hefboom | n | Gemiddelde | % |',
        '|---|---:|---:|---:|',
        '| L3 | 12 | 1.235 | 12.5% |',
        '| L10 | 3 | -0.23 | — |',
        '| — | <5 | 2 | 100.0% |',
        '',
        '*Eenheid: excerpten; noemer: 24.*',
        '',
      ].join('\n'),
    );
  });

  it('escapes pipes, newlines, emphasis and tag-like text', () => {
    const t: Table = {
      columns: [{ key: 'q', label: 'Quote|x' }],
      rows: [{ q: 'a | b\nc *d* <script>' }],
      notes: ['under_score'],
    };
    const out = render([t], { format: 'md' });
    expect(out).toContain('| Quote\\|x |');
    expect(out).toContain('| a \\| b<br>c \\*d\\* \\<script> |');
    expect(out).toContain('*under\\_score*');
  });

  it('honours an explicit column alignment', () => {
    const t: Table = { columns: [{ key: 'a', label: 'A', align: 'right' }, { key: 'n', label: 'n', type: 'number', align: 'left' }], rows: [], notes: [] };
    expect(render([t], { format: 'md' })).toContain('|---:|---|');
  });
});

describe('csv format', () => {
  it('writes labels, full-precision numbers, bare percents and empty missing cells; no notes or title', () => {
    expect(render([sample()], { format: 'csv' })).toBe(
      ['Hefboom,n,Gemiddelde,%', 'L3,12,1.23456,12.5', 'L10,3,-0.23,', ',<5,2,100', ''].join('\n'),
    );
  });

  it('quotes separators, quotes and newlines per RFC 4180', () => {
    const t: Table = { columns: [{ key: 'a', label: 'A, B' }], rows: [{ a: 'zei "ja"\nen nee' }, { a: 'plain' }], notes: [] };
    expect(render([t], { format: 'csv' })).toBe('"A, B"\n"zei ""ja""\nen nee"\nplain\n');
  });

  it('neutralises formula-like text cells and headers but writes numbers as numbers', () => {
    const t: Table = {
      columns: [{ key: 'a', label: '=label' }, { key: 'n', label: 'n', type: 'number' }],
      rows: [
        { a: '=SUM(A1)', n: -0.23 },
        { a: '-foo', n: -1 },
        { a: '@x', n: 0 },
        { a: '\tfoo', n: 1 },
        { a: '+cmd', n: 2 },
      ],
      notes: [],
    };
    expect(render([t], { format: 'csv' })).toBe(
      ["'=label,n", "'=SUM(A1),-0.23", "'-foo,-1", "'@x,0", "'\tfoo,1", "'+cmd,2", ''].join('\n'),
    );
  });

  it('separates several tables with one empty line', () => {
    const t: Table = { columns: [{ key: 'a', label: 'A' }], rows: [{ a: 'x' }], notes: ['n'] };
    expect(render([t, t], { format: 'csv' })).toBe('A\nx\n\nA\nx\n');
  });

  it('excel-nl: BOM, semicolons, decimal commas, quoting of semicolons', () => {
    const out = render([sample()], { format: 'csv', csvDialect: 'excel-nl' });
    expect(out.startsWith('\uFEFFHefboom;n;Gemiddelde;%\n')).toBe(true);
    expect(out).toContain('L3;12;1,23456;12,5\n');
    expect(out).toContain('L10;3;-0,23;\n');
    const t: Table = { columns: [{ key: 'a', label: 'a;b' }], rows: [{ a: '1,5' }], notes: [] };
    expect(render([t], { format: 'csv', csvDialect: 'excel-nl' })).toBe('\uFEFF"a;b"\n1,5\n');
    // the BOM appears once, not per table
    expect(render([t, t], { format: 'csv', csvDialect: 'excel-nl' }).match(/\uFEFF/g)).toHaveLength(1);
  });
});

describe('neutraliseCsvCell', () => {
  it('prefixes cells starting with = + - @ tab or CR', () => {
    for (const v of ['=SUM(A1)', '+x', '-foo', '@x', '\tx', '\rx', '-2+3', '=1']) expect(neutraliseCsvCell(v)).toBe(`'${v}`);
  });
  it('leaves ordinary text and plain numbers alone', () => {
    for (const v of ['foo', ' =x', 'a=b', '-0.23', '+3', '-1,5', '2e-3', '<5', '']) expect(neutraliseCsvCell(v)).toBe(v);
  });
});

describe('tsv format', () => {
  it('uses tabs, flattens tabs and newlines inside cells and neutralises', () => {
    const t: Table = {
      columns: [{ key: 'a', label: 'A' }, { key: 'p', label: 'P', type: 'percent' }],
      rows: [{ a: 'x\ty\nz', p: 12.5 }, { a: '\t=cmd', p: null }, { a: '-foo', p: 0 }],
      notes: ['not written'],
    };
    expect(render([t], { format: 'tsv' })).toBe("A\tP\nx y z\t12.5\n' =cmd\t\n'-foo\t0\n");
  });
});

describe('json format', () => {
  it('passes the documented object through with 2-space indent', () => {
    const doc = { unit: 'excerpts', rows: [{ code: 'L3', n: 2 }] };
    expect(render([sample()], { format: 'json', json: doc })).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('falls back to the tables, with declared columns only and missing as null', () => {
    const t = { ...sample(), rows: [{ lever: 'L3', n: 1, extra: 'x' }], flags: { 0: 'thin' } };
    const parsed = JSON.parse(render([t], { format: 'json' }));
    expect(parsed).toEqual({
      tables: [
        {
          title: 'Hefbomen per rol',
          columns: [
            { key: 'lever', label: 'Hefboom', type: 'text' },
            { key: 'n', label: 'n', type: 'number' },
            { key: 'mean', label: 'Gemiddelde', type: 'number' },
            { key: 'pct', label: '%', type: 'percent' },
          ],
          rows: [{ lever: 'L3', n: 1, mean: null, pct: null }],
          notes: ['Eenheid: excerpten; noemer: 24.'],
          flags: { '0': 'thin' },
        },
      ],
    });
  });
});

describe('edge cases', () => {
  it('returns an empty string for no tables (except json)', () => {
    for (const format of ['table', 'md', 'csv', 'tsv'] as const) expect(render([], { format })).toBe('');
    expect(render([], { format: 'json' })).toBe('{\n  "tables": []\n}\n');
  });

  it('treats NaN as missing', () => {
    const t: Table = { columns: [{ key: 'n', label: 'n', type: 'number' }], rows: [{ n: Number.NaN }], notes: [] };
    expect(render([t], { format: 'csv' })).toBe('n\n\n');
    expect(render([t], { format: 'md' })).toContain('| — |');
  });
});
