/**
 * The native transcript reader (DESIGN.md §4): `.txt` and `.md` files with optional YAML front
 * matter, one excerpt per paragraph, speaker labels, timestamps and `#code` tags.
 *
 * Rules this reader applies where the design leaves room for a choice:
 * - **Paragraphs** are runs of lines up to a blank (or whitespace-only) line. In `.md` a heading line
 *   (`#`…`######` + space) also ends a paragraph. A line of only `---`, `***`, `___` or `===` (three
 *   or more) is a separator in both flavours: it ends a paragraph and is never an excerpt.
 * - **Code tags** are `#` + a letter, then letters, marks, digits and `-_./:`; trailing `.,;:!?/` are
 *   left in the text. A `#` only starts a tag at the start of a line or after white space or `(`, so
 *   `page#top`, `C#` and `#1` are text. `\#` is a literal `#`. A removed tag takes the white space
 *   before it along (`doe het. #voordoen` → `doe het.`), or the white space after it when nothing but
 *   white space precedes it on its line; parentheses left empty by removed tags are removed too.
 *   A line that held only tags is dropped from Document.text altogether, so a coder who puts tags on
 *   their own line and one who puts them at the end of the text produce the same text.
 * - **Tags without text**: a paragraph that has tags but no text (only tags, or `Mentor: #L3`) is
 *   not an excerpt (so excerpt ordinals align across coders); its codings go to the previous
 *   excerpt, with a `tags-without-text` warning. Tags on a heading code nothing (warning).
 * - **Speaker labels**: `Label:` at the start of the paragraph's first text line, optionally after a
 *   timestamp; Label starts with a letter, has 1–4 words of letters, digits, spaces, `-`, `.`, `'`
 *   and at most 40 characters; the colon may not be followed by `//` or a digit (URLs, times).
 *   In `.md` also `**Label:**` and `**Label**:`. The label is a speaker iff `resolveSpeaker` accepts
 *   it. A candidate that is not accepted leaves the paragraph a field note (label kept in the text)
 *   and gives one `unknown-speaker-label` warning per label and file — but only when the candidate
 *   looks like a label: it starts with an upper-case letter, has at most 3 words, and none of its
 *   words is a common Dutch function word or verb (`Ze zei:`, `Het punt is:` are sentences).
 * - **Quote labels** (`quoteLabels`): a whole paragraph `"…" (Label)`, `“…” (Label)` or `'…' (Label)`
 *   is a quote by Label; the excerpt is the quoted text without the marks.
 * - **Front matter** that is never closed is an error; the body is then taken to start after the
 *   first blank line, so the rest of the file is still checked in the same run. Keys other than
 *   `id`, `default_role` and `speakers` become string attributes (nested maps: warning, ignored).
 * - **Offsets** are code points into Document.text, and
 *   `[...Document.text].slice(start, end).join('') === excerpt.text` always holds. Line endings
 *   stay as read, so a multi-line paragraph of a CRLF file has `\r\n` inside its excerpt text.
 */
import { readFile } from 'node:fs/promises';
import type { Attributes, Coding, Document, Excerpt, InputIssue, Speaker, TagResolution } from '../model/types.js';
import { resolveSpeaker, UNKNOWN_ROLE, type SpeakerRules } from '../model/roles.js';
import { excerptForMessage } from '../model/issues.js';
import { decodeBytes } from './decode.js';
import { detach, parseFlatYaml, parseYaml } from './yaml.js';
import { cpCount, endTrimmed, isTrailing, isWs, LABEL_BODY, LABEL_RE, looksLikeLabel, SEPARATOR_RE, tagNameEnd, wordCount } from './transcript-syntax.js';

export interface TranscriptOptions {
  /** Display path for messages and Document.path. */
  file: string;
  /** Override from the source entry's `documents:` map. */
  documentId?: string;
  coder: string;
  /** Default from the file extension (`.md`/`.markdown` → md). */
  flavour?: 'txt' | 'md';
  /** Passed to decodeBytes. */
  encoding?: string;
  /** Source-entry attributes; front matter wins over them. */
  attributes?: Attributes;
  /** Role for field notes (front matter `default_role` wins), else 'onbekend'. */
  defaultRole?: string;
  /** Report-style `"…" (Role)` quotes. */
  quoteLabels?: boolean;
  speakerRules: SpeakerRules;
  resolveTag(tag: string): TagResolution;
}

export interface TranscriptResult {
  document: Document | null;
  issues: InputIssue[];
}

/** Read a transcript file. A file that cannot be read is an error issue, never an exception. */
export async function readTranscript(absPath: string, opts: TranscriptOptions): Promise<TranscriptResult> {
  let buf: Uint8Array;
  try {
    buf = await readFile(absPath);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${(e as Error).message})`;
    return {
      document: null,
      issues: [{ severity: 'error', file: opts.file, code: 'unreadable-file', message: `transcript "${opts.file}" ${why}`, hint: 'check the path or glob of this source in hefboom.yaml' }],
    };
  }
  return parseTranscript(buf, opts);
}

// ---------------------------------------------------------------------------------------------
// Patterns. All are anchored (sticky) and bounded, so none can backtrack far on long lines.

/** `[hh:mm:ss]`, `[mm:ss]` (optional fraction), `(mm:ss)`, `(hh:mm:ss)`, `hh:mm:ss -`, `mm:ss -`. */
const TIME_RE = /[ \t]*(?:\[(\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,3})?\]|\((\d{1,2}:\d{2}(?::\d{2})?)\)|(\d{1,2}:\d{2}(?::\d{2})?)[ \t]+[-–—])[ \t]*/y;
const BOLD_LABEL_RE = new RegExp(String.raw`[ \t]*\*\*[ \t]*(${LABEL_BODY})(?::\*\*|\*\*:)`, 'uy');
const SURROGATE_RE = /[\uD800-\uDFFF]/;


const OPEN_DOUBLE = '"“„«';
const CLOSE_DOUBLE = '"”“»';
const OPEN_SINGLE = "'‘‚";
const CLOSE_SINGLE = "'’‘";

function firstNonWs(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isWs(s.charCodeAt(i))) return i;
  return -1;
}

function seconds(hms: string): number {
  let total = 0;
  let part = 0;
  for (let i = 0; i < hms.length; i++) {
    const c = hms.charCodeAt(i);
    if (c === 58 /* : */) {
      total = (total + part) * 60;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return total + part;
}

interface TagRef {
  name: string;
  line: number;
  column: number;
}

interface CleanLine {
  text: string;
  tags: TagRef[] | null;
}

/**
 * Remove code tags and unescape `\#` in one line. Only positions of `#` are visited, so lines
 * without `#` cost one indexOf.
 */
function cleanLine(raw: string, lineNo: number, hasSurr: boolean): CleanLine {
  let i = raw.indexOf('#');
  if (i < 0) return { text: raw, tags: null };
  let out = '';
  let from = 0;
  let tags: TagRef[] | null = null;
  let parenTag = false;
  while (i >= 0) {
    const prev = i > 0 ? raw.charCodeAt(i - 1) : -1;
    if (prev === 92 /* \ */) {
      out += raw.slice(from, i - 1) + '#';
      from = i + 1;
    } else if (prev === -1 || prev === 40 /* ( */ || isWs(prev)) {
      let tagEnd = tagNameEnd(raw, i + 1);
      if (tagEnd > i + 1) {
        while (isTrailing(raw.charCodeAt(tagEnd - 1))) tagEnd--;
        const name = raw.slice(i + 1, tagEnd);
        (tags ??= []).push({ name, line: lineNo, column: (hasSurr ? cpCount(raw, 0, i) : i) + 1 });
        if (prev === 40) parenTag = true;
        const seg = raw.slice(from, i);
        // Text before the tag, without trailing white space: in `seg`, else in `out` (no `out + seg`,
        // which would build and flatten a new string for every tag).
        const sb = endTrimmed(seg, seg.length);
        const ob = sb > 0 ? -1 : endTrimmed(out, out.length);
        const empty = sb === 0 && ob === 0;
        const lastBefore = sb > 0 ? seg.charCodeAt(sb - 1) : ob > 0 ? out.charCodeAt(ob - 1) : -1;
        // Punctuation after a tag belongs to the sentence, unless the sentence already has its own
        // (`slapen. #x.` → `slapen.`) or there is no sentence (`#x.` on a line of its own).
        if (empty || isTrailing(lastBefore)) {
          while (tagEnd < raw.length && isTrailing(raw.charCodeAt(tagEnd))) tagEnd++;
        }
        if (empty) {
          // Nothing but white space before the tag: drop the white space after it instead.
          out += seg;
          let j = tagEnd;
          while (j < raw.length && isWs(raw.charCodeAt(j))) j++;
          from = j;
        } else {
          out = sb > 0 ? out + seg.slice(0, sb) : out.slice(0, ob);
          from = tagEnd;
        }
        i = raw.indexOf('#', from);
        continue;
      }
    }
    i = raw.indexOf('#', i + 1);
  }
  out += raw.slice(from);
  if (parenTag) out = dropEmptyParens(out);
  return { text: out, tags };
}

/** `tekst (#L3)` → `tekst`: parentheses that held only tags go, with the white space before them. */
function dropEmptyParens(s: string): string {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('('); i >= 0; i = s.indexOf('(', i + 1)) {
    let j = i + 1;
    while (j < s.length && isWs(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 41 /* ) */) continue;
    let k = i;
    while (k > from && isWs(s.charCodeAt(k - 1))) k--;
    out += s.slice(from, k);
    from = j + 1;
    i = j;
  }
  return out + s.slice(from);
}

/** ` Deel 2 ##` → `Deel 2`: closing hashes of a Markdown heading are decoration. */
function headingTitle(rest: string): string {
  let e = endTrimmed(rest, rest.length);
  let k = e;
  while (k > 0 && rest.charCodeAt(k - 1) === 35) k--;
  if (k < e && (k === 0 || isWs(rest.charCodeAt(k - 1)))) e = k;
  return rest.slice(0, e).trim();
}

/** A front matter error; `line` is already a line of the transcript file, not of the YAML. */
function frontMatterIssue(file: string, line: number | undefined, column: number | undefined, message: string, hint: string, field?: string): InputIssue {
  return { severity: 'error', file, line, ...(column !== undefined ? { column } : {}), ...(field ? { field } : {}), code: 'malformed-front-matter', message, hint };
}

function attributeValue(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object' || x instanceof Date)) {
    return v.map((x) => attributeValue(x) ?? '').join(', ');
  }
  return undefined;
}

interface Pos {
  li: number;
  off: number;
}

/** Parse a transcript from text or bytes. Never throws on bad input; problems become issues. */
export function parseTranscript(input: string | Uint8Array, opts: TranscriptOptions): TranscriptResult {
  const file = opts.file;
  const issues: InputIssue[] = [];
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeBytes(input, opts.encoding, file);
    if (d.issues.some((i) => i.severity === 'error')) return { document: null, issues: d.issues };
    issues.push(...d.issues);
    text = d.text;
  }
  const md = (opts.flavour ?? (/\.(md|markdown)$/i.test(file) ? 'md' : 'txt')) === 'md';
  const rules = opts.speakerRules;
  const hasSurr = SURROGATE_RE.test(text);
  const cps = (s: string, from: number, to: number) => (hasSurr ? cpCount(s, from, to) : to - from);

  // ---- lines, one at a time in a single pass: content without its terminator; the terminator's
  // length (0, 1 or 2) and the line's start stay in the variables below ----
  let pos = 0;
  let lineNo = 0;
  let lineStart = 0;
  let contentEnd = 0;
  let termLen = 0;
  let lf = 0;
  let crlf = 0;
  const nextLine = (): string | null => {
    if (pos > text.length || (pos === text.length && lineNo > 0)) return null;
    if (pos === text.length && text.length === 0) {
      pos = 1;
      return null;
    }
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    contentEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    termLen = nl < 0 ? 0 : nl + 1 - contentEnd;
    if (termLen === 2) crlf++;
    else if (termLen === 1) lf++;
    lineStart = pos;
    const line = text.slice(pos, contentEnd);
    pos = nl < 0 ? text.length + 1 : nl + 1;
    lineNo++;
    return line;
  };
  const term = () => (termLen === 2 ? '\r\n' : termLen === 1 ? '\n' : '');

  // ---- front matter ----
  const fmAttrs: Attributes = {};
  let fmId: string | undefined;
  let fmDefaultRole: string | undefined;
  let fmSpeakers: Record<string, string> | undefined;
  let first = nextLine();
  if (first !== null && first.trimEnd() === '---') {
    const yamlStart = pos;
    let yamlEnd = -1;
    let firstBlankNext = -1;
    let firstBlankLine = 0;
    let closed = false;
    for (let l = nextLine(); l !== null; l = nextLine()) {
      if (l.trimEnd() === '---') {
        yamlEnd = lineStart;
        closed = true;
        break;
      }
      if (firstBlankNext < 0 && firstNonWs(l, 0) < 0) {
        firstBlankNext = pos;
        firstBlankLine = lineNo;
      }
    }
    if (closed) {
      // The YAML runs from after the opening line to the start of the closing line.
      // Detached: ids and attribute values outlive this file, and must not keep its whole text alive.
      readFrontMatter(detach(text.slice(yamlStart, yamlEnd)));
      first = nextLine();
    } else {
      issues.push(frontMatterIssue(file, 1, undefined, 'front matter opened by `---` on line 1 is never closed', 'end the front matter with a line `---` before the transcript text starts'));
      // Guess that the YAML ended at its first blank line, so the body is still checked for errors.
      if (firstBlankNext >= 0) {
        pos = firstBlankNext;
        lineNo = firstBlankLine;
      }
      first = nextLine();
    }
  }

  function readFrontMatter(yamlText: string): void {
    const y = parseFlatYaml(yamlText) ?? parseYaml(yamlText, file);
    if (y.issues.length) {
      for (const i of y.issues) {
        issues.push(frontMatterIssue(file, i.line !== undefined ? i.line + 1 : 2, i.column, `front matter: ${i.message}`, i.hint ?? 'fix the YAML between the two `---` lines'));
      }
      return;
    }
    const v = y.value;
    if (v === null || v === undefined) return;
    if (typeof v !== 'object' || Array.isArray(v) || v instanceof Date) {
      issues.push(frontMatterIssue(file, 2, undefined, 'front matter must be a mapping of keys to values (`site: KO3`), not a list or a single value', 'write one `key: value` per line between the `---` lines'));
      return;
    }
    const lineOf = (k: string) => (y.keyLineOf([k]) ?? 1) + 1;
    for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'id') {
        const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
        if (id) fmId = id;
        else issues.push(frontMatterIssue(file, lineOf(k), undefined, '`id:` in the front matter must be a non-empty text', 'write e.g. `id: ko3-focusgroep-1`', k));
      } else if (k === 'default_role') {
        const r = typeof raw === 'string' ? raw.trim() : '';
        if (!r) issues.push(frontMatterIssue(file, lineOf(k), undefined, '`default_role:` in the front matter must be a role such as `onderzoeker`', 'write e.g. `default_role: onderzoeker`', k));
        else fmDefaultRole = r;
      } else if (k === 'speakers') {
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
          issues.push(frontMatterIssue(file, lineOf(k), undefined, '`speakers:` in the front matter must map names to roles', 'write e.g. `speakers: {Sofie: kinderbegeleider}`', k));
          continue;
        }
        fmSpeakers = {};
        for (const [name, role] of Object.entries(raw as Record<string, unknown>)) {
          if (typeof role !== 'string' || !role.trim()) {
            issues.push(frontMatterIssue(file, y.keyLineOf(['speakers', name]) !== undefined ? y.keyLineOf(['speakers', name])! + 1 : lineOf(k), undefined, `speaker "${excerptForMessage(name)}" in the front matter has no role`, `write e.g. \`${excerptForMessage(name)}: kinderbegeleider\``, 'speakers'));
            continue;
          }
          fmSpeakers[name] = role.trim();
          if (!rules.roles.isRole(role.trim()) && !rules.roles.resolve(role)) {
            issues.push({ severity: 'warning', file, line: (y.lineOf(['speakers', name]) ?? 1) + 1, field: 'speakers', code: 'unknown-role', message: `speaker "${excerptForMessage(name)}" has role "${excerptForMessage(role)}", which is not a known role; it is kept as written`, hint: 'use a role id such as kinderbegeleider, mentor or cursist, or add the role to roles.yaml' });
          }
        }
      } else {
        const s = attributeValue(raw);
        if (s === undefined) {
          if (raw !== null && raw !== undefined) {
            issues.push({ severity: 'warning', file, line: lineOf(k), field: k, code: 'front-matter-value', message: `front matter key "${k}" holds a nested structure; attributes must be single values, so it is ignored`, hint: `write it as one value, e.g. \`${k}: waarde\`` });
          }
        } else fmAttrs[k] = s;
      }
    }
  }

  const documentId = opts.documentId ?? fmId ?? baseName(file);
  const docAttrs: Attributes = { ...(opts.attributes ?? {}), ...fmAttrs };
  const defaultRoleRaw = fmDefaultRole ?? opts.defaultRole ?? UNKNOWN_ROLE;
  const defaultRole = rules.roles.resolve(defaultRoleRaw)?.role ?? defaultRoleRaw;
  const docRules: SpeakerRules = fmSpeakers ? { ...rules, speakers: { ...rules.speakers, ...fmSpeakers } } : rules;

  // ---- body ----
  const parts: string[] = [];
  let unitPos = 0;
  let cpPos = 0;
  const emit = (s: string, t: string) => {
    parts.push(s);
    if (t) parts.push(t);
    unitPos += s.length + t.length;
    cpPos += cps(s, 0, s.length) + t.length;
  };

  const excerpts: Excerpt[] = [];
  const unitSpans: number[] = [];
  const tagCache = new Map<string, TagResolution>();
  const unknownLabels = new Map<string, { issue: InputIssue; count: number }>();
  // Labels repeat on every turn; resolving (accent folding, synonym lookup) once per label is enough.
  const speakerCache = new Map<string, Speaker | null>();
  const speakerOf = (label: string): Speaker | null => {
    let sp = speakerCache.get(label);
    if (sp === undefined) {
      sp = resolveSpeaker(label, docRules);
      speakerCache.set(label, sp);
    }
    return sp ? { ...sp } : null;
  };
  let section: string | undefined;

  let paraLine = 0;
  // The current paragraph's text lines, as parallel arrays reused from paragraph to paragraph (a
  // corpus has millions of lines; one object per line is measurable): cleaned text, and the code
  // unit and code point offsets of the line's start in Document.text.
  const paraClean: string[] = [];
  const paraU: number[] = [];
  const paraC: number[] = [];
  /** File line of each kept line (lines of only tags are not kept). */
  const paraLineNo: number[] = [];
  let paraN = 0;
  let paraTags: TagRef[] = [];

  const resolveTags = (tags: TagRef[]): string[] => {
    const ids: string[] = [];
    for (const t of tags) {
      let r = tagCache.get(t.name);
      if (!r) {
        r = opts.resolveTag(t.name);
        tagCache.set(t.name, r);
      }
      if (r.ok) {
        if (!ids.includes(r.codeId)) ids.push(r.codeId);
      } else {
        issues.push({
          severity: 'error',
          file,
          line: t.line,
          column: t.column,
          code: 'unknown-code',
          message: `unknown code tag "#${excerptForMessage(t.name)}": ${r.message}${r.suggestions.length ? `; did you mean: ${r.suggestions.join(', ')}?` : ''}`,
          hint: 'fix the tag, or add it to codebook.yaml as a code or as an alias of an existing code (write `\\#` for a literal #)',
        });
      }
    }
    return ids;
  };

  const warnLabel = (label: string, line: number, quoted: boolean) => {
    const seen = unknownLabels.get(label);
    if (seen) {
      seen.count++;
      return;
    }
    const issue: InputIssue = {
      severity: 'warning',
      file,
      line,
      code: 'unknown-speaker-label',
      message: quoted
        ? `quote label "(${excerptForMessage(label)})" is not a known role or speaker; kept as written with role ${UNKNOWN_ROLE}`
        : `"${excerptForMessage(label)}:" looks like a speaker label but is not a known role or speaker; the paragraph is read as a field note (role ${defaultRole})`,
      hint: `add it to \`speakers:\` in hefboom.yaml (e.g. \`speakers: {${excerptForMessage(label)}: onderzoeker}\`) or as a synonym in roles.yaml, or set \`speaker_labels: any\` on the source entry`,
    };
    issues.push(issue);
    unknownLabels.set(label, { issue, count: 1 });
  };

  const posUnit = (p: Pos) => paraU[p.li] + p.off;
  const posCp = (p: Pos) => paraC[p.li] + cps(paraClean[p.li], 0, p.off);
  const seekForward = (li: number, off: number): Pos | null => {
    for (let i = li; i < paraN; i++) {
      const j = firstNonWs(paraClean[i], i === li ? off : 0);
      if (j >= 0) return { li: i, off: j };
    }
    return null;
  };
  const seekBackward = (li: number, off: number): Pos | null => {
    for (let i = li; i >= 0; i--) {
      const s = paraClean[i];
      const j = endTrimmed(s, i === li ? off : s.length);
      if (j > 0) return { li: i, off: j };
    }
    return null;
  };
  const before = (a: Pos, b: Pos) => a.li < b.li || (a.li === b.li && a.off < b.off);

  /** `"…" (Label)` over the whole paragraph, starting at `from` on its first line. */
  const matchQuote = (from: number): { start: Pos | null; end: Pos | null; label: string } | null => {
    const open = seekForward(0, from);
    if (!open || open.li !== 0) return null;
    const oc = paraClean[0][open.off];
    const double = OPEN_DOUBLE.includes(oc);
    if (!double && !OPEN_SINGLE.includes(oc)) return null;
    const li = paraN - 1;
    const last = paraClean[li];
    const e = endTrimmed(last, last.length);
    if (e === 0 || last[e - 1] !== ')') return null;
    const lp = last.lastIndexOf('(', e - 1);
    if (lp < 0) return null;
    const label = last.slice(lp + 1, e - 1).trim();
    if (!label || label.length > 40 || label.includes(')')) return null;
    const q = endTrimmed(last, lp);
    if (q === 0) return null;
    const close: Pos = { li, off: q - 1 };
    if (!before(open, close)) return null;
    if (!(double ? CLOSE_DOUBLE : CLOSE_SINGLE).includes(last[q - 1])) return null;
    const start = seekForward(0, open.off + 1);
    const end = seekBackward(li, q - 1);
    return { start: start && before(start, close) ? start : null, end, label };
  };

  const tagsWithoutText = (ids: string[], line: number, why: string) => {
    const prev = excerpts[excerpts.length - 1];
    if (prev) {
      for (const id of ids) {
        if (!prev.codings.some((c) => c.codeId === id)) prev.codings.push({ codeId: id, coder: opts.coder, start: prev.start, end: prev.end });
      }
    }
    issues.push({
      severity: 'warning',
      file,
      line,
      code: 'tags-without-text',
      message: prev
        ? `${why}; its tags were added to the paragraph above (line ${prev.line})`
        : `${why}, and there is no paragraph above it, so its tags code nothing`,
      hint: 'put tags at the end of the paragraph they code, without a blank line in between',
    });
  };

  const endParagraph = () => {
    if (paraLine === 0) return;
    const line = paraLine;
    const ids = paraTags.length ? resolveTags(paraTags) : [];
    const hadTags = paraTags.length > 0;
    paraLine = 0;
    paraTags = [];
    if (paraN === 0) {
      if (hadTags) tagsWithoutText(ids, line, `the paragraph at line ${line} holds only code tags`);
      return;
    }
    const firstClean = paraClean[0];
    let from = 0;
    let time: number | undefined;
    // Timestamps start with `[`, `(` or a digit; other paragraphs skip the regex.
    const t0 = firstClean.charCodeAt(firstNonWs(firstClean, 0));
    TIME_RE.lastIndex = 0;
    const tm = t0 === 91 || t0 === 40 || (t0 >= 48 && t0 <= 57) ? TIME_RE.exec(firstClean) : null;
    if (tm) {
      time = seconds(tm[1] ?? tm[2] ?? tm[3]);
      from = TIME_RE.lastIndex;
    }
    let speaker: Speaker | null = null;
    let start: Pos | null = null;
    let end: Pos | null = null;
    let labelText: string | undefined;
    const q = opts.quoteLabels ? matchQuote(from) : null;
    if (q) {
      speaker = speakerOf(q.label);
      if (!speaker) {
        warnLabel(q.label, line, true);
        speaker = { label: q.label, role: UNKNOWN_ROLE };
      }
      start = q.start;
      end = q.end;
    } else {
      let m: RegExpExecArray | null = null;
      let after = 0;
      // A label's colon comes within its first 40-odd characters; most field notes have none there.
      const colon = firstClean.indexOf(':', from);
      if (colon >= 0 && colon <= from + 48) {
        if (md) {
          BOLD_LABEL_RE.lastIndex = from;
          m = BOLD_LABEL_RE.exec(firstClean);
          after = BOLD_LABEL_RE.lastIndex;
        }
        if (!m) {
          LABEL_RE.lastIndex = from;
          m = LABEL_RE.exec(firstClean);
          after = LABEL_RE.lastIndex;
        }
      }
      if (m) {
        const label = m[1].trim();
        if (wordCount(label) <= 4) {
          labelText = label;
          speaker = speakerOf(label);
          if (speaker) from = after;
          else if (looksLikeLabel(label)) warnLabel(label, line, false);
        }
      }
      start = seekForward(0, from);
      const li = paraN - 1;
      end = seekBackward(li, paraClean[li].length);
    }
    if (!start || !end || !before(start, end)) {
      if (hadTags) tagsWithoutText(ids, line, `the paragraph at line ${line} has code tags but no text`);
      else if (speaker && labelText !== undefined) {
        issues.push({ severity: 'warning', file, line, code: 'empty-turn', message: `the turn of "${excerptForMessage(speaker.label)}" at line ${line} has no text; it is not counted as an excerpt`, hint: 'fill in what was said (e.g. `[onverstaanbaar]`) or remove the label' });
      }
      paraN = 0;
      return;
    }
    const ordinal = excerpts.length + 1;
    const cStart = posCp(start);
    const cEnd = posCp(end);
    const codings: Coding[] = ids.map((codeId) => ({ codeId, coder: opts.coder, start: cStart, end: cEnd }));
    const x: Excerpt = {
      id: `${documentId}/p${ordinal}`,
      documentId,
      ordinal,
      text: '',
      start: cStart,
      end: cEnd,
      line,
      speaker: speaker ?? { label: '', role: defaultRole },
      // Each excerpt owns its attributes: later steps add speaker attributes per excerpt.
      attributes: Object.assign({}, docAttrs),
      codings,
    };
    if (section !== undefined) x.attributes.section = section;
    if (time !== undefined) x.time = { start: time };
    // The file line of each line of the text, when they are not line, line + 1, … (a line of only
    // tags was left out, or the text starts below a label on a line of its own).
    for (let k = start.li; k <= end.li; k++) {
      if (paraLineNo[k] !== line + k - start.li) { x.lines = paraLineNo.slice(start.li, end.li + 1); break; }
    }
    excerpts.push(x);
    unitSpans.push(posUnit(start), posUnit(end));
    paraN = 0;
  };

  for (let raw = first; raw !== null; raw = nextLine()) {
    const t = term();
    if (firstNonWs(raw, 0) < 0) {
      endParagraph();
      emit(raw, t);
      continue;
    }
    if (md && raw.charCodeAt(0) === 35 /* # */) {
      let h = 1;
      while (h < raw.length && raw.charCodeAt(h) === 35) h++;
      if (h <= 6 && (h === raw.length || raw.charCodeAt(h) === 32 || raw.charCodeAt(h) === 9)) {
        endParagraph();
        const c = cleanLine(raw, lineNo, hasSurr);
        if (c.tags) {
          resolveTags(c.tags);
          issues.push({ severity: 'warning', file, line: lineNo, code: 'tags-in-heading', message: `code tags on the heading at line ${lineNo} code nothing`, hint: 'put the tags on the paragraphs they code' });
        }
        const title = headingTitle(c.text.slice(h));
        section = title ? detach(title) : undefined;
        emit(c.text, t);
        continue;
      }
    }
    const f0 = raw.charCodeAt(firstNonWs(raw, 0));
    // Only lines starting with - * _ = can be separators; most lines skip the regex.
    if ((f0 === 45 || f0 === 42 || f0 === 95 || f0 === 61) && SEPARATOR_RE.test(raw)) {
      endParagraph();
      emit(raw, t);
      continue;
    }
    const c = cleanLine(raw, lineNo, hasSurr);
    if (paraLine === 0) paraLine = lineNo;
    if (c.tags) for (const tag of c.tags) paraTags.push(tag);
    if (c.tags && firstNonWs(c.text, 0) < 0) continue; // a line of only tags leaves no trace in the text
    paraClean[paraN] = c.text;
    paraLineNo[paraN] = lineNo;
    paraU[paraN] = unitPos;
    paraC[paraN] = cpPos;
    paraN++;
    emit(c.text, t);
  }
  endParagraph();

  for (const { issue, count } of unknownLabels.values()) {
    if (count > 1) issue.message += ` (${count} paragraphs in this file)`;
  }

  const docText = parts.join('');
  for (let i = 0; i < excerpts.length; i++) excerpts[i].text = docText.slice(unitSpans[2 * i], unitSpans[2 * i + 1]);

  if (excerpts.length === 0) {
    issues.push({ severity: 'warning', file, line: 1, code: 'empty-transcript', message: `transcript "${file}" has no paragraphs to analyse`, hint: 'check that the file holds the transcript text after its front matter' });
  }

  const document: Document = {
    id: documentId,
    path: file,
    format: 'transcript',
    coder: opts.coder,
    attributes: docAttrs,
    text: docText,
    lineEnding: crlf === 0 && lf === 0 ? 'none' : crlf > lf ? 'crlf' : 'lf',
    excerpts,
    hasFullText: true,
  };
  return { document, issues };
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
