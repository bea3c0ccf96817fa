/**
 * What `hefboom agree` keeps of each coder's version of a document, and the interval arithmetic of the
 * character unit. A version is reduced, while the corpus is scanned, to its paragraphs with the rows
 * (codes, levers … after roll-up) each coder gave them and, for the character unit, the coded spans
 * per row as sorted, merged intervals relative to the paragraph: never one entry per character.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { selects, type Selection } from './select.js';

export type AgreementUnit = 'excerpt' | 'document' | 'character';
export const AGREEMENT_UNITS: readonly AgreementUnit[] = ['excerpt', 'document', 'character'];

/** What a row of the agreement table is: a code (with roll-up) or a framework's top-level node. */
export type AgreementLevel = { kind: 'code' } | { kind: 'framework'; framework: string };

/** The rows one coding counts for at this level (a code and its ancestors; the lever it maps to). */
export function rowsOfCoding(codeId: string, level: AgreementLevel, index: CodeIndex): readonly string[] {
  if (level.kind === 'framework') return index.nodesFor(codeId, level.framework);
  return codeId.startsWith('fw:') ? [] : index.codesFor(codeId);
}

export interface ParagraphSummary {
  ordinal: number;
  id: string;
  line: number;
  /** Passes --role/--where/--grep in this version. */
  selected: boolean;
  /** Length in code points. */
  length: number;
  /** Rows present, sorted. */
  rows: string[];
  /** Character unit: row → merged half-open intervals [s0, e0, s1, e1, …] relative to the paragraph. */
  spans?: Map<string, number[]>;
  /** Start of the text, for the disagreement list (only when asked for). */
  text?: string;
}

export interface VersionSummary {
  hasFullText: boolean;
  paragraphs: ParagraphSummary[];
}

export interface SummaryOptions {
  level: AgreementLevel;
  index: CodeIndex;
  selection: Selection;
  /** Keep coded intervals (character unit). */
  spans: boolean;
  /** Keep up to this many characters of each paragraph's text (0: none). */
  textChars: number;
}

/** Sort and merge half-open intervals given as a flat list; touching intervals merge too. */
export function mergeIntervals(flat: number[]): number[] {
  const n = flat.length / 2;
  if (n <= 1) return flat.slice();
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => flat[2 * a] - flat[2 * b] || flat[2 * a + 1] - flat[2 * b + 1]);
  const out: number[] = [];
  for (const i of order) {
    const s = flat[2 * i];
    const e = flat[2 * i + 1];
    if (out.length && s <= out[out.length - 1]) {
      if (e > out[out.length - 1]) out[out.length - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Total length of merged intervals. */
export function coveredLength(merged: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < merged.length; i += 2) n += merged[i + 1] - merged[i];
  return n;
}

function paragraphSummary(x: Excerpt, doc: Document, opts: SummaryOptions): ParagraphSummary {
  const length = Math.max(0, x.end - x.start);
  const rows = new Set<string>();
  let raw: Map<string, number[]> | undefined;
  if (opts.spans) raw = new Map();
  for (const c of x.codings) {
    const rs = rowsOfCoding(c.codeId, opts.level, opts.index);
    if (!rs.length) continue;
    for (const r of rs) rows.add(r);
    if (raw) {
      // Offsets are code points into the document; keep the part inside this paragraph.
      const s = Math.min(length, Math.max(0, c.start - x.start));
      const e = Math.min(length, Math.max(0, c.end - x.start));
      if (e <= s) continue;
      for (const r of rs) {
        let list = raw.get(r);
        if (!list) raw.set(r, (list = []));
        list.push(s, e);
      }
    }
  }
  const p: ParagraphSummary = {
    ordinal: x.ordinal,
    // Copies, so the document's text can be freed once it is summarised.
    id: (' ' + x.id).slice(1),
    line: x.line,
    selected: selects(x, doc, opts.selection, opts.index),
    length,
    rows: [...rows].sort(),
  };
  if (raw) {
    p.spans = new Map();
    for (const [r, list] of raw) p.spans.set(r, mergeIntervals(list));
  }
  if (opts.textChars > 0) p.text = x.text.length > opts.textChars ? `${x.text.slice(0, opts.textChars)}…` : (' ' + x.text).slice(1);
  return p;
}

/** Reduce one coder's version of a document to what agreement needs. */
export function summariseVersion(doc: Document, opts: SummaryOptions): VersionSummary {
  return { hasFullText: doc.hasFullText, paragraphs: doc.excerpts.map((x) => paragraphSummary(x, doc, opts)) };
}

/**
 * Put one coder's intervals onto the reference length L of an aligned paragraph. Coders' copies of a
 * native transcript may differ in white space once tags are removed, so a span that reaches the end
 * of its own paragraph (a whole-paragraph tag) reaches the end of the reference paragraph too.
 */
export function onReference(merged: readonly number[], ownLength: number, refLength: number): number[] {
  if (ownLength === refLength) return merged as number[];
  const out: number[] = [];
  for (let i = 0; i < merged.length; i += 2) {
    const s = Math.min(merged[i], refLength);
    const e = merged[i + 1] >= ownLength ? refLength : Math.min(merged[i + 1], refLength);
    if (e > s) out.push(s, e);
  }
  return mergeIntervals(out);
}

/**
 * Sweep the coders' merged intervals of one row over [0, L): `hist[offset + k]` receives the number
 * of characters that exactly k coders coded (k = 0 … lists.length). The lists are sorted and disjoint,
 * so their boundaries are merged in order without sorting or allocating: O(b · lists) for b boundaries.
 */
export function sweepCounts(lists: readonly (readonly number[])[], length: number, hist: Float64Array | number[], offset = 0): void {
  const n = lists.length;
  const at = n <= 8 ? SWEEP_POSITIONS.fill(0, 0, n) : new Int32Array(n);
  let k = 0;
  let prev = 0;
  for (;;) {
    // The next boundary: the smallest position; at equal positions an end (odd index) goes first.
    let best = -1;
    let bestPos = 0;
    let bestEnd = false;
    for (let j = 0; j < n; j++) {
      const l = lists[j];
      if (at[j] >= l.length) continue;
      const pos = l[at[j]];
      const isEnd = (at[j] & 1) === 1;
      if (best < 0 || pos < bestPos || (pos === bestPos && isEnd && !bestEnd)) { best = j; bestPos = pos; bestEnd = isEnd; }
    }
    if (best < 0) break;
    const pos = Math.min(length, bestPos);
    if (pos > prev) { hist[offset + k] += pos - prev; prev = pos; }
    k += bestEnd ? -1 : 1;
    at[best]++;
  }
  if (length > prev) hist[offset + k] += length - prev;
}

const SWEEP_POSITIONS = new Int32Array(8);
