/**
 * Quotes: excerpts that match a selection, with provenance, and the `--best N` exemplar rule.
 *
 * The rule (documented in the README): every candidate gets a score
 *   + 3   when all its codings at the target's level point to the target (a "clean" example),
 *   − 1   for each other framework node or code it also carries (at most −3),
 *   + 2   when its length is 12–60 words, + 1 when 6–11 or 61–100 words, 0 otherwise,
 * and candidates are picked greedily, highest score first, where each pick lowers the score of the
 * remaining candidates by 3 if they share its speaker, 2 if they share its document and 1 if they
 * share its site — so the exemplars spread across speakers and sites. Ties go to the earlier document
 * and paragraph, so the choice is deterministic.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { matchingCodings, type Selection } from './select.js';
import { speakerKey } from './attributes.js';

export interface QuoteCandidate {
  excerpt: Excerpt;
  document: Pick<Document, 'id' | 'path' | 'coder' | 'format'>;
  /** Codes and framework nodes it carries (for display). */
  codes: string[];
  /** Filled by pickBest. */
  score?: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letter or digit (Unicode classes L and N), with an ASCII fast path. */
function isWordChar(code: number, text: string, at: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

/**
 * Words in a text: runs of letters and digits, where a single apostrophe or hyphen between two such
 * runs joins them (`kinderbegeleider-in`, `da's` are one word each), as the regular expression
 * `[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*` would match them. Counting stops once it passes `limit`:
 * the exemplar score only needs to know whether a quote is over 100 words.
 */
export function wordCount(text: string, limit = Infinity): number {
  let words = 0;
  let inWord = false;
  let afterJoiner = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWordChar(code, text, i)) {
      if (!inWord && !afterJoiner) { if (++words > limit) return words; }
      inWord = true;
      afterJoiner = false;
    } else {
      // A joiner continues the word only when a letter or digit follows it directly.
      afterJoiner = inWord && (code === 39 || code === 0x2019 || code === 45);
      inWord = false;
    }
    if (code >= 0xd800 && code <= 0xdbff) i++; // the low half of a surrogate pair
  }
  return words;
}

/** The length part of an exemplar's score: + 2 for 12–60 words, + 1 for 6–11 or 61–100, else 0. */
export function lengthScore(text: string): number {
  const w = wordCount(text, 100);
  if (w >= 12 && w <= 60) return 2;
  return (w >= 6 && w <= 11) || (w >= 61 && w <= 100) ? 1 : 0;
}

/** The intrinsic part of the score (before spreading). */
export function baseScore(c: QuoteCandidate, s: Selection, index: CodeIndex): number {
  let score = 0;
  const targeted = s.codes?.length || s.nodes?.length;
  if (targeted) {
    const matching = matchingCodings(c.excerpt, s, index).length;
    const others = otherTargets(c.excerpt, s, index);
    if (matching > 0 && others === 0) score += 3;
    score -= Math.min(3, others);
  }
  return score + lengthScore(c.excerpt.text);
}

/** How many other nodes (at the target's level) the excerpt carries besides the target. */
function otherTargets(x: Excerpt, s: Selection, index: CodeIndex): number {
  const others = new Set<string>();
  for (const n of s.nodes ?? []) {
    for (const c of x.codings) for (const node of index.nodesFor(c.codeId, n.framework)) if (node !== n.node && !n.node.startsWith(`${node}.`)) others.add(`${n.framework}:${node}`);
  }
  if (s.codes?.length) {
    const wanted = new Set(s.codes);
    for (const c of x.codings) {
      const chain = index.codesFor(c.codeId).length ? index.codesFor(c.codeId) : [c.codeId];
      if (!chain.some((id) => wanted.has(id)) && !c.codeId.startsWith('fw:')) others.add(chain[chain.length - 1]);
    }
  }
  return others.size;
}

/** Greedy spread-aware choice of `n` exemplars. */
export function pickBest(cands: QuoteCandidate[], n: number, s: Selection, index: CodeIndex): QuoteCandidate[] {
  // The speaker, document and site of each candidate are looked up once, not once per round.
  const pool = cands.map((c, i) => ({ c, i, score: baseScore(c, s, index), speaker: speakerKey(c.excerpt, c.document), site: c.excerpt.attributes.site ?? '' }));
  const picked: QuoteCandidate[] = [];
  const speakers = new Map<string, number>();
  const docs = new Map<string, number>();
  const sites = new Map<string, number>();
  while (picked.length < n && pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (let k = 0; k < pool.length; k++) {
      const { c, score, speaker, site } = pool[k];
      const adj = score
        - 3 * (speakers.get(speaker) ?? 0)
        - 2 * (docs.get(c.document.id) ?? 0)
        - 1 * (sites.get(site) ?? 0);
      if (adj > bestScore) { bestScore = adj; best = k; }
    }
    const [chosen] = pool.splice(best, 1);
    chosen.c.score = bestScore;
    picked.push(chosen.c);
    speakers.set(chosen.speaker, (speakers.get(chosen.speaker) ?? 0) + 1);
    docs.set(chosen.c.document.id, (docs.get(chosen.c.document.id) ?? 0) + 1);
    const site = chosen.c.excerpt.attributes.site;
    if (site) sites.set(site, (sites.get(site) ?? 0) + 1);
  }
  return picked;
}

/** `file:line` (and `@hh:mm:ss` when the excerpt has a time). */
export function provenance(x: Excerpt, doc: Pick<Document, 'path'>): string {
  const t = x.time ? `@${formatTime(x.time.start)}` : '';
  return `${doc.path}:${x.line}${t}`;
}

export function formatTime(seconds: number): string {
  const s = Math.floor(seconds);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}
