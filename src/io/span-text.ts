/**
 * Span data (DESIGN.md §3): a document's full text split into paragraphs, and coded spans (code-point
 * offsets into that text) laid over the paragraphs they touch. Shared by segment tables with offsets
 * and by REFI-QDA imports.
 */
import type { Attributes, Coding, Document, Excerpt, Speaker } from '../model/types.js';
import { resolveSpeaker, UNKNOWN_ROLE, type SpeakerRules } from '../model/roles.js';

export interface Paragraph { start: number; end: number; line: number; text: string; speaker: Speaker }

/** How a source marks its paragraphs: a block up to a blank line, or every line. */
export type ParagraphMode = 'blocks' | 'lines';

export interface IndexedText {
  text: string;
  paragraphs: Paragraph[];
  cpLength: number;
  /** Code point → UTF-16 index, only when the text has characters outside the BMP. */
  cpToU16?: Uint32Array;
  displayName: string;
  mode: ParagraphMode;
}

/**
 * Which paragraph rule a text uses. Word processors (and NVivo's plain-text export) end a paragraph
 * with one line break; typed transcripts and hard-wrapped texts separate paragraphs by a blank line.
 * Blank-line blocks averaging more than ten lines mean the blank lines are section breaks, not
 * paragraph breaks, so every line is a paragraph; so does a text without any blank line.
 */
export function chooseParagraphMode(text: string): ParagraphMode {
  let lines = 0;
  let blocks = 0;
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') { inBlock = false; continue; }
    lines++;
    if (!inBlock) { blocks++; inBlock = true; }
  }
  // One block of several lines (no blank line anywhere): a line per paragraph, as in a chat or a
  // word-processor export of short turns.
  if (blocks === 1 && lines > 1) return 'lines';
  return blocks > 0 && blocks * 10 >= lines ? 'blocks' : 'lines';
}

/** Split a text into paragraphs with code-point offsets and speakers (`Label:` at the start). */
export function indexText(text: string, displayName: string, rules: SpeakerRules, mode: ParagraphMode = 'blocks'): IndexedText {
  const paragraphs: Paragraph[] = [];
  let u16 = 0;
  let cp = 0;
  let line = 1;
  let para: { startU16: number; startCp: number; endU16: number; endCp: number; line: number } | undefined;
  const close = () => {
    if (!para) return;
    paragraphs.push(paragraphOf(text, para, rules));
    para = undefined;
  };
  while (u16 <= text.length) {
    let nl = text.indexOf('\n', u16);
    if (nl < 0) nl = text.length;
    let contentEnd = nl > u16 && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    const lineText = text.slice(u16, contentEnd);
    const lineCp = codePointLength(lineText);
    if (lineText.trim() === '') close();
    else {
      if (mode === 'lines') close();
      const lead = lineText.length - lineText.trimStart().length;
      const trail = lineText.length - lineText.trimEnd().length;
      contentEnd -= trail;
      if (!para) para = { startU16: u16 + lead, startCp: cp + codePointLength(lineText.slice(0, lead)), endU16: contentEnd, endCp: 0, line };
      para.endU16 = contentEnd;
      para.endCp = cp + lineCp - codePointLength(lineText.slice(lineText.length - trail));
    }
    cp += codePointLength(text.slice(u16, nl)) + (nl < text.length ? 1 : 0);
    u16 = nl + 1;
    line++;
  }
  close();
  const cpLength = cp;
  return { text, paragraphs, cpLength, cpToU16: cpLength !== text.length ? codePointIndex(text, cpLength) : undefined, displayName, mode };
}

/** Code point → UTF-16 index for a text with surrogate pairs. */
function codePointIndex(text: string, cpLength: number): Uint32Array {
  const map = new Uint32Array(cpLength + 1);
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHigh(text.charCodeAt(i - 1))) continue;
    map[c++] = i;
  }
  map[c] = text.length;
  return map;
}

const LABEL = /^([^:\n]{1,40}?)\s*:[ \t]*(?:\r?\n)?[ \t]*/u;

function paragraphOf(text: string, p: { startU16: number; startCp: number; endU16: number; endCp: number; line: number }, rules: SpeakerRules): Paragraph {
  const body = text.slice(p.startU16, p.endU16);
  const m = LABEL.exec(body);
  if (m) {
    const speaker = resolveSpeaker(m[1], rules);
    if (speaker && m[0].length < body.length) {
      const rest = body.slice(m[0].length);
      return { start: p.startCp + codePointLength(m[0]), end: p.endCp, line: p.line, text: rest, speaker };
    }
  }
  return { start: p.startCp, end: p.endCp, line: p.line, text: body, speaker: { label: '', role: UNKNOWN_ROLE } };
}

export function sliceCodePoints(t: IndexedText, start: number, end: number): string {
  if (!t.cpToU16) return t.text.slice(start, end);
  return t.text.slice(t.cpToU16[start], t.cpToU16[end]);
}

/** One excerpt per paragraph, without codings yet. */
export function excerptsOf(documentId: string, t: IndexedText, attributes: Attributes): Excerpt[] {
  return t.paragraphs.map((p, i) => ({
    id: `${documentId}/p${i + 1}`,
    documentId,
    ordinal: i + 1,
    text: p.text,
    start: p.start,
    end: p.end,
    line: p.line,
    speaker: { ...p.speaker },
    attributes: { ...attributes },
    codings: [],
  }));
}

/** Index of the first paragraph that ends after `offset` (paragraphs are sorted and disjoint). */
export function firstParagraphAfter(paras: Paragraph[], offset: number): number {
  let lo = 0;
  let hi = paras.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paras[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A coded span to lay over the paragraphs. */
export interface Span {
  start: number;
  end: number;
  codeIds: readonly string[];
  coder: string;
  memo?: string;
  /** The coded reference this span is (REFI coding guid); shared by the pieces in each paragraph. */
  ref?: string;
}

/**
 * Code each paragraph the span touches with the part of the span inside it. `seen` (one set per
 * excerpt), when given, keeps the same code on the same piece from being added twice. Returns the
 * indexes of the excerpts touched (empty: the span covers only blank lines or a speaker label).
 */
export function laySpan(excerpts: Excerpt[], paras: Paragraph[], span: Span, seen?: Set<string>[]): number[] {
  const touched: number[] = [];
  for (let i = firstParagraphAfter(paras, span.start); i < paras.length && paras[i].start < span.end; i++) {
    const cs = Math.max(span.start, paras[i].start);
    const ce = Math.min(span.end, paras[i].end);
    if (ce <= cs) continue;
    touched.push(i);
    for (const codeId of span.codeIds) {
      if (seen) {
        const key = `${codeId}\u0000${cs}\u0000${ce}\u0000${span.ref ?? ''}`;
        if (seen[i].has(key)) continue;
        seen[i].add(key);
      }
      const c: Coding = { codeId, coder: span.coder, start: cs, end: ce };
      if (span.memo) c.memo = span.memo;
      if (span.ref) c.ref = span.ref;
      if (cs !== span.start || ce !== span.end) c.refSpan = { start: span.start, end: span.end };
      excerpts[i].codings.push(c);
    }
  }
  return touched;
}

export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if (isHigh(s.charCodeAt(i))) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function lineEndingOf(text: string): 'lf' | 'crlf' | 'none' {
  const i = text.indexOf('\n');
  if (i < 0) return 'none';
  return i > 0 && text.charCodeAt(i - 1) === 0x0d ? 'crlf' : 'lf';
}

/** An excerpt of a table whose rows carry the coded passages themselves (no full text). */
export interface PassageDraft {
  text: string;
  line: number;
  speaker: Speaker;
  attributes: Attributes;
  codings: { codeId: string; memo?: string }[];
}

/**
 * A document made of passages only (segment rows without offsets, QualCoder and Taguette exports):
 * the passages joined by a blank line are its text, each passage is one excerpt coded as a whole.
 */
export function passagesDocument(
  d: { id: string; coder: string; path: string; format: Document['format']; attributes: Attributes },
  drafts: PassageDraft[],
): Document {
  const excerpts: Excerpt[] = [];
  let offset = 0;
  drafts.forEach((p, i) => {
    if (i > 0) offset += 2; // the "\n\n" between passages
    const start = offset;
    const end = start + codePointLength(p.text);
    offset = end;
    excerpts.push({
      id: `${d.id}/p${i + 1}`, documentId: d.id, ordinal: i + 1, text: p.text, start, end, line: p.line,
      speaker: p.speaker, attributes: p.attributes,
      codings: p.codings.map((c): Coding => ({ codeId: c.codeId, coder: d.coder, start, end, ...(c.memo ? { memo: c.memo } : {}) })),
    });
  });
  const text = drafts.map((p) => p.text).join('\n\n');
  return { ...d, text, lineEnding: lineEndingOf(text), excerpts, hasFullText: false };
}
