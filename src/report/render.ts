/**
 * Renderers for the table model (`table.ts`): aligned terminal text, GitHub markdown, CSV (plain or
 * Excel-NL), TSV and JSON. Pure: they return the whole output as a string; the CLI writes it.
 *
 * Decisions (documented for the README):
 * - csv/tsv headers are the column *labels* (people open these in Excel); JSON uses the keys.
 * - Notes, titles and flags are not written to csv/tsv: they would break parsers. Several tables in
 *   one csv/tsv output are separated by one empty line.
 * - Numbers in csv/tsv are written at full precision (percent columns as the bare number 0–100);
 *   in table/md integers as is, other numbers with at most 3 decimals, percents with
 *   `percentDigits` decimals (default 1) and a `%`.
 * - `excel-nl` (csv only): `;` separator, UTF-8 BOM, decimal commas in number cells.
 * - Text cells (and header labels) in csv/tsv are neutralised against formula injection
 *   (DESIGN.md §8, `neutraliseCsvCell`).
 * - Missing values (`null`, absent key, NaN): '' in csv/tsv, '—' in table/md, `null` in JSON.
 * - Flagged rows: see `Table.flags`.
 */
import { Chalk } from 'chalk';
import type { Cell, Column, OutputFormat, Table } from './table.js';
import { neutraliseCsvCell } from '../io/csv-cell.js';

export { neutraliseCsvCell };

export interface RenderOptions {
  format: OutputFormat;
  /** csv only. */
  csvDialect?: 'default' | 'excel-nl';
  /** table format only; the caller decides (TTY && !NO_COLOR). */
  color?: boolean;
  /** format json: the command's documented JSON object. When absent, the tables as JSON. */
  json?: unknown;
  /** Decimals for percent columns in table/md. Default 1. */
  percentDigits?: number;
}

/** Returns the whole output including the final newline ('' for no tables, except JSON). */
export function render(tables: Table[], opts: RenderOptions): string {
  const digits = opts.percentDigits ?? 1;
  switch (opts.format) {
    case 'table':
      return renderText(tables, digits, opts.color === true);
    case 'md':
      return renderMarkdown(tables, digits);
    case 'csv':
      return renderCsv(tables, opts.csvDialect === 'excel-nl');
    case 'tsv':
      return renderTsv(tables);
    case 'json':
      return renderJson(tables, opts.json);
    default:
      throw new Error(`unknown output format: ${String(opts.format)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

function isMissing(v: Cell | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function isRight(col: Column): boolean {
  return col.align ? col.align === 'right' : col.type === 'number' || col.type === 'percent';
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  if (Number.isInteger(n)) return String(n);
  // Round to 3 decimals and drop trailing zeros; String() turns -0 into '0'.
  return String(Number(n.toFixed(3)));
}

function formatPercent(n: number, digits: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞%' : '-∞%';
  let s = n.toFixed(digits);
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1); // -0.0% reads as a negative share
  return `${s}%`;
}

/** A cell as humans read it (table, md). */
function displayCell(v: Cell | undefined, col: Column, digits: number): string {
  if (isMissing(v)) return '—';
  if (typeof v === 'string') return v;
  return col.type === 'percent' ? formatPercent(v, digits) : formatNumber(v);
}

/** Control characters (incl. ESC) in user text must not reach a terminal or a markdown file. */
export function stripControls(s: string): string {
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, '\uFFFD');
}

function oneLine(s: string): string {
  return stripControls(s).replace(/\r\n|[\r\n\t]/g, ' ');
}

/** Row index → marker, and the legend notes (see `Table.flags`); shared with the HTML renderer. */
export function flagMarkers(table: Table): { markers: Map<number, string>; legend: string[] } {
  const entries = Object.entries(table.flags ?? {})
    .map(([k, reason]) => [Number(k), reason] as const)
    .filter(([i]) => Number.isInteger(i) && i >= 0 && i < table.rows.length)
    .sort((a, b) => a[0] - b[0]);
  const reasons: string[] = [];
  for (const [, r] of entries) if (!reasons.includes(r)) reasons.push(r);
  const numbered = reasons.length > 1;
  const mark = (r: string): string => (numbered ? `⚑${reasons.indexOf(r) + 1}` : '⚑');
  return {
    markers: new Map(entries.map(([i, r]) => [i, mark(r)])),
    legend: reasons.map((r) => `${mark(r)} ${r}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Terminal table

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200B-\u200F\u2060\uFEFF]/u;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Columns a string occupies on a terminal: combining marks count 0, East Asian wide/emoji 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (ZERO_WIDTH.test(ch)) continue;
    w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

const GAP = '  ';

function renderText(tables: Table[], digits: number, color: boolean): string {
  const ch = new Chalk({ level: color ? 1 : 0 });
  const blocks = tables.map((table) => {
    const { markers, legend } = flagMarkers(table);
    const cols = table.columns;
    const header = cols.map((c) => oneLine(c.label));
    const body = table.rows.map((row, i) =>
      cols.map((c, j) => {
        const s = oneLine(displayCell(row[c.key], c, digits));
        const marker = j === 0 ? markers.get(i) : undefined;
        return marker ? `${s} ${marker}` : s;
      }),
    );
    const widths = cols.map((_, j) => Math.max(displayWidth(header[j]), ...body.map((r) => displayWidth(r[j]))));
    const line = (cells: string[]): string =>
      cells.map((s, j) => pad(s, widths[j], isRight(cols[j]))).join(GAP).trimEnd();
    const out: string[] = [];
    if (table.title !== undefined) out.push(ch.bold(oneLine(table.title)));
    if (cols.length > 0) {
      out.push(ch.bold(line(header)));
      out.push('─'.repeat(widths.reduce((a, b) => a + b, 0) + GAP.length * (cols.length - 1)));
      body.forEach((cells, i) => out.push(markers.has(i) ? ch.yellow(line(cells)) : line(cells)));
    }
    for (const note of [...table.notes, ...legend]) out.push(ch.dim(`  ${oneLine(note)}`));
    return out.join('\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Inline markdown text: `|` and emphasis/code characters backslash-escaped, `<` escaped where it
 * could open an HTML tag (so `<5` stays readable), newlines as `<br>`.
 */
function mdInline(s: string): string {
  return stripControls(s)
    .replace(/\t/g, ' ')
    .replace(/[\\`*_~|]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/\r\n|[\r\n]/g, '<br>');
}

function renderMarkdown(tables: Table[], digits: number): string {
  const blocks = tables.map((table) => {
    const { markers, legend } = flagMarkers(table);
    const cols = table.columns;
    const parts: string[] = [];
    if (table.title !== undefined) parts.push(`### ${mdInline(oneLine(table.title))}`);
    if (cols.length > 0) {
      const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
      const lines = [
        row(cols.map((c) => mdInline(c.label))),
        `|${cols.map((c) => (isRight(c) ? '---:' : '---')).join('|')}|`,
        ...table.rows.map((r, i) =>
          row(
            cols.map((c, j) => {
              const s = mdInline(displayCell(r[c.key], c, digits));
              const marker = j === 0 ? markers.get(i) : undefined;
              return marker ? `${s} ${marker}` : s;
            }),
          ),
        ),
      ];
      parts.push(lines.join('\n'));
    }
    for (const note of [...table.notes, ...legend]) {
      const t = note.trim();
      if (t) parts.push(`*${mdInline(t)}*`);
    }
    return parts.join('\n\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// CSV / TSV

function csvNumber(n: number, decimalComma: boolean): string {
  const s = String(n);
  return decimalComma ? s.replace('.', ',') : s;
}

/** One CSV record (comma, quoted where needed, text cells neutralised as in every CSV output), no newline. */
export function csvRecord(cells: readonly (string | number)[]): string {
  return cells.map((v) => {
    if (typeof v === 'number') return String(v);
    const s = neutraliseCsvCell(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
}

function renderCsv(tables: Table[], excelNl: boolean): string {
  const sep = excelNl ? ';' : ',';
  const needsQuotes = excelNl ? /[";\r\n]/ : /[",\r\n]/;
  const field = (v: Cell | undefined): string => {
    if (isMissing(v)) return '';
    if (typeof v === 'number') return csvNumber(v, excelNl);
    const s = neutraliseCsvCell(v);
    return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const out = delimited(tables, sep, field);
  return out && excelNl ? `\uFEFF${out}` : out;
}

function renderTsv(tables: Table[]): string {
  return delimited(tables, '\t', (v) => {
    if (isMissing(v)) return '';
    if (typeof v === 'number') return String(v);
    // Neutralise first so a leading tab/CR is still recognised, then flatten (TSV cannot quote).
    return neutraliseCsvCell(v).replace(/\r\n|[\t\r\n]/g, ' ');
  });
}

function delimited(tables: Table[], sep: string, field: (v: Cell | undefined) => string): string {
  const blocks = tables.map((t) =>
    [
      t.columns.map((c) => field(c.label)).join(sep),
      ...t.rows.map((r) => t.columns.map((c) => field(r[c.key])).join(sep)),
    ].join('\n'),
  );
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

// ---------------------------------------------------------------------------------------------
// JSON

function renderJson(tables: Table[], json: unknown): string {
  if (json !== undefined) return `${JSON.stringify(json, null, 2)}\n`;
  const out = {
    tables: tables.map((t) => ({
      ...(t.title !== undefined ? { title: t.title } : {}),
      columns: t.columns.map((c) => ({ key: c.key, label: c.label, type: c.type ?? 'text' })),
      // Only the declared columns, missing keys as null, so every row has the same shape.
      rows: t.rows.map((r) =>
        Object.fromEntries(t.columns.map((c) => [c.key, isMissing(r[c.key]) ? null : r[c.key]])),
      ),
      notes: t.notes,
      ...(t.flags && Object.keys(t.flags).length ? { flags: t.flags } : {}),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
