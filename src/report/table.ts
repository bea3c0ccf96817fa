/**
 * The table model every analysis command hands to the renderers (`render.ts`). A table is plain data:
 * typed columns, rows keyed by column key, and the notes that make it interpretable (unit,
 * denominator, multi-coding, skipped counts — DESIGN.md §9). Rendering decides how it looks.
 */

/**
 * One cell. `null` is a missing value: '' in csv/tsv, '—' in table and md, `null` in JSON.
 * A string in a number column (e.g. `<5` from small-cell suppression, §9) is shown as written,
 * aligned like the column. `NaN` is treated as missing.
 */
export type Cell = string | number | null;

export interface Column {
  /** Key into each row; also the key in JSON output. */
  key: string;
  /** Header shown to humans (table, md, csv and tsv headers). */
  label: string;
  /** `number`: counts and statistics. `percent`: numbers 0–100, shown as `12.5%`. Default `text`. */
  type?: 'text' | 'number' | 'percent';
  /** Default: right for number/percent, left for text. */
  align?: 'left' | 'right';
}

export interface Table {
  title?: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Unit, denominator, multi-coding note, skipped counts … shown below the table (not in csv/tsv). */
  notes: string[];
  /**
   * Rows to emphasise (e.g. thin voices), by row index → reason. In table and md output the first
   * cell of a flagged row gets a trailing ` ⚑` and a legend note `⚑ reason` is added below the
   * table; when the flags carry several distinct reasons the markers are numbered (`⚑1`, `⚑2`, one
   * number per distinct reason, in order of first appearance). On a colour terminal flagged rows are
   * also yellow. csv/tsv carry no flags (add a column if the flag must reach a spreadsheet); the
   * tables-as-JSON output includes them as `flags`.
   */
  flags?: Record<number, string>;
}

export type OutputFormat = 'table' | 'md' | 'csv' | 'tsv' | 'json';

export const OUTPUT_FORMATS: readonly OutputFormat[] = Object.freeze(['table', 'md', 'csv', 'tsv', 'json'] as const);

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}
