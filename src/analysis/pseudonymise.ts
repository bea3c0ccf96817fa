/**
 * Pseudonymisation of text (`hefboom anonymise`): find the variants of a pseudonym map in a text,
 * case- and accent-insensitively on word boundaries, longest variant first, and replace them by their
 * pseudonym; report every replacement with its code-point offsets so spans into the text (segment
 * tables with start/end) can be remapped to cover the same words. Pure: text in, text out.
 *
 * Rules (documented in the README):
 * - A variant matches when it is not preceded or followed by a letter or digit (`Sofie` in `Sofie,`,
 *   `(Sofie)`, `ko3-sofie.txt`, but not in `Sofiestraat`). White space inside a variant matches any run
 *   of spaces with at most one line break (`Sofie\nPeeters`).
 * - Possessives are part of the match: `Sofie's`/`Sofie’s` keep their ending (`Mentor 3's`); the Dutch
 *   genitive without apostrophe (`Sofies boek`) becomes `Mentor 3’s` (a typographic apostrophe, which
 *   is safe in every file format hefboom writes).
 * - In an identifier (file names, document ids) the pseudonym is written with `-` for spaces, and in
 *   lower case when the matched text was (`interview-sofie.txt` → `interview-mentor-3.txt`).
 */
import { fold } from '../model/issues.js';

export interface PseudonymEntry {
  pseudonym: string;
  /** person | site | organisation | place | other. */
  kind: string;
  variants: string[];
  /** Line of the entry in the map file (messages). */
  line?: number;
}

/** How a stretch of text is treated: free text, an identifier, or left as it is (code ids). */
export type TextContext = 'name' | 'id' | 'keep';

export interface Matcher {
  entries: PseudonymEntry[];
  regex: RegExp;
  /** Folded variant with single spaces → entry index. */
  byVariant: Map<string, number>;
}

export interface Match {
  /** UTF-16 offsets into the original text, possessive ending included. */
  start: number;
  end: number;
  entry: number;
  /** `'s`, `’s`, `s` or ''. */
  possessive: string;
}

export interface Edit {
  /** Code-point offsets into the original text. */
  start: number;
  end: number;
  /** Code-point offsets into the new text. */
  newStart: number;
  newEnd: number;
  entry: number;
}

export interface PseudonymiseResult {
  text: string;
  edits: Edit[];
  /** Matches left as they were because their context is `keep` (a code tag or code id). */
  kept: Match[];
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;
const SPACE_RUN = '(?:[^\\S\\r\\n]+|[^\\S\\r\\n]*\\r?\\n[^\\S\\r\\n]*)';

/** Fold one variant the way text is folded, with white space as single spaces. */
export function foldVariant(v: string): string {
  return fold(v.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/** One regular expression over folded text: every variant, longest first, on word boundaries. */
export function buildMatcher(entries: PseudonymEntry[]): Matcher {
  const byVariant = new Map<string, number>();
  entries.forEach((e, i) => { for (const v of e.variants) { const f = foldVariant(v); if (f && !byVariant.has(f)) byVariant.set(f, i); } });
  // Longest first, so `Sofie Peeters` wins over `Sofie` at the same position.
  const alts = [...byVariant.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((v) => v.split(' ').map((w) => w.replace(ESCAPE, '\\$&')).join(SPACE_RUN));
  const source = alts.length ? `(?<![\\p{L}\\p{N}])(${alts.join('|')})(?:(['’]s)|(s))?(?![\\p{L}\\p{N}])` : '(?!)';
  return { entries, regex: new RegExp(source, 'gu'), byVariant };
}

/**
 * The text folded code point by code point (lower case, accents removed), with the original UTF-16
 * offset of each folded unit, so a match in the folded text maps back exactly.
 */
function foldWithMap(text: string): { folded: string; origin: Uint32Array } {
  const parts: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let f: string;
    if (cp < 128) f = cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : text[i];
    else f = fold(String.fromCodePoint(cp));
    for (let k = 0; k < f.length; k++) origin.push(i);
    parts.push(f);
    i += width;
  }
  origin.push(text.length);
  return { folded: parts.join(''), origin: Uint32Array.from(origin) };
}

const MARK = /\p{M}/u;

/** Every match of a mapped variant in the text, in order. */
export function findMatches(text: string, m: Matcher): Match[] {
  if (!m.byVariant.size) return [];
  const { folded, origin } = foldWithMap(text);
  const out: Match[] = [];
  m.regex.lastIndex = 0;
  for (let r = m.regex.exec(folded); r; r = m.regex.exec(folded)) {
    const entry = m.byVariant.get(r[1].replace(/\s+/g, ' '));
    if (entry === undefined) continue;
    const start = origin[r.index];
    let end = origin[r.index + r[0].length];
    // A decomposed accent (e + U+0301) folds to nothing: it belongs to the name.
    while (end < text.length && MARK.test(text[end])) end++;
    const possessive = r[2] ? text.slice(origin[r.index + r[1].length], end) : r[3] ? 's' : '';
    out.push({ start, end, entry, possessive });
  }
  return out;
}

/** The pseudonym as it is written in a context (see the module comment). */
export function pseudonymFor(entry: PseudonymEntry, matched: string, context: 'name' | 'id', possessive: string): string {
  if (context === 'id') {
    const slug = entry.pseudonym.trim().replace(/\s+/g, '-');
    const out = /\p{Lu}/u.test(matched) ? slug : slug.toLowerCase();
    return out + possessive;
  }
  if (possessive === 's') return `${entry.pseudonym}’s`;
  return entry.pseudonym + possessive;
}

function cpCount(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to; i++) { const c = s.charCodeAt(i); if (c >= 0xdc00 && c <= 0xdfff && i > from) n--; }
  return n;
}

/**
 * Replace every match by its pseudonym. `contextAt(offset)` tells how the text at a UTF-16 offset is
 * treated (default: free text everywhere).
 */
export function pseudonymise(text: string, m: Matcher, contextAt: (u16: number) => TextContext = () => 'name'): PseudonymiseResult {
  const matches = findMatches(text, m);
  if (!matches.length) return { text, edits: [], kept: [] };
  const parts: string[] = [];
  const edits: Edit[] = [];
  const kept: Match[] = [];
  let at = 0; // UTF-16 position in the original text
  let cpAt = 0; // its code-point offset
  let shift = 0; // new minus old, in code points
  for (const x of matches) {
    const ctx = contextAt(x.start);
    if (ctx === 'keep') { kept.push(x); continue; }
    const base = text.slice(x.start, x.end - x.possessive.length);
    const replacement = pseudonymFor(m.entries[x.entry], base, ctx, x.possessive);
    parts.push(text.slice(at, x.start));
    const start = cpAt + cpCount(text, at, x.start);
    const end = start + cpCount(text, x.start, x.end);
    const newLen = cpCount(replacement, 0, replacement.length);
    edits.push({ start, end, newStart: start + shift, newEnd: start + shift + newLen, entry: x.entry });
    shift += newLen - (end - start);
    parts.push(replacement);
    at = x.end;
    cpAt = end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), edits, kept };
}

/**
 * A code-point offset into the original text, moved to the new text. An offset inside a replaced
 * name moves to the start of its pseudonym (side `start`) or its end (side `end`), so a span keeps
 * covering the same words.
 */
export function remapOffset(edits: readonly Edit[], offset: number, side: 'start' | 'end'): number {
  // Edits are sorted and disjoint: binary search for the number of edits ending at or before offset.
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (edits[mid].end <= offset) lo = mid + 1; else hi = mid; }
  const next = edits[lo];
  if (next && next.start < offset && offset < next.end) return side === 'start' ? next.newStart : next.newEnd;
  if (lo === 0) return offset;
  const prev = edits[lo - 1];
  return offset + (prev.newEnd - prev.end);
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, u16: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < u16; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, column: u16 - lineStart + 1 };
}

/** Ranges of `#code` tags (DESIGN.md §4): they are code ids, never rewritten. */
export function tagRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /(^|[\s(])(#\p{L}[\p{L}\p{M}\p{N}\-_./:]*)/gu;
  for (let r = re.exec(text); r; r = re.exec(text)) {
    const start = r.index + r[1].length;
    if (start > 0 && text[start - 1] === '\\') continue;
    out.push([start, start + r[2].length]);
  }
  return out;
}

/** A context function from sorted, disjoint ranges: inside a range → its context, else `fallback`. */
export function contextFromRanges(ranges: { start: number; end: number; context: TextContext }[], fallback: TextContext = 'name'): (u16: number) => TextContext {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  return (u16) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid].start <= u16) lo = mid + 1; else hi = mid; }
    const r = sorted[lo - 1];
    return r && u16 < r.end ? r.context : fallback;
  };
}

// ---------------------------------------------------------------------------------------------
// Suggestions: capitalised words that may be names not yet in the map.

/**
 * Frequent Dutch words that are capitalised in running text without being personal data (places,
 * languages, institutions of the field, feasts), plus function words that start sentences after
 * quotes. Kept short on purpose: the map's `keep:` list silences anything else.
 */
export const COMMON_CAPITALISED = new Set([
  'vlaanderen', 'belgie', 'brussel', 'wallonie', 'nederland', 'europa', 'vlaams', 'vlaamse', 'nederlands', 'nederlandse',
  'frans', 'franse', 'engels', 'engelse', 'duits', 'turks', 'arabisch', 'marokkaans', 'pools', 'roemeens',
  'kind', 'gezin', 'agentschap', 'opgroeien', 'vdab', 'cvo', 'syntra', 'memoq', 'kdg', 'artevelde', 'hogeschool',
  'ugent', 'cego', 'mentes', 'covid', 'corona', 'pasen', 'kerstmis', 'kerst', 'sinterklaas', 'ramadan',
  'god', 'excel', 'word', 'teams', 'zoom', 'whatsapp', 'facebook', 'google', 'u', 'ok', 'oke', 'oké',
  'de', 'het', 'een', 'en', 'maar', 'dus', 'ja', 'nee', 'neen', 'want', 'als', 'dan', 'toen', 'wij', 'we', 'ik',
  'jij', 'je', 'zij', 'ze', 'hij', 'dat', 'dit', 'die', 'deze', 'er', 'wat', 'hoe', 'waarom', 'wie', 'waar', 'ook',
  'niet', 'soms', 'goed', 'echt', 'bijvoorbeeld', 'eigenlijk', 'natuurlijk', 'misschien', 'inderdaad',
]);

export interface Suggestion { word: string; offset: number }

/**
 * Capitalised words that are not at a sentence start, not a role word, not a common capitalised
 * word, not a word of a pseudonym and not inside a code tag or a protected range. A word with a digit
 * or in all capitals (`KO3`, `VDAB`) is a code or acronym, not suggested.
 */
export function suggestNames(text: string, isNotName: (folded: string) => boolean, skip: (u16: number) => boolean = () => false): Suggestion[] {
  const out: Suggestion[] = [];
  const re = /(?<![\p{L}\p{M}\p{N}#@/\\_-])\p{Lu}[\p{Ll}\p{M}]+(?:[-'’]\p{L}[\p{L}\p{M}]*)?(?![\p{L}\p{N}_])/gu;
  for (let r = re.exec(text); r; r = re.exec(text)) {
    if (skip(r.index)) continue;
    const word = r[0].replace(/['’]s$/, '');
    if (isNotName(fold(word)) || isSentenceStart(text, r.index)) continue;
    out.push({ word, offset: r.index });
  }
  return out;
}

/** Start of a line (after a timestamp, list marker, quote or `**`), or after `.!?:;…` and white space. */
function isSentenceStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[ \t"“„«'‘(\[*>#-]/.test(text[i])) i--;
  if (i < 0 || text[i] === '\n' || text[i] === '\r') return true;
  if (/[.!?:;…]/.test(text[i])) return true;
  // `[00:12:31] Sofie` — after a timestamp at a line start.
  if (text[i] === ']' || text[i] === ')') {
    const lineStart = text.lastIndexOf('\n', i) + 1;
    return /^\s*[[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]\s*$/.test(text.slice(lineStart, at));
  }
  return false;
}
