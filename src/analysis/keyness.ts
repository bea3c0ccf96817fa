/**
 * Keyness: which words one group of speakers or documents uses more (or less) than the rest.
 *
 * For a word with frequency a in the group and b in the rest, and group and rest sizes c and d
 * (running word tokens, stopwords included), the 2×2 table is
 *
 *                 group     rest
 *     the word      a         b
 *     other words  c − a     d − b
 *
 * and the log-likelihood statistic (Dunning 1993) is G² = 2 Σ O ln(O / E) over its four cells, with
 * E = row total × column total / N and 0 · ln 0 = 0. Rayson & Garside (2000) use the two cells of the
 * word's row, G² ≈ 2 (a ln(a/E₁) + b ln(b/E₂)) with E₁ = c(a+b)/(c+d), E₂ = d(a+b)/(c+d); the two
 * agree closely while a word is a small share of both corpora, and the full table is the exact
 * likelihood-ratio test, so hefboom uses it. p is the upper tail of χ²(1) at G² (G² ≥ 3.84 ↔
 * p < .05, ≥ 6.63 ↔ p < .01, ≥ 10.83 ↔ p < .001).
 *
 * The effect size is Hardie's (2014) log ratio, log₂((a/c) / (b/d)): +1 means twice as frequent in
 * the group, −1 half as frequent. A zero frequency is replaced by 0.5 so the ratio stays finite.
 *
 * Sources: T. Dunning (1993), "Accurate methods for the statistics of surprise and coincidence",
 * Computational Linguistics 19(1):61–74; P. Rayson & R. Garside (2000), "Comparing corpora using
 * frequency profiling", Workshop on Comparing Corpora, ACL 2000, 1–6; A. Hardie (2014), "Log Ratio — an
 * informal introduction", CASS, Lancaster University.
 */
import { chisqSf } from '../stats/distributions.js';
import { holm } from '../stats/p-adjust-holm.js';

export interface Keyness {
  /** Log-likelihood G² (≥ 0). */
  g2: number;
  /** Upper tail of χ²(1) at G². */
  p: number;
  /** `over`: relatively more frequent in the group than in the rest; `under`: less; `equal`. */
  use: 'over' | 'under' | 'equal';
  /** log₂ of the ratio of relative frequencies (group / rest), zeros as 0.5. */
  logRatio: number;
}

const xlnx = (o: number, e: number): number => (o > 0 ? o * Math.log(o / e) : 0);

/**
 * G² of a word with frequency a in a group of c tokens and b in the rest of d tokens.
 * @throws RangeError when a count is negative, a > c, b > d, or a group is empty.
 */
export function logLikelihood(a: number, b: number, c: number, d: number): number {
  if (!(a >= 0 && b >= 0 && a <= c && b <= d && c > 0 && d > 0)) throw new RangeError(`keyness needs 0 ≤ a ≤ c, 0 ≤ b ≤ d, c, d > 0 (got a=${a}, b=${b}, c=${c}, d=${d})`);
  const n = c + d;
  const word = a + b;
  const other = n - word;
  const g = 2 * (
    xlnx(a, (word * c) / n) + xlnx(b, (word * d) / n) +
    xlnx(c - a, (other * c) / n) + xlnx(d - b, (other * d) / n)
  );
  // Rounding can leave a tiny negative value when the frequencies are exactly proportional.
  return Math.max(0, g);
}

export function logRatio(a: number, b: number, c: number, d: number): number {
  return Math.log2(((a || 0.5) / c) / ((b || 0.5) / d));
}

export function keyness(a: number, b: number, c: number, d: number): Keyness {
  const g2 = logLikelihood(a, b, c, d);
  const diff = a / c - b / d;
  return { g2, p: chisqSf(g2, 1), use: diff > 0 ? 'over' : diff < 0 ? 'under' : 'equal', logRatio: logRatio(a, b, c, d) };
}

export interface GroupFrequencies {
  id: string;
  /** Running word tokens of the group (the corpus size c). */
  tokens: number;
  /** Word key → frequency in the group. */
  counts: ReadonlyMap<string, number>;
}

export interface KeywordRow extends Keyness {
  word: string;
  /** Frequency in the group and in the rest. */
  n: number;
  nRest: number;
  /** Holm-adjusted p over all words tested for this group. */
  pHolm: number;
}

export interface KeywordGroup {
  id: string;
  tokens: number;
  restTokens: number;
  /** How many words were tested (total frequency ≥ minCount); the m of the Holm adjustment. */
  tested: number;
  rows: KeywordRow[];
}

export interface KeywordOptions {
  /** Test only words with at least this total frequency over all groups. */
  minCount: number;
  /** Keep the N rows with the largest G² per group (0 = all). */
  top: number;
  direction: 'over' | 'under' | 'both';
}

/**
 * Every group against the rest of the selection. Rows are sorted by G² (largest first; ties by word),
 * filtered by direction, cut at `top`. Groups without tokens, or when no rest exists, have no rows.
 */
export function keywordsByGroup(groups: readonly GroupFrequencies[], opts: KeywordOptions): KeywordGroup[] {
  const total = new Map<string, number>();
  let allTokens = 0;
  for (const g of groups) {
    allTokens += g.tokens;
    for (const [w, n] of g.counts) total.set(w, (total.get(w) ?? 0) + n);
  }
  const tested = [...total].filter(([, n]) => n >= opts.minCount).map(([w]) => w);
  return groups.map((g) => {
    const restTokens = allTokens - g.tokens;
    if (g.tokens === 0 || restTokens === 0 || tested.length === 0) return { id: g.id, tokens: g.tokens, restTokens, tested: 0, rows: [] };
    const rows = tested.map((word) => {
      const n = g.counts.get(word) ?? 0;
      const nRest = total.get(word)! - n;
      return { word, n, nRest, ...keyness(n, nRest, g.tokens, restTokens), pHolm: 1 };
    });
    const adjusted = holm(rows.map((r) => r.p)).adjusted;
    rows.forEach((r, i) => { r.pHolm = adjusted[i]; });
    const kept = rows
      .filter((r) => (opts.direction === 'both' ? r.use !== 'equal' : r.use === opts.direction))
      .sort((x, y) => y.g2 - x.g2 || x.word.localeCompare(y.word, 'nl') || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
    return { id: g.id, tokens: g.tokens, restTokens, tested: rows.length, rows: opts.top > 0 ? kept.slice(0, opts.top) : kept };
  });
}
