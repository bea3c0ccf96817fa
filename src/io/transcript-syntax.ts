/**
 * The pieces of the native transcript syntax (DESIGN.md §4) that every transcript reader shares:
 * what a speaker label looks like, where a `#code` tag ends, white space as the readers see it.
 * transcript.ts applies them to plain text; subtitles.ts (cue text) and wordproc-document.ts
 * (Word and LibreOffice paragraphs) use the same ones, so a label or a tag means the same in every
 * format.
 */

export const LETTER = /\p{L}/u;
export const TAG_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** A speaker label: a letter, then up to 39 letters, marks, digits, spaces, `.`, `'`, `’` or `-`. */
export const LABEL_BODY = String.raw`\p{L}[\p{L}\p{M}\p{N} .'’\-]{0,39}`;
/** `Label:` at the sticky position, not followed by `//` (a URL) or a digit (a time). */
export const LABEL_RE = new RegExp(String.raw`[ \t]*(${LABEL_BODY}):(?!\/\/|\d)`, 'uy');
export const SEPARATOR_RE = /^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$/;
const UPPER_START = /^\p{Lu}/u;
const WHITE_SPLIT = /\s+/;

/** Words that make a short `X:` phrase a sentence rather than a label (`Ze zei:`, `Het punt is:`). */
const SENTENCE_WORDS = new Set([
  'ik', 'je', 'jij', 'u', 'hij', 'zij', 'ze', 'we', 'wij', 'jullie', 'men', 'het', 'een', 'dat', 'dit',
  'die', 'deze', 'er', 'is', 'zijn', 'was', 'waren', 'wordt', 'werd', 'worden', 'heeft', 'hebben', 'had',
  'hadden', 'zei', 'zegt', 'zeggen', 'vraagt', 'vroeg', 'antwoordt', 'gaat', 'ging', 'kan', 'kon',
  'moet', 'moest', 'wil', 'wilde', 'zal', 'zou', 'en', 'maar', 'want', 'of', 'om', 'met', 'naar', 'bij',
  'op', 'in', 'aan', 'als', 'wat', 'hoe', 'waarom', 'wie', 'niet', 'geen', 'ook', 'nog', 'al', 'zo',
  'dan', 'toen', 'hier', 'daar', 'namelijk', 'bijvoorbeeld', 'volgt', 'zoals', 'mijn', 'ons', 'onze',
]);

export function isWs(c: number): boolean {
  if (c > 32 && c < 160) return false; // the common case, decided in one comparison pair
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Code points in s[from, to): code units minus the low halves of surrogate pairs. */
export function cpCount(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from + 1; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** `.,;:!?/`: may end a sentence after a tag, never ends a tag. */
export function isTrailing(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 47;
}

/**
 * End of the tag name that starts at `from` (just after `#`), or `from` when there is none: a letter,
 * then letters, marks, digits and `-_./:`. Hand-written because this runs for every `#` of a corpus;
 * ASCII is decided by char code, other characters by Unicode property (whole code points).
 */
export function tagNameEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) i++;
    else if (i > from && ((c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46 || c === 47 || c === 58)) i++;
    else if (c >= 128) {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (!(i === from ? LETTER : TAG_CHAR).test(ch)) break;
      i += ch.length;
    } else break;
  }
  return i;
}

/** The end of s[0, to) without trailing white space. */
export function endTrimmed(s: string, to: number): number {
  let j = to;
  while (j > 0 && isWs(s.charCodeAt(j - 1))) j--;
  return j;
}

/** Words in a label (runs of non-white space). */
export function wordCount(label: string): number {
  let n = 1;
  for (let i = 1; i < label.length; i++) if (isWs(label.charCodeAt(i)) && !isWs(label.charCodeAt(i - 1))) n++;
  return n;
}

/**
 * Whether an `X:` that no rule accepts as a speaker is worth an `unknown-speaker-label` warning: it
 * starts with a capital, has at most 3 words, and none is a common Dutch function word or verb.
 */
export function looksLikeLabel(label: string): boolean {
  if (!UPPER_START.test(label)) return false;
  if (wordCount(label) > 3) return false;
  const words = label.split(WHITE_SPLIT);
  for (const w of words) if (SENTENCE_WORDS.has(w.toLowerCase())) return false;
  return true;
}
