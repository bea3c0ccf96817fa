/**
 * Telling a QualCoder or Taguette CSV from other tables by its header, without loading the CSV
 * parser: `hefboom` does this for every ad-hoc `.csv` argument at startup.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Header names compared without case, spaces, underscores or hyphens (`Coded_Memo` = `coded memo`). */
export function normHeader(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Which QDA program wrote a CSV, from its header line: QualCoder's coding report has `Codename` and
 * `Coded`; Taguette's highlights and codebook exports have `tag`. Undefined for anything else.
 */
export function sniffQdaCsv(absPath: string): 'qualcoder-csv' | 'taguette-csv' | undefined {
  const cells = headerCells(absPath);
  if (cells.includes('codename') && cells.includes('coded')) return 'qualcoder-csv';
  if (cells.includes('tag') && (cells.includes('content') || cells.includes('description'))) return 'taguette-csv';
  return undefined;
}

/** Whether a Taguette CSV is a codebook export (tags and descriptions) rather than highlights. */
export async function isTaguetteCodebook(absPath: string): Promise<boolean> {
  const cells = headerCells(absPath);
  return !cells.includes('content') && !cells.includes('document');
}

/** The first line's cells, normalised, read from at most 64 kB (enough for any header). */
function headerCells(absPath: string): string[] {
  let head: string;
  try {
    const fd = openSync(absPath, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return [];
  }
  const first = head.replace(/^\xEF\xBB\xBF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(/[,;\t]/).map((c) => normHeader(c.replace(/^"|"$/g, '')));
}
