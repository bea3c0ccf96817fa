/**
 * The Dutch stopword list of `hefboom words`, and reading users' extra stopword files.
 *
 * Written for transcribed speech in Flemish childcare, not taken from a general list: the common
 * Snowball/NLTK Dutch list drops content words that matter here (`doen`, `altijd`, `veel`) and misses
 * spoken forms (`euh`, `ge`, `da`, `'t`). Stopwords are matched on the accent-folded lower-case form,
 * so `Één` is dropped with `een` and a user's `coordinator` also drops `coördinator`.
 *
 * Borderline choices:
 * - `niet` and `geen` are stopwords: they top every frequency list and say nothing alone; read
 *   negation with `hefboom kwic niet`. `nooit`, `altijd`, `veel`, `weinig` stay counted: in these
 *   transcripts they carry the claim ("we hebben daar nooit een visie over").
 * - `ja`, `nee`, `neen`, `oké`, `allez`, `awel`, `enfin` are dropped: in transcripts they are almost
 *   always back-channels and turn openers, not answers with content.
 * - `gaan` is an auxiliary (future and aspect: "we gaan dat bekijken"), so its forms are dropped;
 *   `doen`, `komen`, `zeggen`, `maken`, `leren` stay: "leren door te doen" is the subject itself.
 * - `gewoon` and `eigenlijk` are discourse particles in spoken Flemish ("ik zeg het gewoon niet") and
 *   dropped; `echt`, `goed`, `beetje` stay (they qualify, and are often the point).
 * - `heel` and `zeer` (intensifiers) are dropped; `erg` stays (it also means "bad").
 * - Flemish pronouns and spoken forms (`ge`, `gij`, `zijt`, `da`, `wa`, `nie`, `'k`, `'t`, `z'n`,
 *   `m'n`, `zo'n`) are dropped like their standard forms.
 * - Single letters are always dropped (abbreviations split into letters: `o.a.`, `bv.`); that rule
 *   lives in `isStopword`, not in the list.
 * - Numerals (`twee`, `drie`) and `mensen`, `dingen` stay: they are content, if weak content.
 */
import type { InputIssue } from '../model/types.js';
import { foldAccents, normaliseWord } from './tokenise.js';

const LIST = `
  de het een den der des 's 't 'n 'ne 'nen
  ik mij me mijn mijne m'n 'k jij je jou jouw u uw ge gij zijt hij hem 'm zijn z'n zij ze haar 'r d'r
  wij we ons onze jullie hun hen zich zichzelf mezelf jezelf onszelf men
  die dat deze dit wie wat welk welke zo'n zulke zulk da wa
  iets niets iemand niemand alles iedereen elk elke ieder iedere alle allemaal sommige enkele ander andere
  zelf er daar hier waar waarin waarop waarmee waarvan daarin daarop daarmee daarvan daarom daarna hierin
  ben bent is was waren geweest wezen heb hebt heeft hebben had hadden gehad
  word wordt worden werd werden geworden zal zult zullen zou zouden
  kan kunt kunnen kon konden gekund moet moeten moest moesten gemoeten mag mogen mocht mochten
  wil wilt willen wou wilde wilden gewild ga gaat gaan ging gingen gegaan
  aan achter af bij binnen boven buiten door heen in langs mee met na naar naast om onder op over per
  rond sinds te tegen toe tot tussen uit van vanaf via voor vanuit volgens zonder tijdens
  en of maar want dus omdat als dan toen terwijl zodat hoewel noch zowel ofwel doordat zodra voordat
  nadat totdat tenzij indien alsof
  niet nie ni geen wel ook nog al zo nu toch even eens 'ns hoe heel zeer
  gewoon eigenlijk
  eh euh uh ehm euhm uhm hm hmm mm mhm ah oh och ai tja goh nou bon ok oké okay
  ja jaja nee neen allez awel enfin hè he hé
`;

/** The built-in list: normalised and accent-folded, as matched. */
export const STOPWORDS_NL: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean).map(stopwordKey));

/** The key a stopword is matched by: lower case, apostrophes unified, accents removed. */
export function stopwordKey(word: string): string {
  return foldAccents(normaliseWord(word));
}

/** Single letters carry no word of their own (split abbreviations), whatever the list says. */
export function isStopword(list: ReadonlySet<string>, folded: string): boolean {
  return [...folded].length === 1 || list.has(folded);
}

export interface StopwordFile {
  /** Words to drop in addition to the list. */
  add: string[];
  /** `!word` lines: words of the built-in list to count after all. */
  keep: string[];
  issues: InputIssue[];
}

/**
 * An extra stopword file: one word per line; `#` starts a comment (whole line or after the word);
 * blank lines are skipped; `!word` takes a word off the built-in list. A line with two words is an
 * error, since a stopword is one token (phrases never match a single word).
 */
export function parseStopwordFile(text: string, file: string): StopwordFile {
  const out: StopwordFile = { add: [], keep: [], issues: [] };
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const keep = line.startsWith('!');
    const word = keep ? line.slice(1).trim() : line;
    if (!word || /\s/.test(word)) {
      out.issues.push({
        severity: 'error', file, line: i + 1, code: 'bad-stopword',
        message: word ? `"${word}" is more than one word; a stopword is a single word` : 'a `!` line needs a word after it',
        hint: word ? 'put each word on a line of its own' : 'write e.g. `!ja` to count "ja" after all',
      });
      return;
    }
    (keep ? out.keep : out.add).push(stopwordKey(word));
  });
  return out;
}

/** The built-in list with a file's additions and `!` removals applied. */
export function combineStopwords(base: ReadonlySet<string>, files: StopwordFile[]): Set<string> {
  const out = new Set(base);
  for (const f of files) {
    for (const w of f.keep) out.delete(w);
    for (const w of f.add) out.add(w);
  }
  return out;
}
