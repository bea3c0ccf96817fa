/**
 * Formula neutralising of CSV text cells (DESIGN.md §8), and its inverse for reading back tables
 * hefboom wrote (the segment tables of `hefboom import`).
 */

/** A string that is just a number (`-0.23`, `+1`, `-1,5`, `2e-3`): no formula, left as is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * DESIGN.md §8: a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so that
 * spreadsheets do not execute it. A text cell that is only a number (`-0.23`, `+3`) cannot be a
 * formula and is left alone (spreadsheets would otherwise show the `'`).
 */
export function neutraliseCsvCell(v: string): string {
  if (!/^[=+\-@\t\r]/.test(v) || PLAIN_NUMBER.test(v)) return v;
  return `'${v}`;
}

/**
 * Undo neutraliseCsvCell when reading a table back (a segment table hefboom import wrote): a cell
 * `'=…`, `'+…`, `'-…`, `'@…` loses the quote that kept a spreadsheet from running it.
 */
export function restoreCsvCell(v: string): string {
  return v.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(v) && !PLAIN_NUMBER.test(v.slice(1)) ? v.slice(1) : v;
}
