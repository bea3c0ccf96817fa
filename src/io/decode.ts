/**
 * Bytes → text. UTF-8 is checked strictly so that a Windows-1252 export is caught with a clear
 * message instead of turning "ë" into replacement characters; other encodings go through iconv-lite.
 */
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { InputIssue } from '../model/types.js';

export interface DecodedText {
  text: string;
  hadBom: boolean;
  issues: InputIssue[];
}

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
    // isUtf8 (simdutf) plus toString is the fastest strict decode Node offers.
    if (isUtf8(body)) return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), hadBom, issues };
    {
      const pos = Math.max(0, invalidUtf8At(body));
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

/** Index of the first byte of an invalid UTF-8 sequence (overlongs and surrogates included), or -1. */
export function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c === 0xe0) { need = 2; lo = 0xa0; }
    else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) need = 2;
    else if (c === 0xed) { need = 2; hi = 0x9f; }
    else if (c === 0xf0) { need = 3; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) need = 3;
    else if (c === 0xf4) { need = 3; hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d === undefined || d < min || d > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineColumnOfByte(b: Uint8Array, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos; i++) if (b[i] === 0x0a) { line++; lineStart = i + 1; }
  const column = new TextDecoder('utf-8').decode(b.subarray(lineStart, pos)).length + 1;
  return { line, column };
}

/** The first `bytes` bytes of a file (fewer when it is shorter): enough to sniff a delimiter or a line ending. */
export async function readHead(abs: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(abs, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
