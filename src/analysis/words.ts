/**
 * Word and stem frequencies over excerpts (`hefboom words`), and keyword in context (`hefboom kwic`).
 *
 * Counting is per document first (`wordsOfDocument`), then merged (`mergeWordTallies`), so a scan keeps
 * one vocabulary in memory, not the corpus. Units and denominators (README, DESIGN.md §9):
 * - `tokens`: running word tokens of the selected excerpts, stopwords included (numbers only with
 *   `numbers`); the denominator of "per 1,000 tokens" and the corpus size in keyness. A stopword list
 *   therefore never changes another word's relative frequency.
 * - `excerpts`: paragraphs that contain the word at least once; the denominator is every selected
 *   excerpt, including those without any counted word.
 * Speaker labels, timestamps and `#tags` are not part of excerpt text (the readers remove them), so
 * they are never counted.
 */
import { foldAccents, normaliseWord, stemWord, tokenise, type Token } from './tokenise.js';
import { isStopword } from './stopwords-nl.js';

import type { Document } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { selects, type Selection } from './select.js';
import { attributeOf } from './attributes.js';

export interface WordOptions {
  /** Accent-folded stopwords; null counts every word. */
  stopwords: ReadonlySet<string> | null;
  /** Count numbers (`2`, `2,5`) as words. */
  numbers: boolean;
  /** Group words by their Dutch Snowball stem. */
  stem: boolean;
}

export interface WordEntry {
  /** Occurrences. */
  n: number;
  /** Excerpts that contain it. */
  excerpts: number;
  /** Documents that contain it. */
  documents: number;
  /** Surface form (normalised, lower case) → occurrences; one form unless stemming. */
  forms: Map<string, number>;
}

export interface GroupTally {
  excerpts: number;
  tokens: number;
  counts: Map<string, number>;
}

export interface WordTally {
  documents: number;
  excerpts: number;
  /** Word tokens (the denominator), stopwords included. */
  tokens: number;
  /** Tokens dropped as stopwords, and numbers left out. */
  stopwords: number;
  numbers: number;
  /** Word key (form, or stem with `stem`) → counts. */
  words: Map<string, WordEntry>;
  /** Per value of `--by` (only when grouping). */
  groups: Map<string, GroupTally>;
}

export function emptyWordTally(): WordTally {
  return { documents: 0, excerpts: 0, tokens: 0, stopwords: 0, numbers: 0, words: new Map(), groups: new Map() };
}

/** Count the given excerpts of one document; `group` is the excerpt's `--by` value, if grouping. */
export function wordsOfDocument(excerpts: readonly { text: string; group?: string }[], opts: WordOptions): WordTally {
  const t = emptyWordTally();
  // A document counts when at least one of its excerpts is in the selection.
  t.documents = excerpts.length ? 1 : 0;
  for (const x of excerpts) {
    t.excerpts++;
    let group: GroupTally | undefined;
    if (x.group !== undefined) {
      group = t.groups.get(x.group);
      if (!group) { group = { excerpts: 0, tokens: 0, counts: new Map() }; t.groups.set(x.group, group); }
      group.excerpts++;
    }
    const seen = new Set<string>();
    for (const tok of tokenise(x.text)) {
      if (tok.kind === 'number' && !opts.numbers) { t.numbers++; continue; }
      t.tokens++;
      if (group) group.tokens++;
      if (opts.stopwords && tok.kind === 'word' && isStopword(opts.stopwords, tok.folded)) { t.stopwords++; continue; }
      const key = opts.stem ? stemWord(tok.norm) : tok.norm;
      let e = t.words.get(key);
      if (!e) { e = { n: 0, excerpts: 0, documents: 1, forms: new Map() }; t.words.set(key, e); }
      e.n++;
      e.forms.set(tok.norm, (e.forms.get(tok.norm) ?? 0) + 1);
      if (!seen.has(key)) { seen.add(key); e.excerpts++; }
      if (group) group.counts.set(key, (group.counts.get(key) ?? 0) + 1);
    }
  }
  return t;
}

/** Add `from` into `into` (documents, excerpts and every count are sums). */
export function mergeWordTallies(into: WordTally, from: WordTally): WordTally {
  into.documents += from.documents;
  into.excerpts += from.excerpts;
  into.tokens += from.tokens;
  into.stopwords += from.stopwords;
  into.numbers += from.numbers;
  for (const [k, e] of from.words) {
    const mine = into.words.get(k);
    if (!mine) { into.words.set(k, { ...e, forms: new Map(e.forms) }); continue; }
    mine.n += e.n;
    mine.excerpts += e.excerpts;
    mine.documents += e.documents;
    for (const [f, n] of e.forms) mine.forms.set(f, (mine.forms.get(f) ?? 0) + n);
  }
  for (const [id, g] of from.groups) {
    const mine = into.groups.get(id);
    if (!mine) { into.groups.set(id, { ...g, counts: new Map(g.counts) }); continue; }
    mine.excerpts += g.excerpts;
    mine.tokens += g.tokens;
    for (const [k, n] of g.counts) mine.counts.set(k, (mine.counts.get(k) ?? 0) + n);
  }
  return into;
}

/** Dutch alphabetical order, then code units, so equal-looking keys still sort deterministically. */
export function compareWords(a: string, b: string): number {
  return a.localeCompare(b, 'nl') || (a < b ? -1 : a > b ? 1 : 0);
}

/** Forms by frequency (most frequent first; ties alphabetical). The first one is shown for a stem. */
export function formsByFrequency(forms: ReadonlyMap<string, number>): { form: string; n: number }[] {
  return [...forms].map(([form, n]) => ({ form, n })).sort((x, y) => y.n - x.n || compareWords(x.form, y.form));
}

export interface RankedWord {
  rank: number;
  /** The counting key: the word, or the stem. */
  key: string;
  /** The most frequent surface form. */
  word: string;
  forms: { form: string; n: number }[];
  n: number;
  /** Occurrences per 1,000 tokens of the selection. */
  perThousand: number;
  excerpts: number;
  /** Share of the selected excerpts that contain it (0–100). */
  excerptPercent: number;
  documents: number;
}

/**
 * The frequency list: words with n ≥ minCount, by frequency (ties: in more excerpts first, then
 * alphabetically), the first `top` (0 = all). Tied frequencies share the rank of the first of them.
 */
export function rankWords(t: WordTally, opts: { minCount: number; top: number }): { rows: RankedWord[]; eligible: number } {
  const all = [...t.words]
    .filter(([, e]) => e.n >= opts.minCount)
    .map(([key, e]) => ({ key, e, forms: formsByFrequency(e.forms) }))
    .sort((x, y) => y.e.n - x.e.n || y.e.excerpts - x.e.excerpts || compareWords(x.forms[0].form, y.forms[0].form) || compareWords(x.key, y.key));
  const kept = opts.top > 0 ? all.slice(0, opts.top) : all;
  let rank = 0;
  const rows = kept.map((w, i) => {
    if (i === 0 || kept[i - 1].e.n !== w.e.n) rank = i + 1;
    return {
      rank,
      key: w.key,
      word: w.forms[0].form,
      forms: w.forms,
      n: w.e.n,
      perThousand: t.tokens ? (1000 * w.e.n) / t.tokens : 0,
      excerpts: w.e.excerpts,
      excerptPercent: t.excerpts ? (100 * w.e.excerpts) / t.excerpts : 0,
      documents: w.e.documents,
    };
  });
  return { rows, eligible: all.length };
}

// ---------------------------------------------------------------------------------------------
// Keyword in context

export interface KwicOptions {
  /** Compare stems instead of words (`begeleiding` finds `begeleidingen`). */
  stem: boolean;
  /** Match case and accents as written (default: ignore both). */
  exact: boolean;
}

/** A compiled search term: one matcher per word of the term (a phrase matches consecutive words). */
export interface KwicQuery {
  words: ((tok: Token) => boolean)[];
}

/**
 * Compile TERM: its words (split as the tokeniser splits text) must match consecutive tokens.
 * - default: case and accents ignored (`coordinator` finds `Coördinator`);
 * - `exact`: case and accents as written;
 * - `stem`: a word matches tokens with the same Dutch stem (the stemmer ignores case and accents);
 * - `*` in a word stands for any run of word characters (`begeleid*`, `*opvang`), never stemmed.
 * Returns null when TERM holds no word.
 */
export function compileKwicQuery(term: string, opts: KwicOptions): KwicQuery | null {
  // `*` is no word character: stand in a letter that never occurs in Dutch text, so the tokeniser
  // keeps a wildcard word whole, then turn it back into a pattern.
  const WILD = '\u02AC';
  const parts = tokenise(term.replace(/\*/g, WILD)).map((t) => t.text);
  if (!parts.length) return null;
  const words = parts.map((raw): ((tok: Token) => boolean) => {
    if (raw.includes(WILD)) {
      const pattern = raw.split(WILD).map((piece) => escapeRegExp(opts.exact ? exactForm(piece) : looseForm(piece))).join(String.raw`[\p{L}\p{M}\p{N}'\-]*`);
      const re = new RegExp(`^${pattern}$`, 'u');
      return (tok) => re.test(opts.exact ? exactForm(tok.text) : tok.folded);
    }
    if (opts.stem) {
      const target = stemWord(normaliseWord(raw));
      return (tok) => stemWord(tok.norm) === target;
    }
    const want = opts.exact ? exactForm(raw) : looseForm(raw);
    return (tok) => (opts.exact ? exactForm(tok.text) : tok.folded) === want;
  });
  return { words };
}

/** As written, in one Unicode form and with one apostrophe. */
const exactForm = (s: string) => s.normalize('NFC').replace(/[’‘]/g, "'").replace(/‐/g, '-');
/** Lower case, without accents: how text is compared by default. */
const looseForm = (s: string) => foldAccents(normaliseWord(s));

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KwicHit {
  /** Text before the match, within the excerpt, white space collapsed, at most `width` characters. */
  left: string;
  /** The matched words as written. */
  match: string;
  right: string;
  /** 0-based line offset of the match inside the excerpt (add to the excerpt's first line). */
  lineOffset: number;
  /** Whether the context was cut at `width` (shown with `…`). */
  cutLeft: boolean;
  cutRight: boolean;
}

/** Every match of the query in one excerpt's text, with `width` characters of context each side. */
export function kwicHits(text: string, q: KwicQuery, width: number): KwicHit[] {
  const toks = tokenise(text);
  const hits: KwicHit[] = [];
  const n = q.words.length;
  for (let i = 0; i + n <= toks.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = q.words[k](toks[i + k]);
    if (!ok) continue;
    const start = toks[i].start;
    const end = toks[i + n - 1].end;
    const before = oneLine(text.slice(0, start)).trim();
    const after = oneLine(text.slice(end)).trim();
    const leftChars = [...before];
    const rightChars = [...after];
    hits.push({
      left: leftChars.slice(Math.max(0, leftChars.length - width)).join(''),
      match: oneLine(text.slice(start, end)),
      right: rightChars.slice(0, width).join(''),
      lineOffset: (text.slice(0, start).match(/\r\n|\r|\n/g) ?? []).length,
      cutLeft: leftChars.length > width,
      cutRight: rightChars.length > width,
    });
    i += n - 1; // phrases do not overlap themselves
  }
  return hits;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

/** What `words` scans for: the selection, the optional grouping attribute and the word options. */
export interface WordsSpec {
  selection: Selection;
  by?: string;
  options: WordOptions;
}

/**
 * One document's words over its selected excerpts, with the attribute keys its excerpts carry (to
 * name the valid `--by` values when the one asked for does not exist). Plain data, so it can run in a
 * worker thread.
 */
export function wordsOfSelectedDocument(doc: Document, spec: WordsSpec, index: CodeIndex): { tally: WordTally; attributes: string[] } {
  const picked = doc.excerpts.filter((x) => selects(x, doc, spec.selection, index));
  const keys = new Set<string>();
  if (spec.by) for (const x of picked) for (const [k, v] of Object.entries(x.attributes)) if (v !== '') keys.add(k);
  return {
    tally: wordsOfDocument(picked.map((x) => ({ text: x.text, group: spec.by ? attributeOf(x, doc, spec.by) : undefined })), spec.options),
    attributes: [...keys],
  };
}
