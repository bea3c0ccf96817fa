/**
 * Keyword autocoding: the codebook's `keywords` turned into matchers, run over excerpt text, and the
 * suggestions compared with human coding (precision, recall, F1 and Cohen's κ per code), so users see
 * which dictionaries can be trusted before they use them.
 *
 * Keyword syntax (documented in the README):
 * - `begeleiding` — a word, matched by its Dutch Snowball stem (`begeleidingen` too), ignoring case
 *   and accents;
 * - `=begeleiding` — that exact word form only (case and accents still ignored);
 * - `begeleid*` — every word starting with it;
 * - `later zeggen` — a phrase: consecutive words, each by stem;
 * - `/niet (durven|durf) (te )?zeggen/` — a regular expression on the excerpt text (flags after the
 *   last `/`; matching is always case-insensitive and Unicode-aware).
 */
import { foldAccents, normaliseWord, stemWord, tokenise, type Token } from './tokenise.js';

export type KeywordKind = 'stem' | 'exact' | 'prefix' | 'phrase' | 'regex';

export interface KeywordRule {
  codeId: string;
  /** As written in the codebook. */
  keyword: string;
  kind: KeywordKind;
  /** stem/exact/prefix: one key; phrase: one stem per word. */
  keys: string[];
  regex?: RegExp;
}

export interface KeywordError {
  codeId: string;
  keyword: string;
  message: string;
}

const key = (word: string) => foldAccents(normaliseWord(word));

/** A keyword as a rule, or an error naming the code and the pattern. */
export function parseKeyword(codeId: string, keyword: string): KeywordRule | KeywordError {
  const k = keyword.trim();
  if (!k) return { codeId, keyword, message: 'empty keyword' };
  const re = /^\/(.+)\/([a-z]*)$/s.exec(k);
  if (re) {
    const flags = [...new Set(`${re[2]}iu`.replace(/[gy]/g, ''))].join('');
    try {
      return { codeId, keyword, kind: 'regex', keys: [], regex: new RegExp(re[1], flags) };
    } catch (e) {
      return { codeId, keyword, message: `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}` };
    }
  }
  const words = tokenise(k.replace(/^=/, '').replace(/\*$/, '')).filter((t) => t.kind === 'word' || t.kind === 'number');
  if (!words.length) return { codeId, keyword, message: 'holds no word (letters or digits)' };
  if (words.length > 1) return { codeId, keyword, kind: 'phrase', keys: words.map((t) => stemWord(t.norm)).map(key) };
  if (k.startsWith('=')) return { codeId, keyword, kind: 'exact', keys: [key(words[0].norm)] };
  if (k.endsWith('*')) return { codeId, keyword, kind: 'prefix', keys: [key(words[0].norm)] };
  return { codeId, keyword, kind: 'stem', keys: [key(stemWord(words[0].norm))] };
}

export const isKeywordError = (r: KeywordRule | KeywordError): r is KeywordError => 'message' in r;

/** Codes suggested for one excerpt text, each with the first keyword that matched. */
export function suggestCodes(text: string, rules: readonly KeywordRule[]): Map<string, string> {
  const out = new Map<string, string>();
  let tokens: { exact: string; stem: string }[] | undefined;
  const toks = () => (tokens ??= tokenise(text).filter((t: Token) => t.kind === 'word' || t.kind === 'number').map((t) => ({ exact: key(t.norm), stem: key(stemWord(t.norm)) })));
  for (const r of rules) {
    if (out.has(r.codeId)) continue;
    if (matches(r, text, toks)) out.set(r.codeId, r.keyword);
  }
  return out;
}

function matches(r: KeywordRule, text: string, toks: () => { exact: string; stem: string }[]): boolean {
  switch (r.kind) {
    case 'regex': return r.regex!.test(text);
    case 'exact': return toks().some((t) => t.exact === r.keys[0]);
    case 'prefix': return toks().some((t) => t.exact.startsWith(r.keys[0]));
    case 'stem': return toks().some((t) => t.stem === r.keys[0]);
    case 'phrase': {
      const ts = toks();
      outer: for (let i = 0; i + r.keys.length <= ts.length; i++) {
        for (let j = 0; j < r.keys.length; j++) if (ts[i + j].stem !== r.keys[j]) continue outer;
        return true;
      }
      return false;
    }
  }
}

/** Confusion counts of suggestions against human coding for one code, over excerpts. */
export interface CodeEvaluation {
  codeId: string;
  /** Both human and autocode. */
  tp: number;
  /** Autocode only. */
  fp: number;
  /** Human only. */
  fn: number;
  /** Neither. */
  tn: number;
}

export function emptyEvaluation(codeId: string): CodeEvaluation {
  return { codeId, tp: 0, fp: 0, fn: 0, tn: 0 };
}

export function addDecision(e: CodeEvaluation, human: boolean, suggested: boolean): void {
  if (human && suggested) e.tp++;
  else if (suggested) e.fp++;
  else if (human) e.fn++;
  else e.tn++;
}

/** Precision tp/(tp+fp), recall tp/(tp+fn), F1 their harmonic mean; null where undefined (0/0). */
export function precisionRecall(e: Pick<CodeEvaluation, 'tp' | 'fp' | 'fn'>): { precision: number | null; recall: number | null; f1: number | null } {
  const precision = e.tp + e.fp ? e.tp / (e.tp + e.fp) : null;
  const recall = e.tp + e.fn ? e.tp / (e.tp + e.fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision === 0 || recall === 0 ? 0 : null;
  return { precision, recall, f1 };
}
