/**
 * Reading a survey export with its definition (README "Survey definitions"). Cells are coded column
 * by column into typed arrays (SurveyData), never into per-respondent objects, so a survey of
 * 100,000 respondents costs little more than its table of strings. Every unreadable cell is an error
 * naming line, column and the valid answers; nothing is coerced.
 */
import { resolve } from 'node:path';
import type { InputIssue } from '../model/types.js';
import { EMPTY_CELL, type ItemColumn, type SurveyData, type SurveyDefinition, type SurveyItem } from '../model/survey.js';
import { closest } from '../model/issues.js';
import { excerpt, parseDay, parseNumber } from './cells.js';
import { columnIndex, type DataTable } from './data-table.js';
import { readTableFile } from './table-file.js';
import { labelKey, loadSurveyDefinition } from './survey-definition.js';
import type { SurveyEntry } from './project.js';

/** Errors of one kind in one column beyond this number are summarised in a single issue. */
export const MAX_ERRORS_PER_COLUMN = 20;

/** Read one `surveys:` entry (definition + export). Never throws for input problems. */
export async function readSurvey(root: string, entry: SurveyEntry): Promise<{ data?: SurveyData; issues: InputIssue[] }> {
  const def = loadSurveyDefinition(resolve(root, entry.definition), entry.definition);
  const issues = [...def.issues];
  if (!def.definition) return { issues };
  const t = await readTableFile(resolve(root, entry.path), entry.path, { encoding: entry.encoding, delimiter: entry.delimiter, sheet: entry.sheet });
  issues.push(...t.issues);
  if (!t.table) return { issues };
  const data = codeSurvey(t.table, def.definition, entry, issues);
  return { data: issues.some((i) => i.severity === 'error') ? undefined : data, issues };
}

/**
 * Collects cell errors, keeping at most MAX_ERRORS_PER_COLUMN of each kind per column and counting
 * the rest, so a wrongly mapped column gives one screenful, not 100,000 lines.
 */
class CellErrors {
  private readonly counts = new Map<string, { n: number; column: number; header: string; code: string; what: string }>();
  constructor(private readonly table: DataTable, private readonly issues: InputIssue[]) {}

  add(row: number, column: number, code: string, message: string, hint: string | undefined, what: string): void {
    const key = `${column}\u0000${code}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, c = { n: 0, column, header: this.table.columns[column] ?? '', code, what });
    c.n++;
    if (c.n > MAX_ERRORS_PER_COLUMN) return;
    this.issues.push({ severity: 'error', file: this.table.file, line: this.table.lines[row], column: column + 1, field: this.table.columns[column], code, message, hint });
  }

  /** One closing issue per column that had more errors than were listed. */
  flush(): void {
    for (const c of this.counts.values()) {
      if (c.n <= MAX_ERRORS_PER_COLUMN) continue;
      this.issues.push({
        severity: 'error', file: this.table.file, column: c.column + 1, field: c.header, code: c.code,
        message: `… and ${c.n - MAX_ERRORS_PER_COLUMN} more ${c.what} in column ${c.column + 1} "${c.header}" (${c.n} in all)`,
        hint: 'so many errors in one column usually mean the definition points at the wrong column or uses the wrong labels',
      });
    }
  }
}

/** Find a column: exact, case-insensitive (columnIndex), then with quotes and spaces normalised. */
function findColumn(t: DataTable, name: string, flag: string, issues: InputIssue[]): number | undefined {
  const c = columnIndex(t, name, flag);
  let index = c.index;
  if (index === undefined) {
    const key = labelKey(name);
    const matches = t.columns.flatMap((h, i) => (labelKey(h) === key ? [i] : []));
    if (matches.length === 1) index = matches[0];
  }
  if (index === undefined) {
    issues.push({ ...c.issue!, hint: c.issue!.hint ?? 'correct the column name in the survey definition (or in `join:` of hefboom.yaml)' });
    return undefined;
  }
  const header = t.columns[index];
  const twice = t.columns.findIndex((h, i) => i !== index && labelKey(h) === labelKey(header));
  if (twice >= 0) issues.push({ severity: 'warning', file: t.file, line: 1, column: index + 1, field: header, code: 'duplicate-column', message: `the header "${header}" appears in columns ${index + 1} and ${twice + 1}; column ${index + 1} is read for ${flag}`, hint: 'rename one of the headers in the export' });
  return index;
}

/** Code the export's table according to the definition; issues are appended. */
export function codeSurvey(t: DataTable, def: SurveyDefinition, entry: Pick<SurveyEntry, 'name' | 'kind' | 'join' | 'invited'>, issues: InputIssue[]): SurveyData {
  const n = t.rows.length;
  const errors = new CellErrors(t, issues);
  const inDef = `in ${def.file}`;

  // Resolve every column first: a missing column is reported once, with the columns found.
  const respondentCol = def.respondent !== undefined ? findColumn(t, def.respondent, `respondent: ${inDef}`, issues) : undefined;
  const dateCol = def.date !== undefined ? findColumn(t, def.date, `date: ${inDef}`, issues) : undefined;
  const keyColumns: [string, number | undefined][] = [];
  for (const [field, col] of Object.entries(entry.join)) keyColumns.push([field, findColumn(t, col, `join: { ${field}: ${col} } in hefboom.yaml`, issues)]);
  for (const field of ['trajectory', 'coach'] as const) {
    const col = def[field];
    if (col !== undefined && !(field in entry.join)) keyColumns.push([field, findColumn(t, col, `${field}: ${inDef}`, issues)]);
  }
  const attributeCols = def.attributes.map((a) => [a, findColumn(t, a, `attributes: ${inDef}`, issues)] as const);
  const itemCols = def.items.map((it) => findColumn(t, it.column, `item "${it.id}" ${inDef}`, issues));

  const lines = Uint32Array.from(t.lines);
  const respondents = readRespondents(t, respondentCol, def, errors);
  const keys: Record<string, (string | null)[]> = {};
  for (const [field, col] of keyColumns) keys[field] = textColumn(t, col);
  const attributes: Record<string, (string | null)[]> = {};
  for (const [a, col] of attributeCols) attributes[a] = textColumn(t, col);

  let dates: Float64Array | undefined;
  if (def.date !== undefined) {
    dates = new Float64Array(n).fill(NaN);
    if (dateCol !== undefined) {
      for (let r = 0; r < n; r++) {
        const cell = t.rows[r][dateCol];
        const d = parseDay(cell);
        if (d === undefined) errors.add(r, dateCol, 'bad-date', `"${excerpt(cell)}" in column ${dateCol + 1} "${t.columns[dateCol]}" is not a date`, 'write dates as 2023-02-01 or 1/2/2023; leave the cell empty when unknown', 'unreadable dates');
        else if (d !== null) dates[r] = d;
      }
    }
  }

  const columns = codeItems(t, def.items, itemCols, errors);
  errors.flush();

  return {
    name: entry.name,
    kind: entry.kind,
    file: t.file,
    definition: def,
    respondents,
    lines,
    keys,
    ...(dates ? { dates } : {}),
    attributes,
    columns,
    ...(entry.invited !== undefined ? { invited: entry.invited } : {}),
  };
}

function textColumn(t: DataTable, col: number | undefined): (string | null)[] {
  const out = new Array<string | null>(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) {
    const cell = col === undefined ? '' : t.rows[r][col];
    out[r] = cell === '' ? null : cell;
  }
  return out;
}

/** Respondent ids from their column (every row needs one, each once), else `r<line>`. */
function readRespondents(t: DataTable, col: number | undefined, def: SurveyDefinition, errors: CellErrors): string[] {
  const n = t.rows.length;
  const ids = new Array<string>(n);
  if (def.respondent === undefined || col === undefined) {
    for (let r = 0; r < n; r++) ids[r] = `r${t.lines[r]}`;
    return ids;
  }
  const firstLine = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const id = t.rows[r][col];
    ids[r] = id;
    if (id === '') {
      errors.add(r, col, 'missing-respondent', `row has no respondent id in column ${col + 1} "${t.columns[col]}"`, `fill in the id, or remove \`respondent:\` from ${def.file} to number respondents by row`, 'rows without a respondent id');
      ids[r] = `r${t.lines[r]}`;
      continue;
    }
    const seen = firstLine.get(id);
    if (seen !== undefined) errors.add(r, col, 'duplicate-respondent', `respondent "${excerpt(id)}" appears on lines ${seen} and ${t.lines[r]}`, 'each respondent answers once: remove the double row, or give it its own id', 'repeated respondent ids');
    else firstLine.set(id, t.lines[r]);
  }
  return ids;
}

/** What one distinct cell text of an item codes to; memoised per item, since answers repeat. */
type CellCode =
  | { kind: 'code'; code: number }
  | { kind: 'missing'; index: number }
  | { kind: 'error'; code: string; message: string; hint?: string; what: string };
type CellError = Extract<CellCode, { kind: 'error' }>;

/** Codes the cells of one item, one row at a time, into that item's typed arrays. */
interface ItemCoder {
  put(r: number, cell: string): void;
  column: ItemColumn;
}

/**
 * Code every item. Rows are walked in the outer loop because each row's cells sit together in
 * memory: walking one column over 100,000 scattered row arrays is several times slower.
 */
function codeItems(t: DataTable, items: SurveyItem[], cols: (number | undefined)[], errors: CellErrors): Record<string, ItemColumn> {
  const n = t.rows.length;
  const coders = items.map((item, k) => itemCoder(t, item, cols[k], n, errors));
  const present = coders.flatMap((c, k) => (cols[k] === undefined ? [] : [{ put: c.put, col: cols[k]! }]));
  for (let r = 0; r < n; r++) {
    const row = t.rows[r];
    for (let k = 0; k < present.length; k++) present[k].put(r, row[present[k].col]);
  }
  const out: Record<string, ItemColumn> = {};
  items.forEach((item, k) => { out[item.id] = coders[k].column; });
  return out;
}

function itemCoder(t: DataTable, item: SurveyItem, col: number | undefined, n: number, errors: CellErrors): ItemCoder {
  const missing = new Uint8Array(n);
  const missingIndex = new Map(item.missing.map((m, i) => [labelKey(m), i + 1]));
  const missingOf = (cell: string): number | undefined => (missingIndex.size ? missingIndex.get(labelKey(cell)) : undefined);
  // Open answers are mostly long and distinct (no cache helps): only a short cell can be a missing code.
  const longestMissing = Math.max(0, ...item.missing.map((m) => m.length));
  const textMissingOf = (cell: string): number | undefined => (cell.length <= 2 * longestMissing + 4 ? missingOf(cell) : undefined);
  const header = col === undefined ? item.column : t.columns[col];
  const where = `in column ${(col ?? -1) + 1} "${header}" (item ${item.id})`;
  const missingNote = item.missing.length ? `; missing codes: ${item.missing.join(', ')}` : '';
  const report = (r: number, e: CellError) => { if (col !== undefined) errors.add(r, col, e.code, e.message, e.hint, e.what); };

  if (item.type === 'likert' || item.type === 'single') {
    const codes = new Uint16Array(n);
    const cache = new Map<string, CellCode>();
    const coder = labelCoder(item, where, missingNote);
    return {
      column: { type: item.type, codes, missing },
      put(r, cell) {
        if (cell === '') { missing[r] = EMPTY_CELL; return; }
        let c = cache.get(cell);
        if (!c) {
          const m = missingOf(cell);
          c = m !== undefined ? { kind: 'missing', index: m } : coder(cell);
          cache.set(cell, c);
        }
        if (c.kind === 'code') codes[r] = c.code;
        else if (c.kind === 'missing') missing[r] = c.index;
        else report(r, c);
      },
    };
  }

  if (item.type === 'multiple') {
    const choices = new Array<Uint16Array | null>(n).fill(null);
    const partCache = new Map<string, CellCode>();
    const coder = labelCoder(item, where, missingNote);
    /** Whole cells repeat ("vloer|overleg"): rows with the same cell share one read-only array. */
    const cellCache = new Map<string, { choice: Uint16Array | null; missing: number; errors: CellError[] }>();
    const codeCell = (cell: string) => {
      const m = missingOf(cell);
      if (m !== undefined) return { choice: null, missing: m, errors: [] };
      const picked = new Set<number>();
      const errs: CellError[] = [];
      for (const part of cell.split(item.separator)) {
        const p = part.trim();
        if (p === '') continue;
        let c = partCache.get(p);
        if (!c) { c = missingOf(p) !== undefined ? { kind: 'missing', index: 0 } : coder(p); partCache.set(p, c); }
        if (c.kind === 'code') picked.add(c.code);
        else if (c.kind === 'error') errs.push(c);
        // A missing code among chosen options ("vloer; weet niet") adds nothing to the choice.
      }
      const choice = picked.size ? Uint16Array.from([...picked].sort((a, b) => a - b)) : null;
      return { choice, missing: choice ? 0 : EMPTY_CELL, errors: errs };
    };
    return {
      column: { type: 'multiple', choices, missing },
      put(r, cell) {
        if (cell === '') { missing[r] = EMPTY_CELL; return; }
        let c = cellCache.get(cell);
        if (!c) { c = codeCell(cell); cellCache.set(cell, c); }
        choices[r] = c.choice;
        missing[r] = c.missing;
        for (const e of c.errors) report(r, e);
      },
    };
  }

  if (item.type === 'number') {
    const values = new Float64Array(n).fill(NaN);
    const range = item.min !== undefined || item.max !== undefined ? `${item.min ?? '−∞'} to ${item.max ?? '∞'}` : '';
    const cache = new Map<string, { value: number } | CellCode>();
    const codeCell = (cell: string): { value: number } | CellCode => {
      const m = missingOf(cell);
      if (m !== undefined) return { kind: 'missing', index: m };
      const v = parseNumber(cell, item.unit);
      if (v === null) return { kind: 'missing', index: EMPTY_CELL };
      if (v === undefined) return { kind: 'error', code: 'not-a-number', what: 'cells that are not numbers', message: `"${excerpt(cell)}" ${where} is not a number`, hint: numberHint(cell, item) + missingNote };
      if ((item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max)) {
        return { kind: 'error', code: 'out-of-range', what: 'numbers out of range', message: `${v} ${where} is outside ${range}`, hint: 'correct the cell, or widen `min:`/`max:` in the definition' };
      }
      return { value: v };
    };
    return {
      column: { type: 'number', values, missing },
      put(r, cell) {
        if (cell === '') { missing[r] = EMPTY_CELL; return; }
        let c = cache.get(cell);
        if (!c) { c = codeCell(cell); cache.set(cell, c); }
        if ('value' in c) values[r] = c.value;
        else if (c.kind === 'missing') missing[r] = c.index;
        else if (c.kind === 'error') report(r, c);
      },
    };
  }

  const texts = new Array<string | null>(n).fill(null);
  return {
    column: { type: 'text', texts, missing },
    put(r, cell) {
      if (cell === '') { missing[r] = EMPTY_CELL; return; }
      const m = textMissingOf(cell);
      if (m !== undefined) missing[r] = m;
      else texts[r] = cell;
    },
  };
}

/** Why a number cell failed, and the fix: most often a unit the item does not declare. */
function numberHint(cell: string, item: SurveyItem): string {
  const unit = /^[-+]?[\d.,]+\s*([\p{L}]+\.?)$/u.exec(cell.trim())?.[1];
  if (unit && item.unit === undefined) return `a unit after the number is read only when the item says so: add \`unit: ${unit}\` to item "${item.id}"`;
  if (unit) return `the item's unit is "${item.unit}", not "${unit}"`;
  return 'use digits with , or . as decimal mark; leave the cell empty when unanswered';
}

/** Code one (non-missing) answer of a likert/single/multiple item: label, or 1..k when `coded`. */
function labelCoder(item: SurveyItem, where: string, missingNote: string): (cell: string) => CellCode {
  const k = item.labels.length;
  const byKey = new Map(item.labels.map((l, i) => [labelKey(l), i + 1]));
  if (item.coded) {
    return (cell) => {
      // Spreadsheets may write a whole number as 3.0 or 3,0.
      const c = /^\d+(?:[.,]0+)?$/.test(cell) ? Number.parseInt(cell, 10) : NaN;
      if (c >= 1 && c <= k) return { kind: 'code', code: c };
      return { kind: 'error', code: 'bad-code', what: 'invalid codes', message: `"${excerpt(cell)}" ${where} is not a code 1–${k}`, hint: `the item is \`coded: true\`: cells hold 1 (= ${item.labels[0]}) to ${k} (= ${item.labels[k - 1]})${missingNote}` };
    };
  }
  return (cell) => {
    const code = byKey.get(labelKey(cell));
    if (code !== undefined) return { kind: 'code', code };
    const near = closest(cell, item.labels, 1);
    return {
      kind: 'error', code: 'unknown-label', what: 'unknown labels',
      message: `"${excerpt(cell)}" ${where} is not one of its labels`,
      hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}valid labels: ${item.labels.join(', ')}${missingNote}; add other no-answer codes to \`missing:\` in the definition`,
    };
  };
}
