/**
 * Bytes → text. UTF-8 is checked strictly so that a Windows-1252 export is caught with a clear
 * message instead of turning "ë" into replacement characters; other encodings go through iconv-lite.
 */
import iconv from 'iconv-lite';
import type { InputIssue } from '../model/types.js';

export interface DecodedText {
  text: string;
  hadBom: boolean;
  issues: InputIssue[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Normalise an encoding name as users write it (`utf8`, `UTF-8`, `cp1252`, `latin1`). */
export function normaliseEncoding(name: string | undefined): string {
  const n = (name ?? 'utf-8').trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf8') return 'utf-8';
  if (n === 'cp1252' || n === 'win1252' || n === 'windows1252' || n === 'ansi') return 'windows-1252';
  return n;
}

export function isSupportedEncoding(name: string): boolean {
  const n = normaliseEncoding(name);
  return n === 'utf-8' || iconv.encodingExists(n);
}

/** Decode a whole buffer. A BOM is stripped; undecodable UTF-8 is an error that names line and column. */
export function decodeBytes(buf: Uint8Array, encoding: string | undefined, file: string): DecodedText {
  const enc = normaliseEncoding(encoding);
  const issues: InputIssue[] = [];
  if (enc === 'utf-8') {
    const hadBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    const body = hadBom ? buf.subarray(3) : buf;
    try {
      return { text: utf8.decode(body), hadBom, issues };
    } catch {
      const pos = firstInvalidUtf8(body);
      const { line, column } = lineColumnOfByte(body, pos);
      issues.push({
        severity: 'error',
        file,
        line,
        column,
        code: 'bad-encoding',
        message: `bytes at line ${line}, column ${column} are not valid UTF-8 (byte 0x${body[pos].toString(16).padStart(2, '0')})`,
        hint: 'the file is probably a Windows export: set `encoding: windows-1252` in its source entry (or `--encoding windows-1252`)',
      });
      return { text: new TextDecoder('utf-8').decode(body), hadBom, issues };
    }
  }
  if (!iconv.encodingExists(enc)) {
    issues.push({
      severity: 'error',
      file,
      code: 'unknown-encoding',
      message: `unknown encoding "${encoding}"`,
      hint: 'use utf-8, windows-1252, iso-8859-1 or utf-16le',
    });
    return { text: '', hadBom: false, issues };
  }
  const text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), enc, { stripBOM: true });
  return { text, hadBom: false, issues };
}

/** Index of the first byte that starts an invalid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length - 1;
}

function lineColumnOfByte(b: Uint8Array, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos; i++) if (b[i] === 0x0a) { line++; lineStart = i + 1; }
  const column = new TextDecoder('utf-8').decode(b.subarray(lineStart, pos)).length + 1;
  return { line, column };
}
