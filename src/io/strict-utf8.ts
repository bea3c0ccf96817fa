/**
 * Streaming strict UTF-8 decoding for the readers that stream large tables (segment tables, CRM
 * exports, learner registers): the first invalid byte stops the file with a `bad-encoding` error
 * naming its line and column (in code points), instead of turning "ë" into replacement characters
 * (the same rule as decodeBytes in decode.ts for whole files). A leading BOM is dropped; a sequence
 * cut between two chunks waits for the next one.
 */
import type { InputIssue } from '../model/types.js';
import { invalidUtf8At } from './decode.js';

/** Thrown by StrictUtf8Decoder; carries the issue to report. */
export class DecodeFailure extends Error {
  constructor(readonly issue: InputIssue) {
    super(issue.message);
  }
}

/** What the failure says about the file: its display name, what was not read, and the fix. */
export interface DecodeContext {
  file: string;
  /** Ends the message: "the export was not read". */
  notRead: string;
  hint: string;
}

export class StrictUtf8Decoder {
  private carry: Buffer = Buffer.alloc(0);
  private first = true;
  /** Line of the next byte (1-based) and code points since the last LF. */
  private line = 1;
  private col = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(private readonly context: DecodeContext) {}

  /** The text of the complete characters so far; throws DecodeFailure at an invalid byte. */
  write(chunk: Buffer): string {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first) {
      if (buf.length < 3 && chunk.length) {
        this.carry = Buffer.from(buf); // too short to tell whether a BOM starts here
        return '';
      }
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const cut = completeLength(buf);
    const body = buf.subarray(0, cut);
    this.carry = Buffer.from(buf.subarray(cut));
    let text: string;
    try {
      text = this.decoder.decode(body);
    } catch {
      throw this.failure(body, Math.max(0, invalidUtf8At(body)));
    }
    this.advance(body);
    return text;
  }

  /** The rest at the end of the input; throws DecodeFailure for a truncated sequence. */
  end(): string {
    if (this.first && this.carry.length) {
      // An input of one or two bytes: decode what is there.
      this.first = false;
      const buf = this.carry;
      this.carry = Buffer.alloc(0);
      const bad = invalidUtf8At(buf);
      if (bad >= 0) throw this.failure(buf, bad);
      return this.decoder.decode(buf);
    }
    if (this.carry.length) throw this.failure(this.carry, 0);
    return '';
  }

  private advance(body: Buffer): void {
    let lf = body.indexOf(0x0a);
    if (lf < 0) {
      this.col += leadBytes(body, 0, body.length);
      return;
    }
    let last = lf;
    while (lf >= 0) {
      this.line++;
      last = lf;
      lf = body.indexOf(0x0a, lf + 1);
    }
    this.col = leadBytes(body, last + 1, body.length);
  }

  private failure(body: Buffer, bad: number): DecodeFailure {
    const before = body.subarray(0, bad);
    let line = this.line;
    let lastLf = -1;
    for (let i = before.indexOf(0x0a); i >= 0; i = before.indexOf(0x0a, i + 1)) {
      line++;
      lastLf = i;
    }
    const column = (lastLf < 0 ? this.col + leadBytes(before, 0, before.length) : leadBytes(before, lastLf + 1, before.length)) + 1;
    const byte = body[bad] === undefined ? 'end of file' : `byte 0x${body[bad].toString(16).padStart(2, '0')}`;
    return new DecodeFailure({
      severity: 'error', file: this.context.file, line, column, code: 'bad-encoding',
      message: `bytes at line ${line}, column ${column} are not valid UTF-8 (${byte}); ${this.context.notRead}`,
      hint: this.context.hint,
    });
  }
}

/** Number of code points (bytes that are not continuation bytes) in b[from, to). */
function leadBytes(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((b[i] & 0xc0) !== 0x80) n++;
  return n;
}

/** Length of the prefix that does not end inside a multi-byte sequence (the rest waits for the next chunk). */
function completeLength(b: Uint8Array): number {
  const n = b.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = b[i];
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
    return c < 0xc2 || c > 0xf4 || i + need <= n ? n : i;
  }
  return n;
}
