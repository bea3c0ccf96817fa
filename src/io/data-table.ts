/**
 * Data tables for the statistics calculators (`hefboom stats NAME [FILE]`): CSV or TSV with a header
 * row, delimiter sniffed, decimal commas accepted, an empty cell is missing. Numbers are checked cell
 * by cell, and a cell that is not a number is an error naming its line and column.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { InputIssue } from '../model/types.js';
import { closest } from '../model/issues.js';
import { decodeBytes } from './decode.js';
import { sniffDelimiter } from './segments.js';

export interface DataTable {
  file: string;
  columns: string[];
  rows: string[][];
  /** 1-based line of each row in the file. */
  lines: number[];
  delimiter: string;
}

/** Read a table from a file, or from stdin when `path` is undefined or `-`. */
export function readDataTable(path: string | undefined, opts: { encoding?: string; delimiter?: string } = {}): { table?: DataTable; issues: InputIssue[] } {
  const file = !path || path === '-' ? '<stdin>' : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(!path || path === '-' ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { issues: [{ severity: 'error', file, code: 'unreadable-file', message: code === 'ENOENT' ? `file "${file}" does not exist` : `cannot read "${file}" (${(e as Error).message})` }] };
  }
  const decoded = decodeBytes(bytes, opts.encoding, file);
  if (decoded.issues.length) return { issues: decoded.issues };
  return parseDataTable(decoded.text, file, opts.delimiter);
}

/**
 * A table from text: header row, then data rows with the 1-based file line each starts on. Parsed by
 * papaparse (about five times faster than csv-parse here, which matters for survey exports of
 * 100,000 respondents); blank rows are skipped, cells trimmed, a ragged row is an error naming its line.
 */
export function parseDataTable(text: string, file: string, delimiter?: string): { table?: DataTable; issues: InputIssue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delim = delimiter ?? (file.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(Buffer.from(firstLine)));
  const parsed = Papa.parse<string[]>(body.replace(/\r\n?/g, '\n'), { delimiter: delim, newline: '\n', skipEmptyLines: false });
  const issues: InputIssue[] = [];
  // Line of each record: one per record plus the line breaks inside its quoted cells.
  const lineOf: number[] = [];
  let line = 1;
  for (const record of parsed.data) {
    lineOf.push(line);
    line++;
    for (const c of record) if (c.indexOf('\n') >= 0) line += c.split('\n').length - 1;
  }
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const at = quoteError.row === undefined ? undefined : lineOf[quoteError.row];
    return { issues: [{ severity: 'error', file, line: at, code: 'csv-syntax', message: 'cannot read the table: a quoted cell is not closed', hint: 'a quote (") is missing at the end of a cell on this line: fix the quotes, or export the table again' }] };
  }
  const records = parsed.data.map((record, k) => ({ record, line: lineOf[k] })).filter(({ record }) => record.some((c) => c.trim() !== ''));
  if (!records.length) return { issues: [{ severity: 'error', file, code: 'empty-table', message: 'the table is empty: a header row and data rows are needed' }] };
  const columns = records[0].record.map((h) => h.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const { record, line: at } of records.slice(1)) {
    if (record.length !== columns.length) {
      issues.push({ severity: 'error', file, line: at, code: 'ragged-row', message: `row has ${record.length} fields, the header has ${columns.length}`, hint: 'check for a missing or extra separator on this row' });
      continue;
    }
    rows.push(record.map((c) => c.trim()));
    lines.push(at);
  }
  return { table: { file, columns, rows, lines, delimiter: delim }, issues };
}

const NUMBER = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$/;

/** A cell as a number: decimal commas accepted, empty = missing (null), anything else undefined. */
export function parseNumberCell(cell: string): number | null | undefined {
  const c = cell.trim();
  if (c === '' || c === 'NA' || c === '.') return null;
  if (!NUMBER.test(c)) return undefined;
  return Number(c.replace(',', '.'));
}

/** Index of a column by name (exact, then case-insensitive); an issue naming the columns found otherwise. */
export function columnIndex(t: DataTable, name: string, flag: string): { index?: number; issue?: InputIssue } {
  let i = t.columns.indexOf(name);
  if (i < 0) i = t.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  if (i >= 0) return { index: i };
  const near = closest(name, t.columns, 1);
  return { issue: { severity: 'error', file: t.file, line: 1, field: name, code: 'missing-column', message: `column "${name}" (${flag}) is not in the table; columns found: ${t.columns.join(', ')}`, hint: near.length ? `did you mean "${near[0]}"?` : undefined } };
}

/** A numeric column; non-numeric cells are issues naming line and column. */
export function numericColumn(t: DataTable, index: number): { values: (number | null)[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const values = t.rows.map((r, k) => {
    const v = parseNumberCell(r[index]);
    if (v === undefined) {
      issues.push({ severity: 'error', file: t.file, line: t.lines[k], column: index + 1, field: t.columns[index], code: 'not-a-number', message: `"${r[index].slice(0, 20)}" in column "${t.columns[index]}" is not a number`, hint: 'use digits with . or , as decimal mark; leave the cell empty for a missing value' });
      return null;
    }
    return v;
  });
  return { values, issues };
}

/**
 * The numeric matrix of a table (rows × columns), without its label column: `--id COL` names it;
 * without it, a first column whose header and values are not all numeric is taken as labels.
 */
export function numericMatrix(t: DataTable, idColumn?: string): { labels?: string[]; columns: string[]; matrix: (number | null)[][]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  let labelIndex: number | undefined;
  if (idColumn) {
    const c = columnIndex(t, idColumn, '--id');
    if (c.issue) return { columns: [], matrix: [], issues: [c.issue] };
    labelIndex = c.index;
  } else if (t.columns.length > 1 && t.rows.some((r) => parseNumberCell(r[0]) === undefined)) {
    labelIndex = 0;
  }
  const keep = t.columns.map((_, i) => i).filter((i) => i !== labelIndex);
  const matrix = t.rows.map((r) => keep.map(() => null as number | null));
  for (const [j, i] of keep.entries()) {
    const col = numericColumn(t, i);
    issues.push(...col.issues);
    col.values.forEach((v, k) => { matrix[k][j] = v; });
  }
  return { labels: labelIndex === undefined ? undefined : t.rows.map((r) => r[labelIndex!]), columns: keep.map((i) => t.columns[i]), matrix, issues };
}
