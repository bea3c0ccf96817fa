/**
 * Split a large CSV file into byte ranges that each start at a record, so that worker threads can
 * read the ranges side by side (readPathwayRegister on a register of millions of rows).
 *
 * A line break ends a record unless it sits inside a quoted cell. Under RFC 4180 quoting ("" inside
 * a quoted cell is an escaped quote) a break is inside quotes exactly when an odd number of quote
 * characters precede it in the file, so one pass counting quotes finds the safe breaks. The same pass
 * counts line breaks, which gives each range the file line it starts on (messages name file lines).
 *
 * Works on bytes, so only for encodings in which the line break and the quote are single bytes that
 * never occur inside another character: UTF-8 and the single-byte Windows/ISO encodings (not UTF-16).
 * The ranges depend on the file and `size` only, never on the number of threads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { CsvRange } from './crm.js';

const BLOCK = 4 << 20;
const QUOTE = 0x22;

/**
 * Ranges of about `size` bytes covering the whole file, in order; `breakByte` is 0x0a (LF and CRLF
 * files) or 0x0d (old Mac files). One range when the file is smaller than `size`.
 */
export function planCsvChunks(abs: string, size: number, breakByte: number): CsvRange[] {
  const fd = openSync(abs, 'r');
  try {
    const total = fstatSync(fd).size;
    const ranges: CsvRange[] = [];
    let start = 0;
    let startLine = 1;
    let target = size;
    let breaks = 0;
    let inQuotes = false;
    const buf = Buffer.allocUnsafe(BLOCK);
    let pos = 0;
    while (pos < total && target < total) {
      const got = readSync(fd, buf, 0, Math.min(BLOCK, total - pos), pos);
      if (got <= 0) break;
      const block = buf.subarray(0, got);
      // Blocks without quotes (most of a typical register) only need their breaks counted.
      let i = 0;
      while (i < got) {
        if (!inQuotes && block.indexOf(QUOTE, i) < 0) {
          // No quote in the rest of the block: breaks before the target just count; the first break
          // at or after the target ends the range.
          for (let j = block.indexOf(breakByte, i); j >= 0; j = block.indexOf(breakByte, j + 1)) {
            breaks++;
            if (pos + j + 1 >= target && pos + j + 1 < total) {
              ranges.push({ start, end: pos + j + 1, line: startLine });
              start = pos + j + 1;
              startLine = breaks + 1;
              target = start + size;
            }
          }
          i = got;
          break;
        }
        const c = block[i];
        if (c === QUOTE) inQuotes = !inQuotes;
        else if (c === breakByte) {
          breaks++;
          if (!inQuotes && pos + i + 1 >= target && pos + i + 1 < total) {
            ranges.push({ start, end: pos + i + 1, line: startLine });
            start = pos + i + 1;
            startLine = breaks + 1;
            target = start + size;
          }
        }
        i++;
      }
      pos += got;
    }
    ranges.push({ start, end: total, line: startLine });
    return ranges;
  } finally {
    closeSync(fd);
  }
}
