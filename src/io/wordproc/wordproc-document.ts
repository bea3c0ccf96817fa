/**
 * Word-processor content (WordContent, from docx.ts or odt.ts) → hefboom Documents: excerpts with
 * speakers, timestamps and inline `#code` tags exactly as in the native transcript format, plus the
 * codings written as Word comments (or ODF annotations), one Document per coder.
 *
 * How the native rules are shared: the body is written out as a native transcript — one paragraph
 * per word-processor paragraph, separated by blank lines — and read with `parseTranscript`, so labels,
 * timestamps, tags, `tags-without-text` and unknown-tag errors are literally the native reader's.
 * Comment ranges are then mapped from paragraph offsets to Document.text through that text.
 *
 * Rules applied where the formats leave room:
 * - **Paragraphs and excerpts.** Each paragraph with text is one excerpt; empty paragraphs are not.
 *   Within a paragraph, lines (manual line breaks) that are blank or a separator (`---`, `***`, `___`,
 *   `===`) are left out, so one paragraph is never split into two excerpts and never read as front
 *   matter; a paragraph that is only a separator is no excerpt (as in the native format).
 *   `Excerpt.line` is the 1-based number of the paragraph among the body's paragraphs (headings,
 *   empty paragraphs, table cells and text boxes included, in reading order); messages say
 *   "paragraph N".
 * - **Turn tables** (found by turn-tables.ts, whose comment has the rules): a table with one row
 *   per turn — speaker, text, optionally a time column and a header row. Each turn row is written
 *   as one native paragraph `[time] Label: text`, the text cell's paragraphs joined with line
 *   breaks, so its speaker and time are the native reader's; its `Excerpt.line` is the number of
 *   the text cell's first paragraph with text, and its text starts with what was said (Document.text
 *   holds `Label: ` before it, as for a typed transcript). The header row is no excerpt. Comment
 *   ranges in the row's cells map through the join; a comment only on the speaker or time cell
 *   codes the whole turn, as a comment on a typed label does. Other tables: one excerpt per
 *   cell paragraph, as above.
 * - **Headings** (outline level from the styles) are never excerpts and are not part of
 *   Document.text. With `headings: section` the latest heading's text (tags removed) is the attribute
 *   `section` of the excerpts after it; `headings: ignore` drops them. Tags on a heading code nothing
 *   (warning `tags-in-heading`), as in Markdown transcripts.
 * - **Bold labels.** A paragraph that starts with bold text (optionally a timestamp, then a label of
 *   1–4 words) followed by a tab — `**Mentor 3**⇥Ik doe het voor` — has that label as its speaker
 *   when the native format would accept the label; Document.text then reads `Mentor 3:⇥…` (a colon is
 *   inserted, as the native format writes labels). A bold label that is not a known role or speaker
 *   stays text and gives one `unknown-speaker-label` warning per label. A bold label followed by a
 *   colon is a native label already.
 * - **Comments are codings.** The comment text is split on `;`, `,` and line breaks; each part is
 *   resolved by `resolveCode` (code id, alias or label, case- and accent-insensitive, levers and
 *   framework nodes too). A coding spans the commented text, in code points of Document.text, clipped
 *   to the excerpt (so a comment that also covers the label codes only the spoken text) and trimmed of
 *   white space at both ends (a span edge in white space says nothing, and removed tags move it). A comment
 *   whose range in a paragraph holds no excerpt text (only the label, white space, or an empty
 *   selection) codes the whole excerpt, as a native tag would, unless other paragraphs of the same
 *   comment hold text — then that piece is left out. A comment over several paragraphs is one coding
 *   per paragraph with one `ref` (`comment-<id>`) and a `refSpan`, and one warning per file says how
 *   many comments do so. Replies become the `memo` of the comment's codings (`author: text`, one line
 *   each).
 * - **Unknown codes are errors**, as an unknown `#tag` is in the native format: the command stops and
 *   lists each with the comment's author, date, the commented text and the closest codes. No coding is
 *   made for it (a lenient resolver, as in `codebook --check`, returns the text as its own id instead,
 *   so it is counted as an undefined code). Empty comments, comments without a commented range
 *   (only a reference mark) and comments on headings or empty paragraphs are warnings: they code
 *   nothing, and say so.
 * - **Coders.** Inline tags belong to `opts.coder`. Every comment author is a coder (`coderOf` maps
 *   the name, e.g. through the project's `coders:` aliases; a source entry's `coder:` overrides every
 *   author by mapping them all to one name). One Document per coder: same id, text and excerpts,
 *   each with only that coder's codings, so `hefboom agree` compares the authors paragraph by
 *   paragraph. The `opts.coder` document is returned when it has codings or when there is no other.
 * - Tracked changes are read as accepted, with one warning saying how many; skipped footnotes and
 *   endnotes are only counted (`notes-skipped`).
 */
import type { Attributes, Coding, Document, Excerpt, InputIssue, TagResolution } from '../../model/types.js';
import { excerptForMessage } from '../../model/issues.js';
import { resolveSpeaker, type SpeakerRules } from '../../model/roles.js';
import { parseTranscript } from '../transcript.js';
import type { WordComment, WordContent, WordParagraph } from './content.js';
import { findTurnTables, type Turn } from './turn-tables.js';
import { cpCount, endTrimmed, isTrailing, isWs, LABEL_BODY, SEPARATOR_RE, tagNameEnd } from '../transcript-syntax.js';

export interface WordDocumentOptions {
  /** Display path for messages and Document.path. */
  file: string;
  /** Override from the source entry's `documents:` map; else the file name without extension. */
  documentId?: string;
  /** Coder of inline `#tags` (and of comments whose author is empty). */
  coder: string;
  /** Source-entry attributes. */
  attributes?: Attributes;
  /** Role for paragraphs without a speaker label, else `onbekend`. */
  defaultRole?: string;
  /** Report-style `"…" (Role)` quotes (`quote_labels: true`). */
  quoteLabels?: boolean;
  speakerRules: SpeakerRules;
  /** Resolves inline `#tags`, as for native transcripts. */
  resolveTag(tag: string): TagResolution;
  format: 'docx' | 'odt';
  /** `section`: a heading's text becomes the attribute `section` of the excerpts after it. */
  headings: 'section' | 'ignore';
  /** Resolves one code named in a comment (id, alias or label; case- and accent-insensitive). */
  resolveCode(text: string): TagResolution;
  /** Coder name for a comment author as written (default: the name itself; empty → `coder`). */
  coderOf?(author: string): string;
}

export interface WordDocumentsResult {
  documents: Document[];
  issues: InputIssue[];
  counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Native text

const BOLD_LABEL_RE = new RegExp(String.raw`^[ \t]*(?:(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}(?::\d{2})?[ \t]+[-–—])[ \t]*)?(${LABEL_BODY})$`, 'u');

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWs(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Where the native reader sees code tags in `s` (one or more lines): `#` at the start of a line or
 * after white space or `(`, not escaped, followed by a tag name. Calls `onTag(start, end)` for the
 * `#name` of each (trailing punctuation excluded).
 */
function scanTags(s: string, onTag: (start: number, end: number) => void): void {
  for (let i = s.indexOf('#'); i >= 0; i = s.indexOf('#', i + 1)) {
    const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
    if (prev === 92 /* \ */) continue;
    if (!(prev === -1 || prev === 10 || prev === 40 /* ( */ || isWs(prev))) continue;
    let end = tagNameEnd(s, i + 1);
    if (end === i + 1) continue;
    while (isTrailing(s.charCodeAt(end - 1))) end--;
    onTag(i, end);
    i = end - 1;
  }
}

/** A piece of a Word paragraph kept in the native text: Word offset, length, native offset. */
interface Segment { w: number; len: number; n: number }

/** One paragraph of the native text: what one Word paragraph, or one turn-table row, becomes. */
interface NativePara {
  text: string;
  /** The Word paragraph whose number is the excerpt's line (a turn: its text cell's first paragraph with text). */
  linePara: number;
  section?: string;
}

/** Where the text of one Word paragraph lands in its native paragraph, and how its offsets move. */
interface Placement {
  /** Index of the native paragraph. */
  block: number;
  /** The kept pieces, in order; null: the whole paragraph at native offset 0. */
  segments: Segment[] | null;
  /** Word offset where a colon was inserted after a bold label, or -1. */
  colonAt: number;
}

/** A Word offset of a placed paragraph → an offset in its native paragraph. */
function toNative(pl: Placement, o: number): number {
  let n = o;
  const segs = pl.segments;
  if (segs) {
    if (!segs.length) return 0;
    // After the last kept piece: its end (not the native paragraph's, which may hold more cells).
    const last = segs[segs.length - 1];
    n = last.n + last.len;
    for (const s of segs) {
      if (o <= s.w + s.len) {
        n = o < s.w ? s.n : s.n + (o - s.w);
        break;
      }
    }
  }
  if (pl.colonAt >= 0 && o >= pl.colonAt) n++;
  return n;
}

/** The lines of a paragraph's text that are kept: not blank and not a separator. */
function keptLines(t: string): { w: number; len: number }[] {
  const kept: { w: number; len: number }[] = [];
  for (let w = 0; w <= t.length; ) {
    let e = t.indexOf('\n', w);
    if (e < 0) e = t.length;
    const lineText = t.slice(w, e);
    if (!isBlank(lineText) && !SEPARATOR_RE.test(lineText)) kept.push({ w, len: e - w });
    w = e + 1;
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Offsets: native paragraph → excerpt text

/**
 * A map from offsets in a paragraph's native text to UTF-16 offsets in its excerpt's text, or null
 * when the two cannot be aligned (never expected; the caller then codes the whole excerpt).
 *
 * The native reader only deletes characters (label, timestamp, tags and the white space and
 * punctuation they take along, `\` of `\#`, emptied parentheses, tag-only lines), so the excerpt text
 * is a subsequence of the paragraph. Without `#` or `\` nothing is deleted inside the excerpt and
 * the map is a shift. Otherwise the two are aligned from the end, skipping the characters of tags,
 * so that a letter is never matched to a tag's letter.
 */
function excerptMap(raw: string, xt: string): ((o: number) => number) | null {
  if (raw.indexOf('#') < 0 && raw.indexOf('\\') < 0) {
    const b = endTrimmed(raw, raw.length);
    const a = b - xt.length;
    if (a >= 0 && raw.startsWith(xt, a)) return (o) => Math.max(0, Math.min(xt.length, o - a));
  }
  let skip: Uint8Array | null = new Uint8Array(raw.length);
  scanTags(raw, (s, e) => skip!.fill(1, s, e));
  for (let attempt = 0; attempt < 2; attempt++, skip = null) {
    // m[i]: excerpt offset of the boundary before raw[i].
    const m = new Int32Array(raw.length + 1);
    let j = xt.length - 1;
    m[raw.length] = xt.length;
    for (let i = raw.length - 1; i >= 0; i--) {
      if (j >= 0 && !(skip && skip[i]) && raw.charCodeAt(i) === xt.charCodeAt(j)) {
        m[i] = j;
        j--;
      } else m[i] = j + 1;
    }
    if (j < 0) return (o) => m[Math.max(0, Math.min(raw.length, o))];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The builder

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Turn word-processor content into Documents (see the module comment for the rules). */
export function wordDocuments(content: WordContent, opts: WordDocumentOptions): WordDocumentsResult {
  const file = opts.file;
  const issues: InputIssue[] = [];
  const P = content.paragraphs;
  const counts: Record<string, number> = {
    paragraphs: P.length, headings: 0, excerpts: 0, comments: content.comments.length, replies: 0,
    'comment-codings': 0, 'tracked-changes': content.trackedChanges, 'notes-skipped': content.notesSkipped,
  };

  // ---- 1. the native text ----
  const turnTables = findTurnTables(P, opts.speakerRules, file);
  issues.push(...turnTables.issues);
  counts['turn-tables'] = turnTables.tables;
  counts.turns = turnTables.turns.length;
  const blocks: NativePara[] = [];
  const placeOf: (Placement | undefined)[] = new Array(P.length);
  const parts: string[] = [];
  /** Native line → the Word paragraph it came from, and → its native paragraph (line 0 unused). */
  const lineToPara: number[] = [-1];
  const lineToBlock: number[] = [-1];
  const badLabels = new Map<string, { issue: InputIssue; count: number }>();
  let section: string | undefined;
  /** Add a native paragraph; `lineParas` names the Word paragraph of each of its lines. */
  const addBlock = (text: string, linePara: number, lineParas: number[]): number => {
    const b = blocks.length;
    const np: NativePara = { text, linePara };
    if (opts.headings === 'section' && section !== undefined) np.section = section;
    blocks.push(np);
    if (parts.length) parts.push('\n\n');
    parts.push(text);
    for (const lp of lineParas) { lineToPara.push(lp); lineToBlock.push(b); }
    lineToPara.push(lineParas[lineParas.length - 1]); // the blank line after it
    lineToBlock.push(b);
    return b;
  };
  /** A turn-table row as one native paragraph: `[time] Label: text`, the text cell's paragraphs one line each. */
  const addTurn = (turn: Turn): void => {
    const out: string[] = [];
    let n = 0;
    const put = (s: string) => { out.push(s); n += s.length; };
    const pending: [number, Segment[]][] = [];
    if (turn.time) {
      put('[');
      pending.push([turn.time.paragraph, [{ w: turn.time.start, len: turn.time.end - turn.time.start, n }]]);
      put(`${turn.time.text}] `);
    }
    if (turn.labelAt) pending.push([turn.labelAt.paragraph, [{ w: turn.labelAt.start, len: turn.labelAt.end - turn.labelAt.start, n }]]);
    put(`${turn.label}: `);
    const lineParas: number[] = [];
    for (const p of turn.text) {
      const segs: Segment[] = [];
      for (const k of keptLines(P[p].text)) {
        if (lineParas.length) put('\n');
        segs.push({ w: k.w, len: k.len, n });
        put(P[p].text.slice(k.w, k.w + k.len));
        lineParas.push(p);
      }
      if (segs.length) pending.push([p, segs]);
    }
    if (!lineParas.length) return; // never: a turn's text cell has text
    const b = addBlock(out.join(''), lineParas[0], lineParas);
    for (const [p, segments] of pending) placeOf[p] = { block: b, segments, colonAt: -1 };
  };
  for (let p = 0; p < P.length; p++) {
    const wp = P[p];
    if (wp.heading) {
      counts.headings++;
      section = headingText(wp.text, p, issues, file);
      continue;
    }
    if (wp.generated) {
      counts.generated = (counts.generated ?? 0) + 1;
      continue;
    }
    if (turnTables.header.has(p)) continue;
    const t = turnTables.turnOf.get(p);
    if (t !== undefined) {
      if (turnTables.turns[t].at === p) addTurn(turnTables.turns[t]);
      continue;
    }
    const np = nativeParagraph(wp, opts.speakerRules, (label) => warnBoldLabel(label, p));
    if (!np) continue;
    let lines = 1;
    for (let i = np.text.indexOf('\n'); i >= 0; i = np.text.indexOf('\n', i + 1)) lines++;
    const b = addBlock(np.text, p, new Array<number>(lines).fill(p));
    placeOf[p] = { block: b, segments: np.segments, colonAt: np.colonAt };
  }
  function warnBoldLabel(label: string, p: number): void {
    const seen = badLabels.get(label);
    if (seen) { seen.count++; return; }
    const issue: InputIssue = {
      severity: 'warning', file, line: p + 1, code: 'unknown-speaker-label',
      message: `"${excerptForMessage(label)}" (bold, followed by a tab) looks like a speaker label but is not a known role or speaker; the paragraph is read as a field note`,
      hint: `add it to \`speakers:\` in hefboom.yaml (e.g. \`speakers: {${excerptForMessage(label)}: onderzoeker}\`) or as a synonym in roles.yaml, or set \`speaker_labels: any\` on the source entry`,
    };
    issues.push(issue);
    badLabels.set(label, { issue, count: 1 });
  }
  for (const { issue, count } of badLabels.values()) if (count > 1) issue.message += ` (${count} paragraphs in this file)`;

  const parsed = parseTranscript(parts.join(''), {
    file,
    documentId: opts.documentId ?? baseName(file),
    coder: opts.coder,
    flavour: 'txt',
    attributes: opts.attributes,
    defaultRole: opts.defaultRole,
    quoteLabels: opts.quoteLabels,
    speakerRules: opts.speakerRules,
    resolveTag: opts.resolveTag,
  });
  const paraOfLine = (l: number) => (l >= 1 && l < lineToPara.length ? lineToPara[l] : -1);
  for (const i of parsed.issues) issues.push(paragraphIssue(i, paraOfLine));
  const base = parsed.document!;
  base.format = opts.format;

  const exOfBlock = new Int32Array(blocks.length).fill(-1);
  base.excerpts.forEach((x, k) => {
    const b = lineToBlock[x.line];
    exOfBlock[b] = k;
    x.line = blocks[b].linePara + 1;
    // The native text's line numbers mean nothing in a Word document: provenance is the paragraph.
    delete x.lines;
    const s = blocks[b].section;
    if (s !== undefined) x.attributes.section = s;
  });
  const exOfPara = new Int32Array(P.length).fill(-1);
  for (let p = 0; p < P.length; p++) {
    const pl = placeOf[p];
    if (pl) exOfPara[p] = exOfBlock[pl.block];
  }
  counts.excerpts = base.excerpts.length;

  // ---- 2. comments → codings per coder ----
  const coderOf = (author: string) => {
    const a = author.trim();
    if (!a) return opts.coder;
    return opts.coderOf ? opts.coderOf(a) : a;
  };
  const byCoder = new Map<string, Coding[][]>();
  const codingsOf = (coder: string): Coding[][] => {
    let list = byCoder.get(coder);
    if (!list) byCoder.set(coder, (list = base.excerpts.map(() => [])));
    return list;
  };
  /** Per native paragraph: its offsets → its excerpt's. */
  const mappers = new Map<number, ((o: number) => number) | null>();
  const mapperOf = (b: number, k: number) => {
    if (!mappers.has(b)) mappers.set(b, excerptMap(blocks[b].text, base.excerpts[k].text));
    return mappers.get(b)!;
  };
  /** A commented range of paragraph p (its excerpt k) in code points of Document.text, white space trimmed. */
  const docSpan = (p: number, k: number, start: number, end: number, map: (o: number) => number): { start: number; end: number } => {
    const x = base.excerpts[k];
    let a = map(toNative(placeOf[p]!, start));
    let b = map(toNative(placeOf[p]!, end));
    while (a < b && isWs(x.text.charCodeAt(a))) a++;
    while (b > a && isWs(x.text.charCodeAt(b - 1))) b--;
    const cs = x.start + cpCount(x.text, 0, a);
    return { start: cs, end: cs + cpCount(x.text, a, b) };
  };
  const spanning: WordComment[] = [];

  const app = opts.format === 'odt' ? 'LibreOffice' : 'Word';
  for (const c of content.comments) {
    counts.replies += c.replies.length;
    const who = `comment by ${c.author ? excerptForMessage(c.author) : '(no author)'}${c.date ? ` (${shownDate(c.date)})` : ''}`;
    const commented = excerptForMessage(c.ranges.map((r) => P[r.paragraph]?.text.slice(r.start, r.end) ?? '').join(' '));
    const on = commented ? ` on "${commented}"` : '';
    const line = c.ranges.length ? c.ranges[0].paragraph + 1 : undefined;
    const names = c.text.split(/[;,\n]/).map((s) => s.trim()).filter((s) => s !== '');
    if (!names.length) {
      issues.push({ severity: 'warning', file, ...(line ? { line } : {}), code: 'empty-comment', message: `${who}${on} is empty, so it codes nothing`, hint: 'write the code(s) in the comment, separated by ; or , — or delete the comment' });
      continue;
    }
    const ids: string[] = [];
    for (const name of names) {
      const r = opts.resolveCode(name);
      if (r.ok) {
        if (!ids.includes(r.codeId)) ids.push(r.codeId);
        continue;
      }
      issues.push({
        severity: 'error', file, ...(line ? { line } : {}), code: 'unknown-code',
        message: `${who}${on}: ${r.message}${r.suggestions.length ? `; did you mean: ${r.suggestions.join(', ')}?` : ''}`,
        hint: `correct the comment in ${app} (code ids, aliases or labels separated by ; or ,), or add the code to codebook.yaml as a code or as an alias of an existing code`,
      });
    }
    if (!c.ranges.length) {
      issues.push({ severity: 'warning', file, code: 'comment-without-range', message: `${who} ("${excerptForMessage(c.text)}") is not anchored on any text (it has no commented range), so it codes nothing`, hint: `in ${app}, select the text the comment is about and add the comment again` });
      continue;
    }
    if (!ids.length) continue;

    // Pieces: per paragraph with an excerpt, the commented span in Document.text.
    const pieces: { k: number; start: number; end: number }[] = [];
    let onHeading = false;
    let onHeader = false;
    for (const r of c.ranges) {
      const wp = P[r.paragraph];
      if (!wp) continue;
      if (wp.heading) { onHeading = true; continue; }
      if (turnTables.header.has(r.paragraph)) onHeader = true;
      const k = exOfPara[r.paragraph];
      if (k < 0) continue;
      const x = base.excerpts[k];
      const map = mapperOf(placeOf[r.paragraph]!.block, k);
      if (!map) { pieces.push({ k, start: x.start, end: x.start }); continue; }
      pieces.push({ k, ...docSpan(r.paragraph, k, r.start, r.end, map) });
    }
    // Pieces in one excerpt (the cells and paragraphs of one turn-table row) are one span.
    const byExcerpt = (list: typeof pieces) => {
      const merged: typeof pieces = [];
      for (const s of list) {
        const m = merged.find((y) => y.k === s.k);
        if (!m) merged.push({ ...s });
        else { m.start = Math.min(m.start, s.start); m.end = Math.max(m.end, s.end); }
      }
      return merged;
    };
    const withText = byExcerpt(pieces.filter((s) => s.end > s.start));
    // A piece with no text of its excerpt codes the whole excerpt, unless the comment has text elsewhere.
    const used = withText.length ? withText : byExcerpt(pieces).map((s) => ({ k: s.k, start: base.excerpts[s.k].start, end: base.excerpts[s.k].end }));
    if (!used.length) {
      const what = onHeading ? 'a heading' : onHeader ? 'the header row of a table' : 'an empty paragraph';
      issues.push({
        severity: 'warning', file, ...(line ? { line } : {}), code: onHeading ? 'comment-on-heading' : 'comment-not-on-text',
        message: `${who}${on} is on ${what}, which is not an excerpt, so it codes nothing`,
        hint: 'anchor the comment on the paragraph it is about',
      });
      continue;
    }
    if (used.length > 1) spanning.push(c);
    const memo = c.replies.length ? c.replies.map((r) => `${r.author || '(no author)'}: ${r.text}`).join('\n') : undefined;
    const ref = `comment-${c.id}`;
    const refSpan = used.length > 1 ? { start: used[0].start, end: used[used.length - 1].end } : undefined;
    const target = codingsOf(coderOf(c.author));
    for (const codeId of ids) {
      for (const s of used) {
        const coding: Coding = { codeId, coder: coderOf(c.author), start: s.start, end: s.end, ref };
        if (refSpan) coding.refSpan = refSpan;
        if (memo !== undefined) coding.memo = memo;
        target[s.k].push(coding);
        counts['comment-codings']++;
      }
    }
  }

  if (spanning.length) {
    const authors = [...new Set(spanning.map((c) => (c.author ? excerptForMessage(c.author) : '(no author)')))].sort();
    issues.push({
      severity: 'warning', file, line: spanning[0].ranges[0].paragraph + 1, code: 'comment-spans-paragraphs',
      message: `${plural(spanning.length, 'comment spans', 'comments span')} several paragraphs (by ${authors.join(', ')}); each codes every paragraph it touches, as one coded reference`,
      hint: `nothing to do if that is what was meant; to code one paragraph, shrink the comment's range in ${app}`,
    });
  }
  if (content.trackedChanges > 0) {
    issues.push({
      severity: 'warning', file, code: 'tracked-changes',
      message: `the document has ${plural(content.trackedChanges, 'tracked change', 'tracked changes')}; its text is read as accepted (read as if every change was accepted)`,
      hint: opts.format === 'odt' ? 'accept or reject the changes in LibreOffice (Edit › Track Changes › Manage) so the transcript reads as intended, and save' : 'accept or reject the changes in Word (Review › Accept / Reject) so the transcript reads as intended, and save',
    });
  }

  // ---- 3. one document per coder ----
  const documents: Document[] = [];
  const own = byCoder.get(opts.coder);
  if (own) own.forEach((list, k) => base.excerpts[k].codings.push(...list));
  const others = [...byCoder.keys()].filter((k) => k !== opts.coder);
  if (others.length === 0 || base.excerpts.some((x) => x.codings.length)) documents.push(base);
  for (const coder of others) {
    const list = byCoder.get(coder)!;
    documents.push({
      ...base,
      coder,
      attributes: { ...base.attributes },
      excerpts: base.excerpts.map((x, k) => cloneExcerpt(x, list[k])),
    });
  }
  return { documents, issues, counts };
}

function cloneExcerpt(x: Excerpt, codings: Coding[]): Excerpt {
  const y: Excerpt = { ...x, speaker: { ...x.speaker }, attributes: { ...x.attributes }, codings };
  if (x.time) y.time = { ...x.time };
  return y;
}

/** The native text of one paragraph and how its offsets move, or undefined when it has no text. */
function nativeParagraph(wp: WordParagraph, rules: SpeakerRules, warnLabel: (label: string) => void): { text: string; segments: Segment[] | null; colonAt: number } | undefined {
  const t = wp.text;
  let text: string;
  let segments: Segment[] | null = null;
  if (t.indexOf('\n') < 0) {
    if (isBlank(t) || SEPARATOR_RE.test(t)) return undefined;
    text = t;
  } else {
    const kept: { w: number; len: number; n: number }[] = [];
    const out: string[] = [];
    let n = 0;
    let dropped = false;
    for (let w = 0; w <= t.length; ) {
      let e = t.indexOf('\n', w);
      if (e < 0) e = t.length;
      const lineText = t.slice(w, e);
      if (isBlank(lineText) || SEPARATOR_RE.test(lineText)) dropped = true;
      else {
        if (out.length) n++;
        kept.push({ w, len: e - w, n });
        out.push(lineText);
        n += e - w;
      }
      w = e + 1;
    }
    if (!out.length) return undefined;
    text = out.join('\n');
    if (dropped) segments = kept;
  }

  // A bold label followed by a tab: insert the colon the native format expects.
  let colonAt = -1;
  if (wp.boldPrefix > 0 && (!segments || segments[0].w === 0)) {
    const bold = t.slice(0, wp.boldPrefix);
    const tab = bold.indexOf('\t');
    const cand = tab >= 0 ? bold.slice(0, tab) : bold;
    const labelEnd = endTrimmed(cand, cand.length);
    let after = labelEnd;
    while (after < t.length && (t.charCodeAt(after) === 32 || t.charCodeAt(after) === 9)) after++;
    const m = BOLD_LABEL_RE.exec(cand.slice(0, labelEnd));
    if (m && t.slice(labelEnd, after).includes('\t') && m[1].trim().split(/\s+/).length <= 4) {
      const label = m[1].trim();
      if (resolveSpeaker(label, rules)) {
        colonAt = labelEnd;
        const nAt = segments ? segments[0].n + labelEnd : labelEnd;
        text = `${text.slice(0, nAt)}:${text.slice(nAt)}`;
      } else warnLabel(label);
    }
  }
  return { text, segments, colonAt };
}

/** A heading's text as a section name: tags removed, white space collapsed; undefined when empty. */
function headingText(text: string, p: number, issues: InputIssue[], file: string): string | undefined {
  const spans: [number, number][] = [];
  scanTags(text, (s, e) => spans.push([s, e]));
  let t = text;
  if (spans.length) {
    issues.push({ severity: 'warning', file, line: p + 1, code: 'tags-in-heading', message: `code tags on the heading in paragraph ${p + 1} code nothing`, hint: 'put the tags on the paragraphs they code' });
    for (let i = spans.length - 1; i >= 0; i--) t = t.slice(0, spans[i][0]) + t.slice(spans[i][1]);
  }
  const title = t.replace(/\s+/g, ' ').trim();
  return title ? title : undefined;
}

/** A native reader issue, its lines turned into paragraph numbers. */
function paragraphIssue(i: InputIssue, paraOfLine: (l: number) => number): InputIssue {
  const out: InputIssue = { ...i };
  delete out.column; // columns of the native text mean nothing in a word processor
  const para = (l: string) => paraOfLine(Number(l)) + 1;
  if (out.line !== undefined) {
    const p = paraOfLine(out.line);
    if (p >= 0) out.line = p + 1;
    else delete out.line;
  }
  out.message = out.message
    .replace(/the paragraph at line (\d+)/g, (_, l: string) => `paragraph ${para(l)}`)
    .replace(/\(line (\d+)\)/g, (_, l: string) => `(paragraph ${para(l)})`)
    .replace(/ at line (\d+)/g, (_, l: string) => ` in paragraph ${para(l)}`);
  if (out.code === 'empty-transcript') {
    out.message = out.message.replace(/^transcript /, 'document ');
    out.hint = 'check that the document body holds the transcript text (headers, footers, footnotes and comments are not read)';
  }
  return out;
}

/** A comment date as people read it: `2024-03-15 08:07` from `2024-03-15T08:07:00.000000000`. */
function shownDate(date: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(date);
  return m ? `${m[1]} ${m[2]}` : excerptForMessage(date);
}
