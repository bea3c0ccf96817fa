/**
 * Splitting excerpt text into word tokens for `words` and `kwic`, and the Dutch Snowball stem.
 *
 * Rules (documented in the README, tested in tokenise.test.ts):
 * - A word is a run of letters and digits (`\p{L}`, `\p{N}`) with their combining marks (`\p{M}`), so
 *   `ideeën`, `coördinator` and decomposed accents stay one word. Accents are kept: `één` and `een`
 *   are different words (matching in `kwic` ignores accents unless asked).
 * - Inside a word, an apostrophe (`'` or `’`) or a hyphen (`-`, `‐`) between two letters or digits
 *   joins: `zo'n`, `foto's`, `z'n`, `zij-instromer`, `kinder-begeleider`, `covid-19` are one word each.
 *   Dutch writes compounds and plural `'s` that way, and splitting them would create fake words
 *   (`zij`, `n`, `s`). A hyphen at a word's edge (`kinder- en jeugdzorg`) is dropped.
 * - A leading apostrophe joins only the elided forms of spoken Dutch and Flemish: `'s` (`'s morgens`),
 *   `'t`, `'k`, `'n`, `'m`, `'r`, `'ns`, `'ne`, `'nen`. Elsewhere `'` is a quotation mark and dropped.
 * - Digits with `.` or `,` between them are one number (`2,5`, `1.000`). A token without any letter is
 *   a number (`kind: 'number'`); `L3`, `2de` and `covid-19` are words.
 * - Everything else (punctuation, emoji, symbols, white space) separates words and is not a token.
 *
 * Offsets are JavaScript string indices (UTF-16) into the text given, for slicing in `kwic`.
 */
import { createRequire } from 'node:module';

export interface Token {
  /** As written in the text. */
  text: string;
  /** UTF-16 offsets into the text (end exclusive). */
  start: number;
  end: number;
  /** Lower case, NFC, typographic apostrophes and hyphens as `'` and `-`: the key words are counted by. */
  norm: string;
  /** `norm` without accents (diacritics removed): for accent-insensitive matching. */
  folded: string;
  kind: 'word' | 'number';
}

const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
const SEGMENT = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N}]*`;
const JOINER = String.raw`(?:['’\-‐]|(?<=\p{N})[.,](?=\p{N}))`;
const ELIDED = String.raw`(?<!${WORD_CHAR})['’‘](?:nen|ne|ns|s|t|k|n|m|r)(?!${WORD_CHAR})`;
const TOKEN = new RegExp(`${ELIDED}|${SEGMENT}(?:${JOINER}${SEGMENT})*`, 'giu');
const HAS_LETTER = /\p{L}/u;

/** Lower case, NFC, apostrophes and hyphens unified: the form words are counted and compared by. */
export function normaliseWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/[’‘]/g, "'").replace(/‐/g, '-');
}

/** A normalised word without diacritics (`coördinator` → `coordinator`). */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Forms of a word as written; Unicode normalisation is the costly part of tokenising a large corpus. */
interface Forms { norm: string; folded: string; kind: Token['kind'] }
const formsCache = new Map<string, Forms>();
const FORMS_CACHE_LIMIT = 200_000;

function formsOf(word: string): Forms {
  let f = formsCache.get(word);
  if (!f) {
    const norm = normaliseWord(word);
    f = { norm, folded: foldAccents(norm), kind: HAS_LETTER.test(word) ? 'word' : 'number' };
    // A vocabulary is bounded in practice; the limit only guards against pathological input.
    if (formsCache.size >= FORMS_CACHE_LIMIT) formsCache.clear();
    formsCache.set(word, f);
  }
  return f;
}

export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const f = formsOf(m[0]);
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, norm: f.norm, folded: f.folded, kind: f.kind });
  }
  return out;
}

/**
 * natural's Dutch Snowball stemmer, loaded alone by its file path: the package's main entry loads
 * dotenv (which prints to stdout and reads `.env`), and this file has no type declarations.
 */
const dutchStemmer = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer_nl.js') as { stem(word: string): string };

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/**
 * The Dutch Snowball stem of a normalised word (`begeleidingen` → `begeleid`). The stemmer drops
 * diaeresis and acute accents itself (`ideeën` → `ideeen`); `'s` is removed first (`foto's` → `foto`).
 * Numbers are their own stem.
 */
export function stemWord(norm: string): string {
  let s = stemCache.get(norm);
  if (s === undefined) {
    // Plural and genitive `'s` (`foto's`, `mama's`) is an ending the Snowball rules do not know.
    const base = /\p{L}'s$/u.test(norm) ? norm.slice(0, -2) : norm;
    s = HAS_LETTER.test(base) ? dutchStemmer.stem(base) : base;
    // A vocabulary is bounded in practice; the limit only guards against pathological input.
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(norm, s);
  }
  return s;
}
