/**
 * Cells of survey and CRM exports: dates in the formats Flemish exports use, numbers with decimal
 * commas and an optional unit ("3,5 uur"), yes/no answers. Each parser says "empty" (null) apart from
 * "unreadable" (undefined), so callers can count missing values and report bad cells by row.
 */
import type { InputIssue } from '../model/types.js';
import { closest } from '../model/issues.js';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date; NaN when the date does not exist (31/02). */
export function dayNumber(year: number, month: number, day: number): number {
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return NaN;
  return t / MS_PER_DAY;
}

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * A date cell as a day number: ISO `2023-02-01` (a time part is ignored) or Belgian day-first
 * `1/2/2023`, `01-02-2023`, `01.02.2023`. Empty → null; anything else (also 31/02/2023, or a
 * two-digit year) → undefined, so the caller reports the cell.
 */
export function parseDay(cell: string): number | null | undefined {
  const c = cell.trim();
  if (c === '') return null;
  let m = ISO.exec(c);
  if (m) {
    const d = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
    return Number.isNaN(d) ? undefined : d;
  }
  m = DMY.exec(c);
  if (m) {
    const d = dayNumber(Number(m[4]), Number(m[3]), Number(m[1]));
    return Number.isNaN(d) ? undefined : d;
  }
  return undefined;
}

const NUMBER = /^[-+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)$/;

/**
 * A number cell: `3.5`, `3,5`, `1.250,5` (Dutch thousands), `-2`. With `unit`, the unit may follow
 * (`3,5 uur`, `90 min` when unit is `min`); units are compared case-insensitively and may be given as
 * a list of spellings. Empty → null; unreadable (or a unit where none is allowed) → undefined.
 */
export function parseNumber(cell: string, unit?: string | readonly string[]): number | null | undefined {
  let c = cell.trim();
  if (c === '') return null;
  if (unit !== undefined) {
    const units = (typeof unit === 'string' ? [unit] : unit).map((u) => u.toLowerCase());
    const lower = c.toLowerCase();
    const u = units.find((x) => x && lower.endsWith(x) && /[\d\s]$/.test(c.slice(0, c.length - x.length)));
    if (u) c = c.slice(0, c.length - u.length).trim();
  }
  if (!NUMBER.test(c)) return undefined;
  if (/^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(c)) c = c.replace(/\./g, '');
  return Number(c.replace(',', '.'));
}

const YES = ['ja', 'j', 'yes', 'y', 'x', '1', 'waar', 'true', 'gedaan', 'ok'];
const NO = ['nee', 'n', 'no', '0', 'onwaar', 'false', 'niet gedaan'];

/** A yes/no cell (ja/nee, x, 1/0 …, or the given spellings). Empty → null; unreadable → undefined. */
export function parseYesNo(cell: string, yes: readonly string[] = YES, no: readonly string[] = NO): boolean | null | undefined {
  const c = cell.trim().toLowerCase();
  if (c === '') return null;
  if (yes.some((y) => y.toLowerCase() === c)) return true;
  if (no.some((n) => n.toLowerCase() === c)) return false;
  return undefined;
}

/** A cell shortened for a message (privacy: never more than a short excerpt). */
export function excerpt(cell: string, max = 30): string {
  const c = cell.replace(/\s+/g, ' ').trim();
  return c.length > max ? `${c.slice(0, max - 1)}…` : c;
}

/**
 * The error for mapped columns missing from a table's header: each with what it was mapped for and
 * the closest header, the columns that were found, and — when the header came out as one column —
 * the delimiter as the likely cause.
 */
export function missingColumnsIssue(a: {
  file: string; line: number; header: readonly string[]; absent: { name: string; what: string }[];
  /** "the export", "the register" */
  table: string;
  /** Project key whose entry takes `delimiter:` ("crm", "pathways"). */
  entry: string;
  /** How to correct the mapping. */
  fix: string;
}): InputIssue {
  const list = a.absent.map((x) => {
    const near = closest(x.name, a.header, 1);
    return `"${x.name}" (${x.what}${near.length ? `; closest: "${near[0]}"` : ''})`;
  }).join(', ');
  const found = a.header.slice(0, 40).map((h) => `"${excerpt(h, 40)}"`).join(', ') + (a.header.length > 40 ? `, … (${a.header.length} columns)` : '');
  const oneColumn = a.header.length === 1 && /[,;\t|]/.test(a.header[0]);
  return {
    severity: 'error', file: a.file, line: a.line, code: 'missing-column',
    message: `${a.absent.length === 1 ? 'a mapped column is' : `${a.absent.length} mapped columns are`} not in ${a.table}: ${list}; columns found: ${found}`,
    hint: oneColumn ? `the header was read as one column: set \`delimiter:\` in the \`${a.entry}:\` entry (e.g. delimiter: ";")` : a.fix,
  };
}
