/**
 * One shared reader for the tabular exports of surveys, CRM and score tables: CSV/TSV (delimiter
 * sniffed, UTF-8 or a named encoding such as Windows-1252) or an XLSX sheet (read-excel-file).
 * Every cell comes back as trimmed text, so one set of cell parsers (cells.ts) serves both:
 * XLSX numbers are written with a decimal point, XLSX dates as ISO `YYYY-MM-DD`.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { InputIssue } from '../model/types.js';
import { decodeBytes } from './decode.js';
import { parseDataTable, type DataTable } from './data-table.js';

export interface TableFileOptions {
  encoding?: string;
  delimiter?: string;
  /** XLSX: sheet name or 1-based number; default the first sheet. */
  sheet?: string;
}

export function isSpreadsheet(path: string): boolean {
  return ['.xlsx', '.xlsm'].includes(extname(path).toLowerCase());
}

/** Read a whole table. `abs` is opened read-only; issues name `display`. */
export async function readTableFile(abs: string, display: string, opts: TableFileOptions = {}): Promise<{ table?: DataTable; issues: InputIssue[] }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { issues: [{ severity: 'error', file: display, code: 'unreadable-file', message: code === 'ENOENT' ? `file "${display}" does not exist` : `cannot read "${display}" (${(e as Error).message})`, hint: code === 'ENOENT' ? 'check `path:` in hefboom.yaml' : undefined }] };
  }
  if (isSpreadsheet(abs)) return readXlsx(bytes, display, opts.sheet);
  if (['.xls', '.ods', '.sav'].includes(extname(abs).toLowerCase())) {
    return { issues: [{ severity: 'error', file: display, code: 'unsupported-format', message: `"${extname(abs)}" files are not read`, hint: 'save the sheet as .xlsx or as CSV (UTF-8 or Windows-1252)' }] };
  }
  const decoded = decodeBytes(bytes, opts.encoding, display);
  if (decoded.issues.length) return { issues: decoded.issues };
  return parseDataTable(decoded.text, display, opts.delimiter);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v).trim();
}

async function readXlsx(bytes: Buffer, display: string, sheet: string | undefined): Promise<{ table?: DataTable; issues: InputIssue[] }> {
  const { readSheet } = await import('read-excel-file/node');
  const which = sheet === undefined ? 1 : /^\d+$/.test(sheet) ? Number(sheet) : sheet;
  let data: unknown[][];
  try {
    data = (await readSheet(bytes, which)) as unknown[][];
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const notFound = /sheet/i.test(msg) && /not found|no sheet/i.test(msg);
    return { issues: [{ severity: 'error', file: display, code: notFound ? 'sheet-not-found' : 'unreadable-xlsx', message: notFound ? `sheet "${sheet}" is not in the workbook` : `cannot read the workbook: ${msg.split('\n')[0].slice(0, 120)}`, hint: notFound ? 'give `sheet:` as the sheet name or its number (1 = first)' : 'open it in Excel and save it again as .xlsx, or export CSV' }] };
  }
  // Trailing empty rows and columns are layout, not data.
  const rowsText = data.map((r) => r.map(cellText));
  while (rowsText.length && rowsText[rowsText.length - 1].every((c) => c === '')) rowsText.pop();
  if (!rowsText.length) return { issues: [{ severity: 'error', file: display, code: 'empty-table', message: 'the sheet is empty: a header row and data rows are needed' }] };
  let width = rowsText[0].length;
  while (width > 0 && rowsText[0][width - 1] === '') width--;
  const columns = rowsText[0].slice(0, width);
  const issues: InputIssue[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  rowsText.slice(1).forEach((r, k) => {
    const line = k + 2;
    if (r.every((c) => c === '')) return;
    const extra = r.slice(width).findIndex((c) => c !== '');
    if (extra >= 0) issues.push({ severity: 'warning', file: display, line, column: width + extra + 1, code: 'cell-outside-header', message: `row ${line} has a value in column ${width + extra + 1}, which has no header; it is ignored` });
    const row = r.slice(0, width);
    while (row.length < width) row.push('');
    rows.push(row);
    lines.push(line);
  });
  return { table: { file: display, columns, rows, lines, delimiter: '' }, issues };
}

/** What takes a table's rows one by one (a CRM export, a learner register). */
export interface RowSink {
  setHeader(cells: string[], line: number): boolean;
  row(cells: string[], line: number): void;
}

/**
 * Read a spreadsheet (or a small table) whole and hand its header and rows to `sink`, with their
 * lines. False when the table could not be read or the sink refused the header.
 */
export async function feedTableFile(abs: string, display: string, sheet: string | undefined, sink: RowSink, issues: InputIssue[]): Promise<boolean> {
  const r = await readTableFile(abs, display, { sheet });
  issues.push(...r.issues);
  if (!r.table) return false;
  if (!sink.setHeader(r.table.columns, 1)) return false;
  const { rows, lines } = r.table;
  for (let i = 0; i < rows.length; i++) sink.row(rows[i], lines[i]);
  return true;
}
